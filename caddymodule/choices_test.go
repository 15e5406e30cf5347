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

// TestChoicesWiring: the handler serves the surface's endpoints before
// anything else and passes every other request upstream.
func TestChoicesWiring(t *testing.T) {
	h := newTestHandler(t, "off")
	for _, path := range []string{"/privacy-choices", "/privacy-choices/api", "/privacy-choices/consent.js", "/.well-known/gpc.json"} {
		if w := serve(h, httptest.NewRequest("GET", path, nil)); w.Code != 200 || w.Body.String() == "upstream" {
			t.Errorf("%s: %d %.40q, want the surface's answer", path, w.Code, w.Body)
		}
	}
	if w := serve(h, httptest.NewRequest("GET", "/privacy-choices/other", nil)); w.Body.String() != "upstream" {
		t.Errorf("/privacy-choices/other: %d %.40q, want the upstream's answer", w.Code, w.Body)
	}
}

// TestDecisionReachesTheStore: a decision made on the page is read back by
// the handler's own state resolution, shown on the page, and stored as a
// receipt.
func TestDecisionReachesTheStore(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "receipts.db")
	h := newTestHandler(t, dbPath)
	save := url.Values{"action": {"save"}, "analytics": {"on"}, "persistent": {"on"}}
	w := serve(h, formPost("/privacy-choices", save, "Origin", "http://example.com"))
	if w.Code != 303 || w.Header().Get("Location") != "/privacy-choices?saved=1" {
		t.Fatalf("form: %d %q", w.Code, w.Header().Get("Location"))
	}
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

// TestDescriptionsReachTheBanner: the operator's describe text is in the
// client configuration the handler inserts into a page.
func TestDescriptionsReachTheBanner(t *testing.T) {
	const desc = "We count visits with our own Matomo."
	h := newTestHandler(t, "off", func(h *Handler) { h.Descriptions = map[string]string{"analytics": desc} })
	for _, lang := range []string{"en", "es"} {
		t.Run(lang, func(t *testing.T) {
			r := withReplacer(httptest.NewRequest("GET", "http://shop.example/", nil))
			r.Header.Set("Accept", "text/html")
			r.Header.Set("Accept-Language", lang)
			w := httptest.NewRecorder()
			next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, err := w.Write([]byte("<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>"))
				return err
			})
			if err := h.ServeHTTP(w, r, next); err != nil {
				t.Fatal(err)
			}
			body := w.Body.String()
			if !strings.Contains(body, `"analytics":{"name":"`) || !strings.Contains(body, `"desc":"`+desc+`"`) || !strings.Contains(body, `"lang":"`+lang+`"`) {
				t.Errorf("inserted block lacks the operator's description:\n%s", body)
			}
		})
	}
}
func TestFailingReceiptStoreNeverBreaksServing(t *testing.T) {
	// A receipts path under a regular file can never be opened. Validate
	// refuses one, so the file takes the directory's place after it.
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	h := newTestHandler(t, filepath.Join(blocker, "receipts.db"))
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		w := serve(h, formPost("/privacy-choices", url.Values{"action": {"reject_all"}}, "Origin", "http://example.com"))
		if w.Code != 303 || consentCookieOf(w) == "" {
			t.Fatalf("decision %d: %d", i, w.Code)
		}
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

// BenchmarkDecisionWithFailingStore measures a decision while the receipt
// store cannot be opened: recording must not wait for it.
func BenchmarkDecisionWithFailingStore(b *testing.B) {
	blocker := filepath.Join(b.TempDir(), "not-a-dir")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		b.Fatal(err)
	}
	h := newTestHandler(b, filepath.Join(blocker, "receipts.db"))
	form := url.Values{"action": {"reject_all"}}
	for b.Loop() {
		if w := serve(h, formPost("/privacy-choices", form, "Origin", "http://example.com")); w.Code != 303 {
			b.Fatalf("decision: %d", w.Code)
		}
	}
}
