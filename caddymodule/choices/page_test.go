package choices

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestEveryStringInEveryLanguage(t *testing.T) {
	if len(languages) < 2 {
		t.Fatalf("%d languages", len(languages))
	}
	var check func(lang, path string, v reflect.Value)
	check = func(lang, path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if strings.TrimSpace(v.String()) == "" {
				t.Errorf("%s: %s is empty", lang, path)
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					check(lang, path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			}
		case reflect.Map:
			for _, p := range purpose.Choosable {
				e := v.MapIndex(reflect.ValueOf(p.String()))
				if !e.IsValid() {
					t.Errorf("%s: %s lacks %s", lang, path, p)
					continue
				}
				check(lang, path+"."+p.String(), e)
			}
		}
	}
	for lang, tx := range languages {
		check(lang, "texts", reflect.ValueOf(*tx))
	}
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "en"}, {"es", "es"}, {"es-MX,es;q=0.9,en;q=0.8", "es"}, {"fr,es;q=0.5", "es"},
		{"en;q=0.5,es;q=0.9", "es"}, {"es;q=0", "en"}, {"de", "en"}, {"ES-es", "es"}, {"es;q=abc,en", "en"},
	} {
		t.Run(tc.header, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept-Language", tc.header)
			if got := Language(r); got != tc.want {
				t.Errorf("%s, want %s", got, tc.want)
			}
		})
	}
}

func TestChoicesPage(t *testing.T) {
	f := newFixture(t)
	w := f.serve(t, httptest.NewRequest("GET", "/privacy-choices", nil))
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "Accept all") || !strings.Contains(body, "Reject all") || !strings.Contains(body, "Save my choices") {
		t.Fatalf("page: %d\n%s", w.Code, body)
	}
	if strings.Contains(body, " checked") {
		t.Error("a box is pre-ticked before any decision")
	}
	for _, want := range []string{`<main`, `<label for="purpose-analytics">`, `sale or sharing`, `/secure/*`, `lang="en"`, `name="token"`, `Northwind`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	hdr := w.Header()
	nonce := hdr.Get("Content-Security-Policy")
	for k, v := range map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "same-origin",
		"Content-Language":       "en",
		"Vary":                   "Cookie, Sec-GPC, Accept-Language",
	} {
		if hdr.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, hdr.Get(k), v)
		}
	}
	if !strings.Contains(nonce, "frame-ancestors 'none'") || !strings.Contains(nonce, "default-src 'none'; style-src 'nonce-") {
		t.Errorf("Content-Security-Policy: %q", nonce)
	}
	if consentCookieOf(w) != "" {
		t.Error("the consent cookie was written before a decision")
	}
	if c := w.Header().Get("Set-Cookie"); !strings.HasPrefix(c, testCookie+"_form=") || !strings.Contains(c, "SameSite=Strict") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("form token cookie: %q", c)
	}

	r := httptest.NewRequest("GET", "/privacy-choices", nil)
	r.Header.Set("Accept-Language", "es-ES,es;q=0.9")
	r.Header.Set("Sec-GPC", "1")
	w = f.serve(t, r)
	body = w.Body.String()
	if !strings.Contains(body, "Rechazar todo") || !strings.Contains(body, `lang="es"`) || !strings.Contains(body, "Global Privacy Control") || w.Header().Get("Content-Language") != "es" {
		t.Errorf("Spanish page with GPC:\n%s", body)
	}

	head := f.serve(t, httptest.NewRequest("HEAD", "/privacy-choices", nil))
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD: %d %q", head.Code, head.Body)
	}
}

