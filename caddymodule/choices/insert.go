package choices

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// consentModeSignals maps our purposes to Google Consent Mode v2 signals.
var consentModeSignals = []struct {
	signal  string
	purpose purpose.Purpose
}{
	{"ad_storage", purpose.Retargeting},
	{"ad_user_data", purpose.Retargeting},
	{"ad_personalization", purpose.Retargeting},
	{"analytics_storage", purpose.Analytics},
	{"functionality_storage", purpose.Functional},
	{"personalization_storage", purpose.Functional},
}

// clientConfig is what the inserted block hands to consent.js as
// window.privacyChoicesConfig.
type clientConfig struct {
	API    string   `json:"api"`
	Page   string   `json:"page"`
	Nonce  string   `json:"nonce"`
	State  apiState `json:"state"`
	Banner bool     `json:"banner"`
	// Sensitive tells the client never to activate held tags on this page
	// (a sensitive path), whatever the visitor grants.
	Sensitive bool `json:"sensitive,omitempty"`
	Link      bool `json:"link"`
	// Unknown tells the client that the site asks about other services
	// (Config.UnknownTags ask): the banner offers "unknown" beside the
	// purposes, and held data-consent="unknown" tags come back with it.
	Unknown bool        `json:"unknown,omitempty"`
	Lang    string      `json:"lang"`
	Text    clientTexts `json:"text"`
}

// Insert builds what the rewriter puts first in <head>: the Consent Mode
// v2 default (and update once the visitor decided) computed from the
// state the gateway already knows, the client's configuration with the
// texts of lang, and the <script> that loads the client, all in ASCII
// (see asciiHTML) so that it reads right in a page of any charset. nonce
// is the upstream CSP's script nonce ("" when it uses none); prefix is the
// page's stripped prefix (Deps.Prefix), which the API, page and client
// URLs carry so the browser reaches the handler; onChoicesPage is true on
// the choices page itself, which shows no banner. The block is shared:
// the caller must not modify it.
func (s *Surface) Insert(st consent.State, nonce, lang, prefix, site string, onChoicesPage bool) []byte {
	lang = s.text(lang).Lang // a language it has, so the cache stays bounded
	// Undecided visitors without a CSP nonce (most first visits, and
	// crawlers) share a few blocks: build each once.
	cacheable := !st.Decided && nonce == ""
	var key insertKey
	if cacheable {
		key = insertKey{st.Key(), st.GPC, st.GPCHonored, st.Sensitive, onChoicesPage, lang, prefix, site}
		if b, ok := s.inserts.Load(key); ok {
			if !onChoicesPage && s.cfg.Mode == consent.OptIn {
				s.deps.OnBanner()
			}
			return b.([]byte)
		}
	}
	b := s.buildInsert(st, nonce, lang, prefix, site, onChoicesPage)
	if cacheable && takeSlot(&s.cachedInserts, maxCachedInserts) {
		s.inserts.Store(key, b)
	}
	return b
}

// maxCachedInserts bounds the undecided visitors' blocks kept: a site and
// prefix need a few dozen at most (states, GPC, languages), but a request
// chooses its Host and its prefix's case and escapes. Beyond it, blocks
// are built per request. A block is about 25 KB with the guard.
const maxCachedInserts = 512

// insertKey is what an undecided visitor's insert block depends on.
type insertKey struct {
	state                          string
	gpc, gpcHonored, sensitive, cp bool
	lang                           string
	prefix                         string
	site                           string
}

func (s *Surface) buildInsert(st consent.State, nonce, lang, prefix, site string, onChoicesPage bool) []byte {
	var b bytes.Buffer
	nonceAttr := ""
	if nonce != "" {
		nonceAttr = ` nonce="` + asciiHTML(nonce) + `"`
	}
	// The guard runs first, before anything of the page can.
	b.Write(s.guardScript(st, nonceAttr, site, prefix))
	b.WriteString(`<script` + nonceAttr + ` data-privacy-choices="consent-mode">`)
	b.WriteString(`window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}`)
	signals := consentModeJSON(st)
	b.WriteString(`gtag("consent","default",` + signals + `);`)
	if st.Decided {
		b.WriteString(`gtag("consent","update",` + signals + `);`)
	}
	cfg := clientConfig{
		API: prefix + s.apiPath, Page: prefix + s.cfg.BasePath, Nonce: nonce,
		State:     s.stateJSON(st),
		Banner:    s.cfg.Mode == consent.OptIn && !st.Decided && !onChoicesPage,
		Link:      s.cfg.ShowLink,
		Sensitive: st.Sensitive,
		Unknown:   s.asks(),
		Lang:      lang,
		Text:      s.text(lang).Client,
	}
	if cfg.Banner {
		s.deps.OnBanner()
	}
	// json.Marshal escapes <, >, &, U+2028 and U+2029, so the JSON cannot
	// end the script element or break the JavaScript around it; asciiJSON
	// escapes the rest of non-ASCII, so the texts read right whatever the
	// page's charset.
	js, _ := json.Marshal(cfg)
	js = asciiJSON(js)
	b.WriteString(`window.privacyChoicesConfig=`)
	b.Write(js)
	b.WriteString(`;</script>`)
	b.WriteString(`<script src="` + asciiHTML(prefix+s.clientPath+"?v="+clientHash) + `"` + nonceAttr + ` defer data-privacy-choices="client"></script>`)
	return b.Bytes()
}

// consentModeJSON returns the Consent Mode v2 signals of a state as a JS
// object literal.
func consentModeJSON(st consent.State) string {
	var b strings.Builder
	b.WriteString(`{`)
	for _, s := range consentModeSignals {
		v := "denied"
		if st.Granted(s.purpose) {
			v = "granted"
		}
		b.WriteString(`"` + s.signal + `":"` + v + `",`)
	}
	b.WriteString(`"security_storage":"granted"`)
	if !st.Decided {
		b.WriteString(`,"wait_for_update":500`)
	}
	b.WriteString(`}`)
	return b.String()
}
