package choices

import (
	"cmp"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

//go:embed templates/page.html
var templatesFS embed.FS

var pageTemplate = template.Must(template.ParseFS(templatesFS, "templates/page.html"))

// pageTexts are the strings of the choices page.
type pageTexts struct {
	Title            string      `json:"title"`
	Skip             string      `json:"skip"`
	Intro            string      `json:"intro"`
	Sale             string      `json:"sale"`
	GPCHonored       string      `json:"gpc_honored"`
	GPCOverridden    string      `json:"gpc_overridden"`
	Sensitive        string      `json:"sensitive"`
	Decided          string      `json:"decided"`
	Undecided        string      `json:"undecided"`
	UndecidedOptOut  string      `json:"undecided_opt_out"`
	Accept           string      `json:"accept"`
	Reject           string      `json:"reject"`
	Save             string      `json:"save"`
	AlwaysOn         string      `json:"always_on"`
	Allowed          string      `json:"allowed"`
	NotAllowed       string      `json:"not_allowed"`
	CookiesSeen      string      `json:"cookies_seen"`
	HostsSeen        string      `json:"hosts_seen"`
	NoneSeen         string      `json:"none_seen"`
	Necessary        purposeText `json:"necessary"`
	Statement        string      `json:"statement"`
	Saved            string      `json:"saved"`
	Back             string      `json:"back"`
	ErrorOrigin      string      `json:"error_origin"`
	ErrorForm        string      `json:"error_form"`
	ChoicesLegend    string      `json:"choices_legend"`
	OtherBlocked     string      `json:"other_blocked"`
	OtherKept        string      `json:"other_kept"`
	FirstSeenOn      string      `json:"first_seen_on"`
	PersistentLegend string      `json:"persistent_legend"`
}

// pagePurpose is one purpose row of the page.
type pagePurpose struct {
	ID, Name, Desc string
	Granted        bool
	Checked        bool
	seenList
}

// otherServices is the page's "Other services" row: the unknown
// third-party hosts seen, each with the page it was first seen on, and
// what happens to them (Config.UnknownTags).
type otherServices struct {
	Ask, Keep        bool // ask: a checkbox; keep: loaded, not asked; neither: blocked
	Name, Desc       string
	Granted, Checked bool
	Hosts            []seenHost
}

// seenHost is an unknown host and the path it was first seen on.
type seenHost struct{ Host, Page string }

// seenList is what the inventory saw for a purpose.
type seenList struct {
	Cookies, Hosts                      []string
	SeenLabel, CookiesLabel, HostsLabel string
}

// pageData is everything the template shows.
type pageData struct {
	Lang, SiteName, Logo, Accent, PrivacyPolicy, Nonce string
	T                                                  pageTexts
	Intro, Sensitive, DecidedText, Error               string
	Decided, OptOut, GPC, GPCHonored, Saved            bool
	Action, Token, ReturnTo                            string
	Necessary                                          seenList
	Purposes                                           []pagePurpose
	Other                                              otherServices
	PersistentChecked                                  bool
	PersistentName, PersistentDesc                     string
}

// maxSeen bounds the names listed per purpose on the page.
const maxSeen = 50

// csrfCookie is the form token's cookie: only for browsers that send
// neither Origin nor Sec-Fetch-Site (double-submit; SameSite=Strict).
func (s *Surface) csrfCookieName(r *http.Request) string {
	if r.TLS != nil {
		return "__Host-" + s.cfg.CookieName + "_form"
	}
	return s.cfg.CookieName + "_form"
}

// servePage renders GET /privacy-choices.
func (s *Surface) servePage(w http.ResponseWriter, r *http.Request, st consent.State, saved bool, errMsg string, status int) error {
	lang := Language(r)
	t := s.text(lang)
	token := s.formToken(w, r)
	nonce := randomToken(12)
	optOut := s.cfg.Mode == consent.OptOut
	d := pageData{
		Lang: lang, SiteName: cmp.Or(s.cfg.SiteName, r.Host), Logo: s.cfg.Logo, Accent: s.cfg.Color,
		PrivacyPolicy: s.cfg.PrivacyPolicy, Nonce: nonce, T: t.Page,
		Decided: st.Decided, OptOut: optOut, GPC: st.GPC, GPCHonored: st.GPCHonored,
		Saved: saved, Error: errMsg, Action: s.deps.Prefix(r) + s.cfg.BasePath, Token: token,
		ReturnTo:          safeReturnTo(r.URL.Query().Get("return_to")),
		PersistentChecked: (st.Decided || optOut) && st.Persistent(),
		PersistentName:    t.Client.Persistent.Name, PersistentDesc: t.Client.Persistent.Desc,
	}
	if r.Method == http.MethodPost {
		d.ReturnTo = safeReturnTo(r.PostFormValue("return_to"))
	}
	d.Intro = strings.Replace(t.Page.Intro, "%s", d.SiteName, 1)
	if len(s.cfg.SensitivePaths) > 0 {
		d.Sensitive = strings.Replace(t.Page.Sensitive, "%s", strings.Join(s.cfg.SensitivePaths, ", "), 1)
	}
	if st.Decided {
		d.DecidedText = fmt.Sprintf(strings.Replace(t.Page.Decided, "%s", "%v", -1), st.Choices.When().Format("2006-01-02 15:04 MST"), st.Choices.Receipt)
	}
	var items []inventory.Item
	if inv := s.deps.Inventory(r); inv != nil {
		items = inv.Snapshot().Items
	}
	byPurpose := seenByPurpose(items)
	seen := func(p purpose.Purpose) seenList {
		s := seenList{SeenLabel: t.Page.CookiesSeen + " / " + t.Page.HostsSeen, CookiesLabel: t.Page.CookiesSeen, HostsLabel: t.Page.HostsSeen}
		if l := byPurpose[p]; l != nil {
			s.Cookies, s.Hosts = l.Cookies, l.Hosts
		}
		return s
	}
	d.Necessary = seen(purpose.Necessary)
	for _, p := range purpose.Choosable {
		pt := t.Client.Purposes[p.String()]
		d.Purposes = append(d.Purposes, pagePurpose{
			ID: p.String(), Name: pt.Name, Desc: pt.Desc, Granted: st.Granted(p),
			// No pre-ticked boxes: only what the visitor granted (or, in
			// opt_out, what is allowed until they opt out) is checked.
			Checked:  (st.Decided || optOut) && st.Granted(p),
			seenList: seen(p),
		})
	}
	d.Other = s.otherServices(t, st, optOut, items)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Referrer-Policy", "same-origin")
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'nonce-"+nonce+"'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hdr.Set("Content-Language", lang)
	AddVary(hdr)
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	return pageTemplate.Execute(w, d)
}

// formToken returns the form token, setting its cookie when the browser
// has none yet. The cookie is necessary (it protects the form) and
// carries nothing about the visitor.
func (s *Surface) formToken(w http.ResponseWriter, r *http.Request) string {
	name := s.csrfCookieName(r)
	if c, err := r.Cookie(name); err == nil && len(c.Value) >= 16 && len(c.Value) <= 64 {
		return c.Value
	}
	tok := randomToken(18)
	http.SetCookie(w, &http.Cookie{Name: name, Value: tok, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	return tok
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// safeReturnTo accepts only a same-site path: it must start with one "/"
// and contain no scheme, host, backslash or control character, also once
// percent-decoded. Anything else yields "" (back to the page).
func safeReturnTo(s string) string {
	if s == "" || len(s) > 2048 || s[0] != '/' {
		return ""
	}
	dec, err := url.PathUnescape(s)
	if err != nil {
		return ""
	}
	for _, v := range []string{s, dec} {
		if strings.HasPrefix(v, "//") || strings.ContainsAny(v, "\\") || strings.HasPrefix(v, "/\t") {
			return ""
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x20 || v[i] == 0x7f {
				return ""
			}
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return s
}

// maxFormBody bounds a POST of the choices form.
const maxFormBody = 8 << 10

// servePageForm handles POST /privacy-choices: action=accept_all|reject_all|
// save, one checkbox per purpose, persistent, return_to; answers 303.
func (s *Surface) servePageForm(w http.ResponseWriter, r *http.Request) error {
	st := s.deps.State(r)
	t := s.text(Language(r)).Page
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	mt := strings.ToLower(strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0]))
	if mt != "application/x-www-form-urlencoded" || r.ParseForm() != nil {
		return s.servePage(w, r, st, false, t.ErrorForm, http.StatusBadRequest)
	}
	if !s.formAllowed(r) {
		return s.servePage(w, r, st, false, t.ErrorOrigin, http.StatusForbidden)
	}
	c, ok := formChoices(r.PostForm, s.offered())
	if !ok {
		return s.servePage(w, r, st, false, t.ErrorForm, http.StatusBadRequest)
	}
	return s.decide(w, r, st, c, consent.SourcePage, func(consent.State) error {
		target := safeReturnTo(r.PostFormValue("return_to"))
		if target == "" {
			target = s.deps.Prefix(r) + s.cfg.BasePath + "?saved=1"
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	})
}

// formAllowed refuses cross-site posts: by Origin or Sec-Fetch-Site when
// the browser sends them, else by the form token (double submit).
func (s *Surface) formAllowed(r *http.Request) bool {
	if r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != "" {
		return checkSameOrigin(r) == nil
	}
	c, err := r.Cookie(s.csrfCookieName(r))
	tok := r.PostFormValue("token")
	return err == nil && tok != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(tok)) == 1
}

// formChoices reads the decision of a posted form: action=accept_all,
// reject_all, or save (the default) with one checkbox per offered purpose
// (other services: "unknown") and persistent. ok is false for an unknown
// action.
func formChoices(form url.Values, offered []purpose.Purpose) (c consent.Choices, ok bool) {
	switch form.Get("action") {
	case "accept_all":
		return consent.AllChoices(true), true
	case "reject_all":
		return consent.AllChoices(false), true
	case "save", "":
		for _, p := range offered {
			c.Set(p, form.Get(p.String()) == "on")
		}
		c.Persistent = form.Get("persistent") == "on"
		return c, true
	}
	return c, false
}

// otherServices builds the "Other services" row in state st.
func (s *Surface) otherServices(t *texts, st consent.State, optOut bool, items []inventory.Item) otherServices {
	pt := t.Client.Purposes[purpose.Unknown.String()]
	o := otherServices{Ask: s.asks(), Keep: s.cfg.UnknownTags == UnknownKeep, Name: pt.Name, Desc: pt.Desc}
	switch {
	case o.Ask:
		o.Granted = st.Granted(purpose.Unknown)
		o.Checked = (st.Decided || optOut) && o.Granted // no pre-ticked box
	case o.Keep:
		o.Desc = t.Page.OtherKept
	default:
		o.Desc = t.Page.OtherBlocked
	}
	for _, it := range items {
		if it.Kind == "host" && it.Purpose == purpose.Unknown && len(o.Hosts) < maxSeen {
			o.Hosts = append(o.Hosts, seenHost{it.Name, it.FirstPage})
		}
	}
	return o
}

// seenByPurpose groups one snapshot of the inventory by purpose (items
// come sorted by kind, purpose and name), at most maxSeen names of each
// kind per purpose.
func seenByPurpose(items []inventory.Item) map[purpose.Purpose]*seenList {
	byPurpose := map[purpose.Purpose]*seenList{}
	for _, it := range items {
		l := byPurpose[it.Purpose]
		if l == nil {
			l = &seenList{}
			byPurpose[it.Purpose] = l
		}
		if it.Kind == "cookie" && len(l.Cookies) < maxSeen {
			l.Cookies = append(l.Cookies, it.Name)
		} else if it.Kind == "host" && len(l.Hosts) < maxSeen {
			l.Hosts = append(l.Hosts, it.Name)
		}
	}
	return byPurpose
}