func TestChoicesPageEscapesReflectedValues(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.SiteName = "" })
	r := httptest.NewRequest("GET", `/privacy-choices?return_to=/x"><script>alert(1)</script>`, nil)
	r.Host = `evil"><script>alert(2)</script>`
	if body := f.serve(t, r).Body.String(); strings.Contains(body, "<script>alert") {
		t.Errorf("reflected markup:\n%s", body)
	}
	r = formPost("/privacy-choices", url.Values{"action": {"bogus<script>"}, "return_to": {`"><img src=x onerror=alert(3)>`}}, "Origin", "http://example.com")
	if body := f.serve(t, r).Body.String(); strings.Contains(body, "<img src=x") || strings.Contains(body, "bogus<script>") {
		t.Errorf("reflected markup in error page:\n%s", body)
	}
}

func TestChoicesForm(t *testing.T) {
	f := newFixture(t)
	page := f.serve(t, httptest.NewRequest("GET", "/privacy-choices", nil))
	var tokenCookie *http.Cookie
	for _, c := range page.Result().Cookies() {
		if c.Name == testCookie+"_form" {
			tokenCookie = c
		}
	}
	if tokenCookie == nil {
		t.Fatal("no form token cookie")
	}
	save := url.Values{"action": {"save"}, "analytics": {"on"}, "persistent": {"on"}, "return_to": {"/blog/post?x=1"}}

	for _, tc := range []struct {
		name     string
		req      *http.Request
		status   int
		location string
	}{
		{"same origin", formPost("/privacy-choices", save, "Origin", "http://example.com"), 303, "/blog/post?x=1"},
		{"fetch metadata", formPost("/privacy-choices", save, "Sec-Fetch-Site", "same-origin"), 303, "/blog/post?x=1"},
		{"cross-site origin", formPost("/privacy-choices", save, "Origin", "https://evil.example"), 403, ""},
		{"cross-site fetch", formPost("/privacy-choices", save, "Sec-Fetch-Site", "cross-site"), 403, ""},
		{"same-site is not same-origin", formPost("/privacy-choices", save, "Sec-Fetch-Site", "same-site"), 403, ""},
		{"no signal, no token", formPost("/privacy-choices", save), 403, ""},
		{"no signal, wrong token", withToken(formPost("/privacy-choices", withField(save, "token", "x"+tokenCookie.Value)), tokenCookie), 403, ""},
		{"no signal, token", withToken(formPost("/privacy-choices", withField(save, "token", tokenCookie.Value)), tokenCookie), 303, "/blog/post?x=1"},
		{"accept all", formPost("/privacy-choices", url.Values{"action": {"accept_all"}}, "Origin", "http://example.com"), 303, "/privacy-choices?saved=1"},
		{"unsafe return_to", formPost("/privacy-choices", withField(save, "return_to", "//evil.example/"), "Origin", "http://example.com"), 303, "/privacy-choices?saved=1"},
		{"unknown action", formPost("/privacy-choices", url.Values{"action": {"delete_everything"}}, "Origin", "http://example.com"), 400, ""},
		{"wrong type", func() *http.Request {
			r := formPost("/privacy-choices", save, "Origin", "http://example.com")
			r.Header.Set("Content-Type", "application/json")
			return r
		}(), 400, ""},
		{"oversize", formPost("/privacy-choices", withField(save, "pad", strings.Repeat("x", 10000)), "Origin", "http://example.com"), 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.serve(t, tc.req)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			if got := w.Header().Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if (tc.status == 303) != (consentCookieOf(w) != "") {
				t.Errorf("consent cookie %q", consentCookieOf(w))
			}
			if tc.status != 303 && !strings.Contains(w.Body.String(), `role="alert"`) {
				t.Error("the refusal page shows no error")
			}
		})
	}

	// GET never changes anything, whatever its query says.
	if w := f.serve(t, httptest.NewRequest("GET", "/privacy-choices?action=accept_all", nil)); consentCookieOf(w) != "" {
		t.Error("GET with action=accept_all decided")
	}

	// The saved decision shows on the page with its receipt, and the
	// receipt is recorded with the page as its source.
	n := len(f.receipts)
	w := f.serve(t, formPost("/privacy-choices", save, "Origin", "http://example.com"))
	r := httptest.NewRequest("GET", "/privacy-choices?saved=1&return_to=/blog/", nil)
	r.Header.Set("Cookie", consentCookieOf(w))
	body := f.serve(t, r).Body.String()
	st := f.state(w)
	if !st.Decided || !strings.Contains(body, st.Choices.Receipt) || !strings.Contains(body, `id="purpose-analytics" name="analytics" value="on" checked`) ||
		!strings.Contains(body, `id="purpose-persistent" name="persistent" value="on" checked`) || !strings.Contains(body, `<a href="/blog/">Back to the site</a>`) {
		t.Fatalf("decision not shown:\n%s", body)
	}
	if rc := f.receipts[n]; rc.Source != "page" || rc.Granted != 1<<purpose.Analytics || !rc.Persistent || rc.Receipt != st.Choices.Receipt {
		t.Errorf("recorded %+v", rc)
	}
}

