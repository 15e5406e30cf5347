package integration

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPlaceholderKeepsIframeSize: the placeholder of a held iframe of fixed
// size takes its size, so nothing shifts when it is allowed; a page whose
// CSP refuses style attributes gets the placeholder without one.
func TestPlaceholderKeepsIframeSize(t *testing.T) {
	page := `<!doctype html><html><head><title>Video</title></head><body>` +
		`<iframe width="640" height="360" src="https://www.youtube.com/embed/abc" allowfullscreen></iframe></body></html>`
	mux := http.NewServeMux()
	for path, csp := range map[string]string{"/plain": "", "/inline-ok": "style-src 'self' 'unsafe-inline'", "/strict": "default-src 'self'"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if csp != "" {
				w.Header().Set("Content-Security-Policy", csp)
			}
			w.Write([]byte(page))
		})
	}
	up := httptest.NewServer(mux)
	t.Cleanup(up.Close)
	g := startGateway(t, consentSite(up.URL, "mode opt_in\n"+testKeys), "")
	const sized = `<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="social" style="width:640px;max-width:100%;aspect-ratio:640/360">`
	for _, tc := range []struct {
		path, want string
	}{
		{"/plain", sized},
		{"/inline-ok", sized},
		{"/strict", `<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="social">`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			_, body := request(t, "GET", g.URL+tc.path, "", "Accept: text/html")
			if !strings.Contains(body, tc.want) {
				t.Errorf("no %s in:\n%s", tc.want, body)
			}
			if !strings.Contains(body, `<iframe data-consent="social" width="640" height="360" data-consent-src="https://www.youtube.com/embed/abc" allowfullscreen>`) {
				t.Errorf("iframe not held:\n%s", body)
			}
		})
	}
}
