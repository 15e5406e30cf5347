package choices

import (
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestCheckSameOrigin(t *testing.T) {
	for i, tc := range []struct {
		origin, site string
		tls          bool
		ok           bool
	}{
		{"", "", false, true},
		{"http://shop.example", "", false, true},
		{"http://shop.example", "same-origin", false, true},
		{"", "none", false, true},
		{"", "same-site", false, false},
		{"", "cross-site", false, false},
		{"http://evil.example", "", false, false},
		{"http://shop.example.evil.example", "", false, false},
		{"null", "", false, false},
		{"https://shop.example", "", false, false},
		{"https://shop.example", "", true, true},
		{"http://shop.example", "", true, false},
		{"http://SHOP.example", "", false, true},
	} {
		r := httptest.NewRequest("POST", "http://shop.example/privacy-choices/api", nil)
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		if tc.site != "" {
			r.Header.Set("Sec-Fetch-Site", tc.site)
		}
		if err := checkSameOrigin(r); (err == nil) != tc.ok {
			t.Errorf("Test %d: err = %v, want ok=%v", i, err, tc.ok)
		}
	}
}

func TestAPI(t *testing.T) {
	const api = "http://shop.example/privacy-choices/api"
	withType := func(ct string) *http.Request {
		r := jsonPost(api, `{"all": true}`)
		r.Header.Set("Content-Type", ct)
		return r
	}
	for _, tc := range []struct {
		name    string
		req     *http.Request
		status  int
		granted []purpose.Purpose // when status is 200
		persist bool
		source  consent.Source // of the decision, "" for none
		errText string         // in the error answer
	}{
		{name: "get, undecided", req: httptest.NewRequest("GET", api, nil), status: 200},
		{name: "head", req: httptest.NewRequest("HEAD", api, nil), status: 200},
		{name: "accept all", req: jsonPost(api, `{"all": true}`), status: 200,
			granted: withOther, persist: true, source: consent.SourceAPI},
		{name: "reject all", req: jsonPost(api, `{"all": false}`), status: 200, source: consent.SourceAPI},
		{name: "purposes", req: jsonPost(api, `{"purposes": {"analytics": true, "social": false}, "persistent": true}`), status: 200,
			granted: []purpose.Purpose{purpose.Analytics}, persist: true, source: consent.SourceAPI},
		{name: "purpose names fold case", req: jsonPost(api, `{"purposes": {"Analytics": true}}`), status: 200,
			granted: []purpose.Purpose{purpose.Analytics}, source: consent.SourceAPI},
		{name: "from the banner", req: jsonPost(api, `{"all": true, "source": "banner"}`), status: 200,
			granted: withOther, persist: true, source: consent.SourceBanner},
		{name: "charset parameter", req: withType("application/json; charset=utf-8"), status: 200,
			granted: withOther, persist: true, source: consent.SourceAPI},
		{name: "same origin", req: jsonPost(api, `{"all": true}`, "Origin", "http://shop.example"), status: 200,
			granted: withOther, persist: true, source: consent.SourceAPI},
		{name: "all and purposes", req: jsonPost(api, `{"all": true, "purposes": {}}`), status: 400, errText: "not both"},
		{name: "neither", req: jsonPost(api, `{}`), status: 400, errText: `body must have "all"`},
		{name: "empty body", req: jsonPost(api, ``), status: 400, errText: "malformed JSON"},
		{name: "unknown field", req: jsonPost(api, `{"all": true, "everything": 1}`), status: 400, errText: "malformed JSON"},
		{name: "two values", req: jsonPost(api, `{"all": true} {"all": false}`), status: 400, errText: "more than one value"},
		{name: "unknown purpose", req: jsonPost(api, `{"purposes": {"marketing": true}}`), status: 400,
			errText: `unknown purpose "marketing" in purposes (want functional, analytics, beacon, retargeting, social, unknown)`},
		{name: "other services only", req: jsonPost(api, `{"purposes": {"unknown": true}}`), status: 200,
			granted: []purpose.Purpose{purpose.Unknown}, source: consent.SourceAPI},
		{name: "necessary is not a choice", req: jsonPost(api, `{"purposes": {"necessary": false}}`), status: 400, errText: "unknown purpose"},
		{name: "null purpose", req: jsonPost(api, `{"purposes": {"analytics": null}}`), status: 400, errText: "must be true or false"},
		{name: "source gpc", req: jsonPost(api, `{"all": true, "source": "gpc"}`), status: 400, errText: "source must be"},
		{name: "source bogus", req: jsonPost(api, `{"all": true, "source": "x"}`), status: 400, errText: "source must be"},
		{name: "oversize", req: jsonPost(api, `{"all": true, "source": "`+strings.Repeat("x", maxAPIBody)+`"}`), status: 413, errText: "body larger than 4096 bytes"},
		{name: "form type", req: withType("application/x-www-form-urlencoded"), status: 415, errText: "Content-Type must be application/json"},
		{name: "no type", req: withType(""), status: 415, errText: "Content-Type"},
		{name: "cross-site origin", req: jsonPost(api, `{"all": true}`, "Origin", "http://evil.example"), status: 403, errText: "cross-site"},
		{name: "cross-site fetch", req: jsonPost(api, `{"all": true}`, "Sec-Fetch-Site", "cross-site"), status: 403, errText: "cross-site"},
		{name: "method", req: httptest.NewRequest("PATCH", api, nil), status: 405, errText: "use GET or POST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			tc.req.Header.Set("User-Agent", "test-agent/1")
			w := f.serve(t, tc.req)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("Content-Type %q, X-Content-Type-Options %q", ct, w.Header().Get("X-Content-Type-Options"))
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", w.Header().Get("Cache-Control"))
			}
			decided := consentCookieOf(w) != ""
			if decided != (tc.source != "") || len(f.receipts) != len(w.Header().Values("Set-Cookie")) || (decided && f.decisions.Load() != 6) {
				t.Fatalf("decided %v, %d receipts, %d OnDecision calls, Set-Cookie %q", decided, len(f.receipts), f.decisions.Load(), w.Header().Values("Set-Cookie"))
			}
			if tc.req.Method == "HEAD" {
				if w.Body.Len() != 0 {
					t.Errorf("HEAD has a body: %q", w.Body)
				}
				return
			}
			if tc.status != 200 {
				var e map[string]string
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || !strings.Contains(e["error"], tc.errText) || len(e) != 1 {
					t.Errorf("error body %q (%v), want an error with %q", w.Body, err, tc.errText)
				}
				return
			}
			var got apiState
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.PolicyVersion != "v1" || got.Mode != "opt_in" || got.Decided != decided || len(got.Purposes) != 6 || got.Persistent != tc.persist {
				t.Errorf("state %+v", got)
			}
			for _, p := range withOther {
				want := false
				for _, g := range tc.granted {
					want = want || g == p
				}
				if got.Purposes[p.String()] != want {
					t.Errorf("%s = %v, want %v", p, got.Purposes[p.String()], want)
				}
			}
			if !decided {
				return
			}
			rc, st := f.receipts[0], f.state(w)
			if rc.Source != tc.source || f.agents[0] != "test-agent/1" || rc.PolicyVersion != "v1" || rc.Receipt == "" {
				t.Errorf("receipt %+v from %q", rc, f.agents[0])
			}
			if !st.Decided || got.Receipt != rc.Receipt || st.Choices.Receipt != rc.Receipt {
				t.Errorf("cookie state %+v, answer receipt %q, recorded %q", st, got.Receipt, rc.Receipt)
			}
			cookie := w.Header().Values("Set-Cookie")[0]
			for _, attr := range []string{"Path=/", "Max-Age=86400", "HttpOnly", "SameSite=Lax"} {
				if !strings.Contains(cookie, "; "+attr) {
					t.Errorf("consent cookie %q lacks %s", cookie, attr)
				}
			}
			if strings.Contains(cookie, "Secure") {
				t.Errorf("consent cookie over http is Secure: %q", cookie)
			}
		})
	}
}

