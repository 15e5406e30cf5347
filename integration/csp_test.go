package integration

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestStrictCSPAndNoTransform(t *testing.T) {
	page := `<!doctype html><html><head><script nonce="abc123" src="https://connect.facebook.net/en_US/fbevents.js"></script></head><body></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/csp", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Security-Policy", "script-src 'nonce-abc123' 'strict-dynamic'; object-src 'none'")
		w.Write([]byte(page))
	})
	mux.HandleFunc("/notransform", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-transform")
		w.Write([]byte(page))
	})
	up := httptest.NewServer(mux)
	t.Cleanup(up.Close)
	g := startGateway(t, consentSite(up.URL, testKeys), "")

	_, body := request(t, "GET", g.URL+"/csp", "", "Accept: text/html")
	if !strings.Contains(body, `<script nonce="abc123" data-privacy-choices="consent-mode">`) ||
		!strings.Contains(body, `nonce="abc123" defer data-privacy-choices="client"`) {
		t.Errorf("inserted scripts lack the page's CSP nonce:\n%s", body)
	}
	if !strings.Contains(body, `data-consent-src="https://connect.facebook.net/en_US/fbevents.js"`) {
		t.Errorf("script not held:\n%s", body)
	}
	_, body = request(t, "GET", g.URL+"/notransform", "", "Accept: text/html")
	if !strings.Contains(body, `data-consent-src=`) {
		t.Errorf("Cache-Control: no-transform switched protection off:\n%s", body)
	}
}
