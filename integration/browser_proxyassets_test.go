//go:build browser

package integration

import (
	"os"
	"strings"
	"testing"
)

// TestBrowserProxyAssets: in Chromium, a page whose Google Fonts
// stylesheet and CDN script are proxied makes no request to a CDN host;
// the script, loaded with its integrity attribute, runs (its hash still
// verifies), and the font the proxied stylesheet names loads from the
// proxy path.
func TestBrowserProxyAssets(t *testing.T) {
	fontFile, err := os.ReadFile(cdnFont)
	if err != nil {
		t.Fatalf("the test font (Debian's fonts-liberation, which .ci/run installs): %v", err)
	}
	cdn := newFakeCDN(t, fontFile)
	up := newProxiedPageUpstream(t)
	g := startGateway(t, consentSite(up.URL, cdn.proxyAssetsOptions()), "")
	br := startBrowser(t)

	tb := br.newTab(t, g.URL)
	tb.open("/")
	if ran := eval[string](tb, `document.documentElement.dataset.proxiedScript || ""`); ran != "ran" {
		t.Errorf("the proxied script with integrity did not run (dataset %q)", ran)
	}
	loaded := eval[bool](tb, `document.fonts.load("16px 'Proxied Sans'").then(fs => fs.length > 0 && fs.every(f => f.status === "loaded"))`)
	if !loaded || !eval[bool](tb, `document.fonts.check("16px 'Proxied Sans'")`) {
		t.Error("the font named by the proxied stylesheet did not load")
	}
	for _, r := range tb.thirdParty() {
		t.Errorf("request to a third party: %s %s", r.Type, r.URL)
	}
	for _, h := range tb.pageConnections() {
		if strings.Contains(h, "gstatic") || strings.Contains(h, "googleapis") || strings.Contains(h, "jsdelivr") {
			t.Errorf("connection to %s", h)
		}
	}
	var font, script bool
	for _, r := range tb.localRequests() {
		font = font || strings.HasSuffix(r, "/privacy-choices/assets/fonts.gstatic.com/s/proxiedsans/v1/regular.ttf")
		script = script || strings.HasSuffix(r, "/privacy-choices/assets/cdn.jsdelivr.net/npm/lib@1/lib.js")
	}
	if !font || !script {
		t.Errorf("font asked from the proxy %v, script %v; requests:\n%s", font, script, strings.Join(tb.localRequests(), "\n"))
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.console {
		if strings.Contains(m.String(), "integrity") {
			t.Errorf("console: %s", m)
		}
	}
}
