package choices

import (
	_ "embed"
	"encoding/json"
	"net/url"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// guardSource is guard.js, the run-time guard inlined first in every
// rewritten page; guardJS is the shrunk copy that goes in.
//
//go:embed assets/guard.js
var guardSource []byte

var guardJS = shrinkJS(guardSource)

// RuntimeVerdict is the gateway's verdict on a URL that a page's script
// asked the guard about (Deps.Verdict).
type RuntimeVerdict struct {
	// Purpose is the URL's purpose; purpose.Unknown when no rule knows
	// its host, purpose.Necessary for the site's own hosts.
	Purpose purpose.Purpose
	// Vendor names who runs the host ("" when no rule says).
	Vendor string
	// PerURL is true when rules of the host look at paths or queries, so
	// the verdict covers this URL only, not its host.
	PerURL bool
	// FirstParty is true for the site's own hosts.
	FirstParty bool
}

// guardConfig is window.privacyChoicesGuardConfig (see assets/README.md).
type guardConfig struct {
	// All: everything is allowed, so the guard installs nothing.
	All bool `json:"all,omitempty"`
	// Verdicts is the path of the verdicts endpoint.
	Verdicts string `json:"v"`
	// Site is the page's registrable domain: it and its subdomains are
	// first party.
	Site string `json:"f"`
	// Granted lists the granted purposes (and "unknown" for Other
	// services).
	Granted []string `json:"g"`
	// Unknown is the unknown_tags policy.
	Unknown string `json:"u"`
	// Sensitive: a sensitive page, where only necessary hosts load.
	Sensitive bool `json:"s,omitempty"`
	// Tiers are the URL rules (Config.GuardTiers).
	Tiers json.RawMessage `json:"t"`
}

// guardScript returns the inline <script> of the guard for a state on a
// page of site.
func (s *Surface) guardScript(st consent.State, nonceAttr, site, prefix string) []byte {
	cfg := guardConfig{
		Verdicts: prefix + s.verdictsPath, Site: site, Unknown: s.unknownPolicy(),
		Sensitive: st.Sensitive, Granted: []string{}, Tiers: s.cfg.GuardTiers,
	}
	all := !st.Sensitive
	for _, p := range purpose.Choosable {
		if st.Granted(p) {
			cfg.Granted = append(cfg.Granted, p.String())
		} else {
			all = false
		}
	}
	switch {
	case s.asks() && st.Granted(purpose.Unknown):
		cfg.Granted = append(cfg.Granted, purpose.Unknown.String())
	case cfg.Unknown != UnknownKeep:
		all = false
	}
	if len(cfg.Tiers) == 0 {
		cfg.Tiers = json.RawMessage("[]")
	}
	if all {
		cfg = guardConfig{All: true, Verdicts: cfg.Verdicts, Site: site, Granted: cfg.Granted, Unknown: cfg.Unknown, Tiers: json.RawMessage("[]")}
	}
	js, _ := json.Marshal(cfg)
	js = asciiJSON(js)
	b := make([]byte, 0, len(js)+len(guardJS)+128)
	b = append(b, `<script`+nonceAttr+` data-privacy-choices="guard">window.privacyChoicesGuardConfig=`...)
	b = append(b, js...)
	b = append(b, ';')
	b = append(b, guardJS...)
	b = append(b, `</script>`...)
	return b
}

// unknownPolicy is Config.UnknownTags with its default spelled out.
func (s *Surface) unknownPolicy() string {
	if s.asks() {
		return UnknownAsk
	}
	return s.cfg.UnknownTags
}

// verdictURL parses one URL of a verdicts request: absolute http(s) or
// ws(s) only, at most maxVerdictURL bytes.
func verdictURL(raw string) (*url.URL, bool) {
	if len(raw) > maxVerdictURL {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, false
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
		return u, true
	}
	return nil, false
}