func TestChoicesPageListsWhatTheSiteSets(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	f.inv.SeeCookie("_pk_id.7.abcd", classify.Decision{Purpose: purpose.Analytics}, purpose.Persistent, now)
	f.inv.SeeHost("stats.example", "/", classify.Decision{Purpose: purpose.Analytics}, now)
	f.inv.SeeCookie("session", classify.Decision{Purpose: purpose.Necessary}, purpose.Session, now)
	body := f.serve(t, httptest.NewRequest("GET", "/privacy-choices", nil)).Body.String()
	i, j := strings.Index(body, `id="purpose-analytics"`), strings.Index(body, `id="purpose-beacon"`)
	if i < 0 || j < i || !strings.Contains(body[i:j], "<li>_pk_id.7.abcd</li>") || !strings.Contains(body[i:j], "<li>stats.example</li>") {
		t.Errorf("analytics row does not list what the site used:\n%s", body)
	}
	if k := strings.Index(body, "<li>session</li>"); k < 0 || k > i {
		t.Errorf("necessary row does not list the session cookie:\n%s", body)
	}
}

func withField(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for key, vals := range v {
		out[key] = append([]string(nil), vals...)
	}
	out.Set(k, val)
	return out
}

func withToken(r *http.Request, c *http.Cookie) *http.Request {
	r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	return r
}