func TestAPIOtherServicesNotAsked(t *testing.T) {
	for _, policy := range []string{UnknownKeep, UnknownBlock} {
		t.Run(policy, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.UnknownTags = policy })
			w := f.serve(t, jsonPost("/privacy-choices/api", `{"purposes": {"unknown": true}}`))
			if w.Code != 400 || !strings.Contains(w.Body.String(), `unknown purpose \"unknown\" in purposes (want functional, analytics, beacon, retargeting, social)`) {
				t.Errorf("unknown accepted: %d %s", w.Code, w.Body)
			}
			w = f.serve(t, jsonPost("/privacy-choices/api", `{"all": true}`))
			var got apiState
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if _, ok := got.Purposes["unknown"]; ok || len(got.Purposes) != 5 {
				t.Errorf("purposes %v: unknown is offered", got.Purposes)
			}
			if len(f.receipts) != 1 || f.receipts[0].Has(purpose.Unknown) {
				t.Errorf("accept all stored the other services grant: %+v", f.receipts)
			}
		})
	}
}

func TestAPIExpiresWhatWasWithdrawn(t *testing.T) {
	f := newFixture(t)
	r := jsonPost("/privacy-choices/api", `{"purposes": {"analytics": false, "functional": true}}`)
	r.Header.Set("Cookie", "_ga=GA1.1")
	w := f.serve(t, r)
	lines := w.Header().Values("Set-Cookie")
	if w.Code != 200 || len(lines) != 2 || lines[1] != "_ga=; Path=/; Max-Age=0" {
		t.Errorf("%d, Set-Cookie %q, want the consent cookie and the expiry of _ga", w.Code, lines)
	}
	if _, err := r.Cookie("_ga"); err != nil {
		t.Error("Expire was handed the request itself, not a copy")
	}
}

