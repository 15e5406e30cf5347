package caddymodule

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/consent/receipts"
)

const (
	testHash  = "SEhISEhISEhISEhISEhISGNhZGR5LWNvbnNlbnQtdGUwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg=="
	testBlock = "Y2FkZHktY29uc2VudC10ZXN0LWJsb2NrLWtleS0wMDE="
)

// newBenchHandler is newTestHandler for benchmarks, without receipts.
func newBenchHandler(b *testing.B) *Handler {
	return newTestHandler(b, "off")
}

// newTestHandler provisions a handler as Caddy would, with test keys and a
// receipts file in a temporary directory (or the given path).
func newTestHandler(t testing.TB, receiptsPath string, mutate ...func(*Handler)) *Handler {
	t.Helper()
	if receiptsPath == "" {
		receiptsPath = filepath.Join(t.TempDir(), "receipts.db")
	}
	h := &Handler{
		PolicyVersion:  "v1",
		Keys:           []KeyPairConfig{{Hash: testHash, Block: testBlock}},
		SensitivePaths: []string{"/secure/*"},
		SiteName:       "Northwind",
		Receipts:       receiptsPath,
	}
	for _, m := range mutate {
		m(h)
	}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	t.Cleanup(cancel)
	if err := h.Provision(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Cleanup() })
	return h
}

// withReplacer adds the Caddy replacer a request carries in a server.
func withReplacer(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), caddy.ReplacerCtxKey, caddy.NewReplacer()))
}

// serve runs one request through the handler with a next handler that
// answers "upstream".
func serve(h *Handler, r *http.Request) *httptest.ResponseRecorder {
	r = withReplacer(r)
	w := httptest.NewRecorder()
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		_, err := w.Write([]byte("upstream"))
		return err
	})
	if err := h.ServeHTTP(w, r, next); err != nil {
		w.Code = 599
	}
	return w
}

func formPost(target string, form url.Values, headers ...string) *http.Request {
	r := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func consentCookieOf(w *httptest.ResponseRecorder) string {
	for _, l := range w.Header().Values("Set-Cookie") {
		if strings.HasPrefix(l, DefaultCookieName+"=") {
			return strings.SplitN(l, ";", 2)[0]
		}
	}
	return ""
}

func TestEveryStringInEveryLanguage(t *testing.T) {
	if len(languages) < 2 {
		t.Fatalf("languages: %v", languageTags)
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
			for _, k := range []string{"functional", "analytics", "beacon", "retargeting", "social"} {
				e := v.MapIndex(reflect.ValueOf(k))
				if !e.IsValid() {
					t.Errorf("%s: %s lacks %s", lang, path, k)
					continue
				}
				check(lang, path+"."+k, e)
			}
		}
	}
	for lang, tx := range languages {
		check(lang, "texts", reflect.ValueOf(*tx))
	}
}