func TestSafeReturnTo(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/blog/post?x=1#top", "/blog/post?x=1#top"},
		{"/", "/"},
		{"", ""},
		{"//evil.example/x", ""},
		{"/\\evil.example", ""},
		{"\\\\evil.example", ""},
		{"/%2F%2Fevil.example", ""},
		{"/%5Cevil.example", ""},
		{"/%5cevil.example", ""},
		{"https://evil.example/", ""},
		{"javascript:alert(1)", ""},
		{"/\tevil", ""},
		{"/%09/evil.example", ""},
		{"/x\r\nSet-Cookie: a=b", ""},
		{"evil.example", ""},
		{"/" + strings.Repeat("a", 3000), ""},
		{"/%zz", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := safeReturnTo(tc.in); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

func TestChoicesPageOtherServices(t *testing.T) {
	for _, tc := range []struct {
		name, policy  string
		want, notWant []string
	}{
		{name: "ask", policy: "", want: []string{
			`<input type="checkbox" id="purpose-unknown" name="unknown" value="on" aria-describedby="desc-unknown">`,
			`<span>Other services <span class="state">(Not allowed)</span>`,
			"could not classify",
			`<li><span class="host">static.example-cdn.net</span> <span class="state">(first seen on /blog/post)</span></li>`,
			`<li><span class="host">px.mystery.example</span> <span class="state">(first seen on /)</span></li>`,
		}, notWant: []string{"stats.example</span>", "?q="}},
		{name: "block", policy: UnknownBlock, want: []string{
			`<h2>Other services <span class="state">(Not allowed)</span></h2>`,
			"stay blocked, whatever you choose here",
			`<span class="host">static.example-cdn.net</span>`,
		}, notWant: []string{`name="unknown"`}},
		{name: "keep", policy: UnknownKeep, want: []string{
			`<h2>Other services <span class="state">(Always on)</span></h2>`,
			"you are not asked about them",
		}, notWant: []string{`name="unknown"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.UnknownTags = tc.policy })
			now := time.Now()
			f.inv.SeeHost("static.example-cdn.net", "/blog/post?q=secret", classify.Decision{Purpose: purpose.Unknown}, now)
			f.inv.SeeHost("static.example-cdn.net", "/later", classify.Decision{Purpose: purpose.Unknown}, now)
			f.inv.SeeHost("px.mystery.example", "/", classify.Decision{Purpose: purpose.Unknown}, now)
			f.inv.SeeHost("stats.example", "/", classify.Decision{Purpose: purpose.Analytics}, now)
			body := f.serve(t, httptest.NewRequest("GET", "/privacy-choices", nil)).Body.String()
			i := strings.Index(body, `id="other-services"`)
			if i < 0 {
				t.Fatalf("no Other services row:\n%s", body)
			}
			row := body[i:]
			row = row[:strings.Index(row, "</fieldset>")]
			for _, s := range tc.want {
				if !strings.Contains(row, s) {
					t.Errorf("row lacks %q:\n%s", s, row)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(row, s) {
					t.Errorf("row has %q:\n%s", s, row)
				}
			}
		})
	}
	t.Run("spanish", func(t *testing.T) {
		f := newFixture(t)
		r := httptest.NewRequest("GET", "/privacy-choices", nil)
		r.Header.Set("Accept-Language", "es")
		if body := f.serve(t, r).Body.String(); !strings.Contains(body, "<span>Otros servicios <span") || !strings.Contains(body, "Ninguno por ahora.") {
			t.Errorf("no Spanish Other services row:\n%s", body)
		}
	})
}

func TestChoicesFormOtherServices(t *testing.T) {
	for _, tc := range []struct {
		name, policy string
		form         url.Values
		want         uint8
	}{
		{"only other services", "", url.Values{"action": {"save"}, "unknown": {"on"}}, 1 << purpose.Unknown},
		{"other services and analytics", "", url.Values{"action": {"save"}, "unknown": {"on"}, "analytics": {"on"}}, 1<<purpose.Unknown | 1<<purpose.Analytics},
		{"not ticked", "", url.Values{"action": {"save"}, "analytics": {"on"}}, 1 << purpose.Analytics},
		{"accept all", "", url.Values{"action": {"accept_all"}}, consent.AllChoices(true).Granted},
		{"reject all", "", url.Values{"action": {"reject_all"}}, 0},
		{"not offered under block", UnknownBlock, url.Values{"action": {"save"}, "unknown": {"on"}}, 0},
		{"accept all under block", UnknownBlock, url.Values{"action": {"accept_all"}}, consent.AllChoices(true).Granted &^ (1 << purpose.Unknown)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.UnknownTags = tc.policy })
			w := f.serve(t, formPost("/privacy-choices", tc.form, "Origin", "http://example.com"))
			if w.Code != 303 || len(f.receipts) != 1 {
				t.Fatalf("status %d, %d receipts", w.Code, len(f.receipts))
			}
			if got := f.receipts[0].Granted; got != tc.want {
				t.Errorf("recorded %08b, want %08b", got, tc.want)
			}
			r := httptest.NewRequest("GET", "/privacy-choices", nil)
			r.Header.Set("Cookie", consentCookieOf(w))
			body := f.serve(t, r).Body.String()
			checked := strings.Contains(body, `name="unknown" value="on" checked`)
			if checked != (tc.want&(1<<purpose.Unknown) != 0) {
				t.Errorf("the page shows other services checked=%v after recording %08b", checked, tc.want)
			}
		})
	}
}