func TestConsentCookieOverTLS(t *testing.T) {
	f := newFixture(t)
	r := jsonPost("https://shop.example/privacy-choices/api", `{"all": true}`)
	r.TLS = &tls.ConnectionState{}
	w := f.serve(t, r)
	lines := w.Header().Values("Set-Cookie")
	if w.Code != 200 || len(lines) != 2 {
		t.Fatalf("%d %q", w.Code, lines)
	}
	if !strings.HasPrefix(lines[0], "__Host-"+testCookie+"=") || !strings.Contains(lines[0], "; Secure") ||
		!strings.Contains(lines[0], "; Path=/") || strings.Contains(strings.ToLower(lines[0]), "domain=") {
		t.Errorf("consent cookie over TLS: %q", lines[0])
	}
	if lines[1] != testCookie+"=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" {
		t.Errorf("the plain-named copy is not expired: %q", lines[1])
	}
}

func TestGPCJSON(t *testing.T) {
	for _, honor := range []bool{true, false} {
		f := newFixture(t, func(c *Config) { c.HonorGPC = honor })
		w := f.serve(t, httptest.NewRequest("GET", "/.well-known/gpc.json", nil))
		want := `{"gpc": ` + map[bool]string{true: "true", false: "false"}[honor] + `, "lastUpdate": "2026-11-27"}` + "\n"
		if w.Code != 200 || w.Body.String() != want {
			t.Errorf("honor %v: %d %q, want %q", honor, w.Code, w.Body, want)
		}
		h := w.Header()
		if h.Get("Content-Type") != "application/json" || h.Get("Cache-Control") != "max-age=86400" || h.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("headers %v", h)
		}
	}
}

func TestGPCDecision(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    consent.Mode
		honor   bool
		gpc     bool
		decided bool
		want    bool
	}{
		{"opt_out, GPC, undecided", consent.OptOut, true, true, false, true},
		{"opt_in", consent.OptIn, true, true, false, false},
		{"GPC not honored", consent.OptOut, false, true, false, false},
		{"no GPC", consent.OptOut, true, false, false, false},
		{"decided already", consent.OptOut, true, true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.Mode, c.HonorGPC = tc.mode, tc.honor })
			r := httptest.NewRequest("GET", "/index.html", nil)
			if tc.gpc {
				r.Header.Set("Sec-GPC", "1")
			}
			st := f.s.deps.State(r)
			st.Decided = st.Decided || tc.decided
			before := st
			lines := f.s.GPCDecision(r, &st)
			if !tc.want {
				if lines != nil || st != before || len(f.receipts) != 0 {
					t.Errorf("decided: %q %+v", lines, st)
				}
				return
			}
			if len(lines) != 1 || !st.Decided || st.Choices.Source != consent.SourceGPC || !st.Choices.GPC || len(f.receipts) != 1 {
				t.Fatalf("lines %q, state %+v, receipts %d", lines, st, len(f.receipts))
			}
			for _, p := range purpose.Choosable {
				denied := p == purpose.Retargeting || p == purpose.Social || p == purpose.Beacon
				if st.Granted(p) == denied {
					t.Errorf("%s granted = %v", p, st.Granted(p))
				}
			}
		})
	}
}
