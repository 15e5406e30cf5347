package choices

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// testVerdict is the fixture's Deps.Verdict: a small knowledge base.
func testVerdict(r *http.Request, u *url.URL) RuntimeVerdict {
	switch h := u.Hostname(); {
	case h == "example.com" || strings.HasSuffix(h, ".example.com"):
		return RuntimeVerdict{Purpose: purpose.Necessary, FirstParty: true}
	case h == "tracker.test":
		return RuntimeVerdict{Purpose: purpose.Retargeting, Vendor: "Tracker"}
	case h == "bat.bing.com":
		return RuntimeVerdict{Purpose: purpose.Beacon, Vendor: "Microsoft Advertising", PerURL: true}
	case h == "cdn.test":
		return RuntimeVerdict{Purpose: purpose.Necessary, Vendor: "CDN"}
	}
	return RuntimeVerdict{}
}

// guardConfigOf is the guard configuration an inserted block carries.
func guardConfigOf(t *testing.T, block []byte) guardConfig {
	var cfg guardConfig
	configIn(t, block, "window.privacyChoicesGuardConfig=", ";/*!", &cfg)
	return cfg
}

func TestGuardScript(t *testing.T) {
	tiers := []byte(`[{},{"analytics":["*.ga.test"],"?":["bat.bing.com"]}]`)
	all := consent.AllChoices(true)
	all.Set(purpose.Unknown, true)
	analytics := consent.AllChoices(false)
	analytics.Set(purpose.Analytics, true)
	purposesOnly := consent.AllChoices(true)
	purposesOnly.Set(purpose.Unknown, false)
	ask := consent.Signals{AskUnknown: true}
	for _, tc := range []struct {
		name    string
		unknown string
		st      consent.State
		nonce   string
		prefix  string
		want    guardConfig
	}{
		{name: "undecided", st: consent.Resolve(consent.OptIn, nil, ask),
			want: guardConfig{Verdicts: "/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{}, Unknown: "ask", Tiers: tiers}},
		{name: "analytics granted, under a prefix, with a nonce", st: consent.Resolve(consent.OptIn, &analytics, ask), nonce: "abc", prefix: "/shop",
			want: guardConfig{Verdicts: "/shop/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{"analytics"}, Unknown: "ask", Tiers: tiers}},
		{name: "everything granted: the guard stands aside", st: consent.Resolve(consent.OptIn, &all, ask),
			want: guardConfig{All: true, Verdicts: "/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{"functional", "analytics", "beacon", "retargeting", "social", "unknown"}, Unknown: "ask", Tiers: []byte("[]")}},
		{name: "every purpose but not other services: the guard stays", st: consent.Resolve(consent.OptIn, &purposesOnly, ask),
			want: guardConfig{Verdicts: "/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{"functional", "analytics", "beacon", "retargeting", "social"}, Unknown: "ask", Tiers: tiers}},
		{name: "every purpose under keep: the guard stands aside", unknown: UnknownKeep, st: consent.Resolve(consent.OptIn, &purposesOnly, consent.Signals{}),
			want: guardConfig{All: true, Verdicts: "/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{"functional", "analytics", "beacon", "retargeting", "social"}, Unknown: "keep", Tiers: []byte("[]")}},
		{name: "every purpose under block: the guard stays", unknown: UnknownBlock, st: consent.Resolve(consent.OptIn, &purposesOnly, consent.Signals{}),
			want: guardConfig{Verdicts: "/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{"functional", "analytics", "beacon", "retargeting", "social"}, Unknown: "block", Tiers: tiers}},
		{name: "sensitive page", st: consent.Resolve(consent.OptIn, &all, consent.Signals{AskUnknown: true, Sensitive: true}),
			want: guardConfig{Verdicts: "/privacy-choices/api/verdicts", Site: "example.com", Granted: []string{}, Unknown: "ask", Sensitive: true, Tiers: tiers}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.GuardTiers = tiers; c.UnknownTags = tc.unknown })
			b := f.s.Insert(tc.st, tc.nonce, "en", tc.prefix, "example.com", false)
			open := `<script data-privacy-choices="guard">`
			if tc.nonce != "" {
				open = `<script nonce="` + tc.nonce + `" data-privacy-choices="guard">`
			}
			if !bytes.HasPrefix(b, []byte(open)) {
				t.Errorf("the block does not start with the guard (%s): %.200s", open, b)
			}
			got := guardConfigOf(t, b)
			if got.All != tc.want.All || got.Verdicts != tc.want.Verdicts || got.Site != tc.want.Site ||
				!slices.Equal(got.Granted, tc.want.Granted) || got.Unknown != tc.want.Unknown ||
				got.Sensitive != tc.want.Sensitive || !bytes.Equal(got.Tiers, tc.want.Tiers) {
				t.Errorf("guard configuration\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestGuardJSIsInlineSafe(t *testing.T) {
	low := bytes.ToLower(guardJS)
	for _, bad := range []string{"</script", "<!--", "<script"} {
		if bytes.Contains(low, []byte(bad)) {
			t.Errorf("the shrunk guard contains %q, which would break the inline <script>", bad)
		}
	}
	if len(guardJS) >= len(guardSource) || !bytes.HasPrefix(guardJS, []byte("/*!")) {
		t.Errorf("shrinkJS did not shrink the guard (%d → %d bytes) or lost its header", len(guardSource), len(guardJS))
	}
}

func TestShrinkJS(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"indentation and blank lines", "a();\n\n    b();\n", "a();\nb();"},
		{"comment lines", "  // why\nx = 1; // kept: not a whole line\n", "x = 1; // kept: not a whole line"},
		{"strings and regular expressions stay", "var r = /^\\/\\//, s = '  //  ';\n", "var r = /^\\/\\//, s = '  //  ';"},
		{"header comment stays", "/*! name */\n(function () {})();", "/*! name */\n(function () {})();"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(shrinkJS([]byte(tc.in))); got != tc.want {
				t.Errorf("shrinkJS(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestVerdictsEndpoint(t *testing.T) {
	post := func(body, origin, ctype string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "http://www.example.com/privacy-choices/api/verdicts", strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		return r
	}
	many := `{"urls":[` + strings.Repeat(`"https://a.test/",`, maxVerdictURLs) + `"https://a.test/"]}`
	for _, tc := range []struct {
		name    string
		r       *http.Request
		code    int
		want    string   // in the body
		runtime []string // recorded
	}{
		{name: "judged and recorded",
			r:       post(`{"urls":["https://tracker.test/p.js","https://bat.bing.com/action/0","https://new.test/x.js","https://cdn.test/lib.js","https://www.example.com/own.js"],"page":"/news"}`, "http://www.example.com", "application/json"),
			code:    200,
			want:    `{"verdicts":[{"purpose":"retargeting","vendor":"Tracker","scope":"host"},{"purpose":"beacon","vendor":"Microsoft Advertising","scope":"url"},{"purpose":"unknown","scope":"host"},{"purpose":"necessary","vendor":"CDN","scope":"host"},{"purpose":"necessary","scope":"host"}]}`,
			runtime: []string{"tracker.test retargeting /news", "bat.bing.com beacon /news", "new.test unknown /news", "cdn.test necessary /news"}},
		{name: "held URLs are recorded, not answered",
			r:       post(`{"held":["https://tracker.test/tr?id=1"],"page":"/a"}`, "", "application/json"),
			code:    200,
			want:    `{"verdicts":[]}`,
			runtime: []string{"tracker.test retargeting /a"}},
		{name: "what is not an absolute web URL is unknown and not recorded",
			r:    post(`{"urls":["/relative","data:text/html,x","javascript:1","https://"],"page":"not-a-path"}`, "", "application/json"),
			code: 200,
			want: `{"verdicts":[{"purpose":"unknown","scope":"url"},{"purpose":"unknown","scope":"url"},{"purpose":"unknown","scope":"url"},{"purpose":"unknown","scope":"url"}]}`},
		{name: "a bad page path is recorded as the root",
			r: post(`{"urls":["https://tracker.test/"],"page":"https://evil.test/"}`, "", "application/json"), code: 200,
			runtime: []string{"tracker.test retargeting /"}},
		{name: "cross-site", r: post(`{"urls":[]}`, "https://evil.test", "application/json"), code: 403},
		{name: "not JSON", r: post(`urls=1`, "", "application/x-www-form-urlencoded"), code: 415},
		{name: "malformed", r: post(`{"urls":`, "", "application/json"), code: 400},
		{name: "too many URLs", r: post(many, "", "application/json"), code: 400},
		{name: "too large", r: post(`{"page":"/`+strings.Repeat("a", maxVerdictBody)+`"}`, "", "application/json"), code: 413},
		{name: "GET", r: httptest.NewRequest(http.MethodGet, "http://www.example.com/privacy-choices/api/verdicts", nil), code: 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.serve(t, tc.r)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.code, w.Body)
			}
			if tc.want != "" && strings.TrimSpace(w.Body.String()) != tc.want {
				t.Errorf("body\n got %s\nwant %s", w.Body, tc.want)
			}
			if !slices.Equal(f.runtime, tc.runtime) {
				t.Errorf("recorded %q, want %q", f.runtime, tc.runtime)
			}
		})
	}
}