func TestNegotiateLang(t *testing.T) {
	for i, tc := range []struct{ header, want string }{
		{"", "en"}, {"es", "es"}, {"es-MX,es;q=0.9,en;q=0.8", "es"}, {"fr,es;q=0.5", "es"},
		{"en;q=0.5,es;q=0.9", "es"}, {"es;q=0", "en"}, {"de", "en"}, {"ES-es", "es"}, {"es;q=abc,en", "en"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", tc.header)
		if got := negotiateLang(r); got != tc.want {
			t.Errorf("Test %d (%q): %s, want %s", i, tc.header, got, tc.want)
		}
	}
}

func TestChoicesPage(t *testing.T) {
	h := newTestHandler(t, "")
	w := serve(h, httptest.NewRequest("GET", "/privacy-choices", nil))
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "Accept all") || !strings.Contains(body, "Reject all") || !strings.Contains(body, "Save my choices") {
		t.Fatalf("page: %d\n%s", w.Code, body)
	}
	if strings.Contains(body, " checked") {
		t.Error("a box is pre-ticked before any decision")
	}
	for _, want := range []string{`<main`, `<label for="purpose-analytics">`, `sale or sharing`, `/secure/*`, `lang="en"`, `name="token"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if w.Header().Get("X-Frame-Options") != "DENY" || !strings.Contains(w.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("page can be framed")
	}
	if consentCookieOf(w) != "" {
		t.Error("the consent cookie was written before a decision")
	}

	r := httptest.NewRequest("GET", "/privacy-choices", nil)
	r.Header.Set("Accept-Language", "es-ES,es;q=0.9")
	r.Header.Set("Sec-GPC", "1")
	body = serve(h, r).Body.String()
	if !strings.Contains(body, "Rechazar todo") || !strings.Contains(body, `lang="es"`) || !strings.Contains(body, "Global Privacy Control") {
		t.Errorf("Spanish page with GPC:\n%s", body)
	}
}

func TestChoicesPageEscapesReflectedValues(t *testing.T) {
	h := newTestHandler(t, "")
	h.SiteName = ""
	r := httptest.NewRequest("GET", `/privacy-choices?return_to=/x"><script>alert(1)</script>`, nil)
	r.Host = `evil"><script>alert(2)</script>`
	body := serve(h, r).Body.String()
	if strings.Contains(body, "<script>alert") {
		t.Errorf("reflected markup:\n%s", body)
	}
	r = formPost("/privacy-choices", url.Values{"action": {"bogus<script>"}, "return_to": {`"><img src=x onerror=alert(3)>`}}, "Origin", "http://example.com")
	if body := serve(h, r).Body.String(); strings.Contains(body, "<img src=x") || strings.Contains(body, "bogus<script>") {
		t.Errorf("reflected markup in error page:\n%s", body)
	}
}

func TestChoicesForm(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "receipts.db")
	h := newTestHandler(t, dbPath)
	page := serve(h, httptest.NewRequest("GET", "/privacy-choices", nil))
	var tokenCookie *http.Cookie
	for _, c := range page.Result().Cookies() {
		if c.Name == DefaultCookieName+"_form" {
			tokenCookie = c
		}
	}
	if tokenCookie == nil {
		t.Fatal("no form token cookie")
	}
	save := url.Values{"action": {"save"}, "analytics": {"on"}, "persistent": {"on"}, "return_to": {"/blog/post?x=1"}}

	for i, tc := range []struct {
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
		{"unknown action", formPost("/privacy-choices", url.Values{"action": {"delete_everything"}}, "Origin", "http://example.com"), 400, ""},
		{"wrong type", func() *http.Request {
			r := formPost("/privacy-choices", save, "Origin", "http://example.com")
			r.Header.Set("Content-Type", "application/json")
			return r
		}(), 400, ""},
		{"oversize", formPost("/privacy-choices", withField(save, "pad", strings.Repeat("x", 10000)), "Origin", "http://example.com"), 400, ""},
		{"method", httptest.NewRequest("PUT", "/privacy-choices", nil), 405, ""},
	} {
		w := serve(h, tc.req)
		if w.Code != tc.status {
			t.Errorf("Test %d (%s): status %d, want %d", i, tc.name, w.Code, tc.status)
			continue
		}
		if got := w.Header().Get("Location"); got != tc.location {
			t.Errorf("Test %d (%s): Location %q, want %q", i, tc.name, got, tc.location)
		}
		if (tc.status == 303) != (consentCookieOf(w) != "") {
			t.Errorf("Test %d (%s): consent cookie %q", i, tc.name, consentCookieOf(w))
		}
	}

	// GET never changes anything, whatever its query says.
	if w := serve(h, httptest.NewRequest("GET", "/privacy-choices?action=accept_all", nil)); consentCookieOf(w) != "" {
		t.Error("GET with action=accept_all decided")
	}

	// The saved decision shows on the page with its receipt, and the
	// receipt reaches the store.
	w := serve(h, formPost("/privacy-choices", save, "Origin", "http://example.com"))
	r := httptest.NewRequest("GET", "/privacy-choices", nil)
	r.Header.Set("Cookie", consentCookieOf(w))
	body := serve(h, r).Body.String()
	st := h.requestState(r)
	if !st.Decided || !strings.Contains(body, st.Choices.Receipt) || !strings.Contains(body, `id="purpose-analytics" name="analytics" value="on" checked`) {
		t.Fatalf("decision not shown:\n%s", body)
	}
	if err := h.Cleanup(); err != nil { // drains the receipts writer
		t.Fatal(err)
	}
	h.receiptsKey = ""
	s, err := receipts.OpenSQLite(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rc, err := s.Get(context.Background(), st.Choices.Receipt)
	if err != nil || rc.Source != "page" || !reflect.DeepEqual(rc.Granted, []string{"analytics"}) || !rc.Persistent || rc.Mode != "opt_in" {
		t.Errorf("stored receipt %+v, %v", rc, err)
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
	for i, tc := range []struct{ in, want string }{
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
		if got := safeReturnTo(tc.in); got != tc.want {
			t.Errorf("Test %d (%q): %q, want %q", i, tc.in, got, tc.want)
		}
	}
}

func TestFailingReceiptStoreNeverBreaksServing(t *testing.T) {
	// A receipts path under a regular file can never be opened.
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newTestHandler(t, filepath.Join(blocker, "receipts.db"))
	start := time.Now()
	for i := 0; i < 20; i++ {
		w := serve(h, formPost("/privacy-choices", url.Values{"action": {"reject_all"}}, "Origin", "http://example.com"))
		if w.Code != 303 || consentCookieOf(w) == "" {
			t.Fatalf("decision %d: %d", i, w.Code)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("20 decisions took %s with a failing store", d)
	}
	if w := serve(h, httptest.NewRequest("GET", "/privacy-choices", nil)); w.Code != 200 {
		t.Errorf("page with a failing store: %d", w.Code)
	}
	if w := serve(h, httptest.NewRequest("GET", "/anything", nil)); w.Code != 200 || w.Body.String() != "upstream" {
		t.Errorf("site with a failing store: %d %q", w.Code, w.Body.String())
	}
	// Nothing is dropped silently: every receipt is pending (being
	// retried), and once the writer gives up (here at shutdown, as the
	// spool cannot be written either) each one is counted as lost.
	res := h.receipts.res
	if st := res.Stats(); st.Pending+int(st.Lost+st.Spooled+st.Stored) != 20 {
		t.Errorf("receipts not accounted for: %+v", st)
	}
	if err := h.Cleanup(); err != nil {
		t.Log(err)
	}
	h.receiptsKey = ""
	if st := res.Stats(); st.Lost != 20 {
		t.Errorf("after shutdown: %+v, want 20 lost and reported", st)
	}
}

func TestConsentCookieOverHTTPS(t *testing.T) {
	h := newTestHandler(t, "off")
	r := httptest.NewRequest("POST", "https://shop.example/privacy-choices/api", strings.NewReader(`{"all": true}`))
	r.Header.Set("Content-Type", "application/json")
	w := serve(h, r)
	var hostCookie string
	for _, l := range w.Header().Values("Set-Cookie") {
		if strings.HasPrefix(l, "__Host-"+DefaultCookieName+"=") {
			hostCookie = l
		}
	}
	if w.Code != 200 || !strings.Contains(hostCookie, "Secure") || !strings.Contains(hostCookie, "Path=/") ||
		!strings.Contains(hostCookie, "HttpOnly") || strings.Contains(strings.ToLower(hostCookie), "domain=") {
		t.Fatalf("HTTPS consent cookie: %d %q", w.Code, w.Header().Values("Set-Cookie"))
	}
	// It is read back, and a plain-named copy from an http visit that
	// grants less makes the most restrictive win.
	pair := strings.SplitN(hostCookie, ";", 2)[0]
	r2 := httptest.NewRequest("GET", "https://shop.example/privacy-choices/api", nil)
	r2.Header.Set("Cookie", pair)
	if st := h.requestState(r2); !st.Decided || !st.Granted(purpose.Retargeting) {
		t.Errorf("__Host- cookie not read: %+v", st)
	}
	rej := serve(h, func() *http.Request {
		r := httptest.NewRequest("POST", "http://shop.example/privacy-choices/api", strings.NewReader(`{"all": false}`))
		r.Header.Set("Content-Type", "application/json")
		return r
	}())
	r2.Header.Set("Cookie", pair+"; "+consentCookieOf(rej))
	if st := h.requestState(r2); !st.Decided || st.Granted(purpose.Retargeting) {
		t.Errorf("most restrictive did not win: %+v", st)
	}
}

func TestChoicesPageListsWhatTheSiteSets(t *testing.T) {
	h := newTestHandler(t, "off")
	r := withReplacer(httptest.NewRequest("GET", "http://shop.example/", nil))
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Add("Set-Cookie", "_pk_id.7.abcd=1; Max-Age=100")
		w.WriteHeader(200)
		return nil
	})
	if err := h.ServeHTTP(httptest.NewRecorder(), r, next); err != nil {
		t.Fatal(err)
	}
	body := serve(h, httptest.NewRequest("GET", "http://shop.example/privacy-choices", nil)).Body.String()
	i, j := strings.Index(body, `id="purpose-analytics"`), strings.Index(body, `id="purpose-beacon"`)
	if i < 0 || j < i || !strings.Contains(body[i:j], "<li>_pk_id.7.abcd</li>") {
		t.Errorf("analytics row does not list the cookie the site set:\n%s", body)
	}
}
