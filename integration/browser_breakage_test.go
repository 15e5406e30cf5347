//go:build browser

package integration

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// breakagePage is the staging page whose own code depends on a public
// CDN's library and plugin, a web font and the site's second domain, and
// which carries trackers and a video of fixed size (see staging/TAGS.md).
const breakagePage = "/site-libraries.html"

// secondDomain is the site's own other domain, declared with first_party.
const secondDomain = "static.northwind-cdn.example"

// TestBrowserBreakage: the example gateway (with the site's second domain
// as first_party) in front of the staging site, against the raw upstream
// as the reference. Before a choice, after "Reject all" and after "Accept
// all" the site's own code runs as on the raw page, its libraries, font
// and second-domain files load, the held video's placeholder keeps the
// video's box, the console shows no error the raw page does not, and the
// trackers load only after "Accept all".
func TestBrowserBreakage(t *testing.T) {
	sites, upstreamPort := exampleSites(t)
	const anchor = "\t\tunknown_tags ask\n"
	if !strings.Contains(sites, anchor) {
		t.Fatalf("Caddyfile.example has no %q line to add first_party after", strings.TrimSpace(anchor))
	}
	sites = strings.Replace(sites, anchor, anchor+"\t\tfirst_party "+secondDomain+"\n", 1)
	g := startGateway(t, sites, "")
	rawURL := fmt.Sprintf("http://127.0.0.1:%d", upstreamPort)
	br := startBrowser(t)
	serveBreakageStandIns(t, br)

	var ref pageFacts
	t.Run("raw upstream (reference)", func(t *testing.T) {
		tb := br.newTab(t, rawURL)
		ref = visitBreakagePage(t, tb)
		checkSiteWorks(t, ref)
		if !ref.Video.Iframe || ref.Video.Placeholder {
			t.Fatalf("the raw page's video: %+v, want the iframe and no placeholder", ref.Video)
		}
		if math.Abs(ref.Video.W-560) > 1 || math.Abs(ref.Video.H-315) > 1 {
			t.Errorf("the raw page's video is %gx%g, want its attributes' 560x315", ref.Video.W, ref.Video.H)
		}
		if !requested(tb.thirdParty(), trackerHost) {
			t.Error("the raw page requested no tracker: the fixture's tags do not load")
		}
		t.Logf("the raw page's console errors: %q", consoleErrors(ref.console, rawURL))
	})
	if t.Failed() {
		t.FailNow()
	}

	t.Run("new visitor", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		facts := visitBreakagePage(t, tb)
		checkBanner(t, tb)
		checkLikeRaw(t, tb, ref, facts, g.URL, rawURL)
		checkVideoHeld(t, ref, facts)
		checkNoTrackers(t, tb, "before a choice")
	})

	for _, c := range []struct {
		button string
		check  func(t *testing.T, tb *tab, f pageFacts, when string) // the video and the trackers
	}{
		{"reject", func(t *testing.T, tb *tab, f pageFacts, when string) {
			checkVideoHeld(t, ref, f)
			checkNoTrackers(t, tb, when)
		}},
		{"accept", func(t *testing.T, tb *tab, f pageFacts, when string) {
			checkVideoBack(t, ref, f)
			checkTrackersLoaded(t, tb, when)
		}},
	} {
		t.Run(c.button+" all", func(t *testing.T) {
			tb := br.newTab(t, g.URL)
			visitBreakagePage(t, tb)
			clickChoice(t, tb, c.button)
			c.check(t, tb, measureBreakagePage(t, tb), "after "+c.button+" all, in the page")

			tb.reset()
			facts := visitBreakagePage(t, tb) // the next page view, with the decision
			checkLikeRaw(t, tb, ref, facts, g.URL, rawURL)
			c.check(t, tb, facts, "after "+c.button+" all, on the next page view")
		})
	}
}

// clickChoice clicks the banner's button (accept or reject), waits for the
// decision and the requests it starts, which are all the tab records.
func clickChoice(t *testing.T, tb *tab, button string) {
	t.Helper()
	eval[chromedp.Void](tb, noReloadAndWatchJS)
	tb.reset()
	tb.do("click "+button, chromedp.Click(chromedp.CSS("#privacy-choices-"+button)))
	waitChange(t, tb)
	tb.quiet(700 * time.Millisecond)
}

// serveBreakageStandIns answers the page's CDN, font and second-domain
// URLs with small stand-ins (testdata/standins/README.md), so the page's
// own code really depends on them.
func serveBreakageStandIns(t *testing.T, br *browser) {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(repoRoot, "integration", "testdata", "standins", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	jquery := read("jquery-3.7.1.min.js")
	page, err := os.ReadFile(filepath.Join(repoRoot, "integration", "staging", strings.TrimPrefix(breakagePage, "/")))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum384(jquery)
	if sri := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); !bytes.Contains(page, []byte(`integrity="`+sri+`"`)) {
		t.Fatalf("%s does not carry the stand-in jQuery's hash %s", breakagePage, sri)
	}
	font, err := os.ReadFile(cdnFont)
	if err != nil {
		t.Fatalf("the test font (Debian's fonts-liberation, which .ci/run installs): %v", err)
	}
	const js = "text/javascript; charset=utf-8"
	br.serve("https://code.jquery.com/jquery-3.7.1.min.js", js, jquery)
	br.serve("https://cdn.jsdelivr.net/npm/northwind-tabs@1.2.0/dist/northwind-tabs.min.js", js, read("northwind-tabs.min.js"))
	br.serve("https://"+secondDomain+"/js/widgets.js", js, read("widgets.js"))
	br.serve("https://"+secondDomain+"/img/badge.png", "image/png", badgePNG(t))
	br.serve("https://fonts.googleapis.com/css2?family=Northwind+Sans&display=swap", "text/css; charset=utf-8", []byte(
		"@font-face {\n  font-family: 'Northwind Sans';\n  font-style: normal;\n  font-weight: 400;\n  font-display: swap;\n"+
			"  src: url(https://fonts.gstatic.com/s/northwindsans/v1/regular.ttf) format('truetype');\n}\n"))
	br.serve("https://fonts.gstatic.com/s/northwindsans/v1/regular.ttf", "font/ttf", font)
}

// badgePNG is the second domain's image: 88x31, the size the page gives.
func badgePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 88, 31))
	for y := range 31 {
		for x := range 88 {
			img.Set(x, y, color.RGBA{R: 11, G: 92, B: 173, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pageFacts is what one view of the page shows of the site's own code.
type pageFacts struct {
	Markers map[string]string         `json:"markers"` // data-* set on <html> by the site's scripts
	Styled  bool                      `json:"styled"`  // the inline script's $('h1').addClass ran
	Plans   int                       `json:"plans"`   // list items the first-party script styled
	Badge   int                       `json:"badge"`   // natural width of the second domain's image
	Font    bool                      `json:"font"`    // document.fonts.check for the web font
	Video   videoBox                  `json:"video"`
	After   float64                   `json:"after"` // document top of the paragraph after the video
	console []chromedp.ConsoleMessage // of this page view
}

// videoBox is where the video (or its placeholder) is.
type videoBox struct {
	Iframe      bool    `json:"iframe"`      // a displayed iframe with a src is in #video
	Placeholder bool    `json:"placeholder"` // a displayed placeholder is in #video
	W           float64 `json:"w"`           // the box of the displayed one
	H           float64 `json:"h"`
}

// visitBreakagePage opens the page, waits for the site's code and the
// font, and returns what it shows, with the console of this page view.
func visitBreakagePage(t *testing.T, tb *tab) pageFacts {
	t.Helper()
	tb.mu.Lock()
	seen := len(tb.console)
	tb.mu.Unlock()
	tb.open(breakagePage)
	if !waitFor(t, tb, `document.documentElement.dataset.font !== undefined`) {
		t.Errorf("the page's inline script did not get to its font check (dataset %s)",
			eval[string](tb, `JSON.stringify(document.documentElement.dataset)`))
	}
	tb.quiet(300 * time.Millisecond)
	facts := measureBreakagePage(t, tb)
	tb.mu.Lock()
	facts.console = slices.Clone(tb.console[seen:])
	tb.mu.Unlock()
	return facts
}

// measureBreakagePage reads the page's markers and boxes.
func measureBreakagePage(t *testing.T, tb *tab) pageFacts {
	t.Helper()
	return eval[pageFacts](tb, `(function () {
		var shown = function (e) {
			if (!e) return null;
			var r = e.getBoundingClientRect(), cs = getComputedStyle(e);
			return r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility !== 'hidden' ? r : null;
		};
		var v = document.getElementById('video');
		var iframe = Array.prototype.filter.call(v.querySelectorAll('iframe[src]'), shown)[0];
		var ph = Array.prototype.filter.call(v.querySelectorAll('.privacy-choices-placeholder'), shown)[0];
		var box = shown(iframe || ph) || {width: 0, height: 0};
		var badge = document.getElementById('badge');
		var markers = {};
		for (var k in document.documentElement.dataset) markers[k] = document.documentElement.dataset[k];
		return {
			markers: markers,
			styled: document.querySelector('h1').classList.contains('site-styled'),
			plans: document.querySelectorAll('#plans li.plan-ready').length,
			badge: badge.complete ? badge.naturalWidth : 0,
			font: document.fonts.check("16px 'Northwind Sans'"),
			video: {iframe: !!iframe, placeholder: !!ph, w: box.width, h: box.height},
			after: document.getElementById('after-video').getBoundingClientRect().top + scrollY
		};
	})()`)
}

// siteMarkers are the values the site's own scripts set on <html> when
// everything they depend on loaded.
var siteMarkers = map[string]string{
	"siteReady":    "yes",    // the inline script ran its $(fn)
	"jquery":       "3.7.1",  // libraries.js saw jQuery from code.jquery.com
	"tabs":         "on",     // the jsDelivr plugin ran on the page
	"widgets":      "1",      // libraries.js saw the second domain's script
	"secondDomain": "ran",    // the second domain's script ran
	"font":         "loaded", // document.fonts.load found the web font
}

// checkSiteWorks asserts that the site's own code ran with everything it
// depends on.
func checkSiteWorks(t *testing.T, f pageFacts) {
	t.Helper()
	for k, want := range siteMarkers {
		if got := f.Markers[k]; got != want {
			t.Errorf("the site's marker data-%s = %q, want %q (markers %v)", k, got, want, f.Markers)
		}
	}
	if !f.Styled || f.Plans != 3 {
		t.Errorf("the site's jQuery calls: h1 styled %v, %d of 3 plans styled", f.Styled, f.Plans)
	}
	if f.Badge != 88 {
		t.Errorf("the second domain's image: natural width %d, want 88 (not loaded)", f.Badge)
	}
	if !f.Font {
		t.Error("document.fonts.check: the web font from fonts.gstatic.com is not loaded")
	}
}

// checkLikeRaw asserts that a page view through the gateway works as the
// raw page: the site's code, the infrastructure it loads, and a console with no error the raw page does not show and
// nothing at all from the consent client.
func checkLikeRaw(t *testing.T, tb *tab, ref, f pageFacts, gatewayURL, rawURL string) {
	t.Helper()
	checkSiteWorks(t, f)
	reqs := tb.thirdParty()
	for _, want := range []string{
		"https://code.jquery.com/jquery-3.7.1.min.js",
		"https://cdn.jsdelivr.net/npm/northwind-tabs@1.2.0/dist/northwind-tabs.min.js",
		"https://" + secondDomain + "/js/widgets.js",
		"https://" + secondDomain + "/img/badge.png",
		"https://fonts.googleapis.com/css2?family=Northwind+Sans&display=swap",
		"https://fonts.gstatic.com/s/northwindsans/v1/regular.ttf",
	} {
		if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.URL == want }) {
			t.Errorf("no request for %s", want)
		}
	}
	refErrors := consoleErrors(ref.console, rawURL)
	for _, e := range consoleErrors(f.console, gatewayURL) {
		if !slices.Contains(refErrors, e) {
			t.Errorf("console error the raw page does not show: %s", e)
		}
	}
	for _, m := range f.console {
		if strings.Contains(m.URL, "/privacy-choices/") || strings.Contains(m.Text, "/privacy-choices/") {
			t.Errorf("console message from the consent client: %s (%s:%d)", m, m.URL, m.Line+1)
		}
	}
}

// consoleErrors returns the errors and exceptions of a page view, each as
// its type and first line with the page's origin replaced, so the gateway's
// and the raw page's compare.
func consoleErrors(msgs []chromedp.ConsoleMessage, origin string) []string {
	var out []string
	for _, m := range msgs {
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		text, _, _ := strings.Cut(m.Text, "\n")
		out = append(out, string(m.Type)+": "+strings.ReplaceAll(text, origin, "ORIGIN"))
	}
	return out
}

// checkVideoHeld asserts that the video is held and its placeholder takes
// the raw page's video box.
func checkVideoHeld(t *testing.T, ref, f pageFacts) {
	t.Helper()
	switch {
	case f.Video.Iframe:
		t.Error("the video is shown: the YouTube embed was not held")
	case !f.Video.Placeholder:
		t.Error("no placeholder is shown for the held video")
	case math.Abs(f.Video.W-ref.Video.W) > 1 || math.Abs(f.Video.H-ref.Video.H) > 1:
		t.Errorf("the placeholder is %gx%g, the raw page's video %gx%g", f.Video.W, f.Video.H, ref.Video.W, ref.Video.H)
	}
	// The placeholder sits in the line as the inline iframe does, so
	// nothing below moves when the video comes back.
	if math.Abs(f.After-ref.After) > 1 {
		t.Errorf("with the placeholder, the paragraph after the video is at %gpx, on the raw page at %gpx", f.After, ref.After)
	}
}

// checkVideoBack asserts that the video is back in the raw page's box and
// what follows it where it is on the raw page.
func checkVideoBack(t *testing.T, ref, f pageFacts) {
	t.Helper()
	switch {
	case !f.Video.Iframe || f.Video.Placeholder:
		t.Errorf("video after Accept all: %+v, want the iframe without a placeholder", f.Video)
	case math.Abs(f.Video.W-ref.Video.W) > 1 || math.Abs(f.Video.H-ref.Video.H) > 1:
		t.Errorf("the video is %gx%g, on the raw page %gx%g", f.Video.W, f.Video.H, ref.Video.W, ref.Video.H)
	}
	if math.Abs(f.After-ref.After) > 1 {
		t.Errorf("the paragraph after the video is at %gpx, on the raw page at %gpx: the layout shifted", f.After, ref.After)
	}
}

// trackerHost reports the page's tracker hosts: Google Analytics and Meta.
func trackerHost(h string) bool {
	for _, d := range []string{"googletagmanager.com", "google-analytics.com", "facebook.net", "facebook.com"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// requested reports whether one of the requests went to a host that
// matches.
func requested(reqs []thirdReq, host func(string) bool) bool {
	return slices.ContainsFunc(reqs, func(r thirdReq) bool { return host(r.host()) })
}

// checkNoTrackers asserts that nothing reached a tracker or the video's
// host since the last reset, by request or by connection.
func checkNoTrackers(t *testing.T, tb *tab, when string) {
	t.Helper()
	held := func(h string) bool { return trackerHost(h) || h == "www.youtube.com" }
	for _, r := range tb.thirdParty() {
		if held(r.host()) {
			t.Errorf("%s: request to %s %s", when, r.Type, r.URL)
		}
	}
	for _, h := range tb.pageConnections() {
		if held(h) {
			t.Errorf("%s: connection to %s", when, h)
		}
	}
}

// checkTrackersLoaded asserts that the page's trackers and video loaded
// since the last reset.
func checkTrackersLoaded(t *testing.T, tb *tab, when string) {
	t.Helper()
	reqs := tb.thirdParty()
	for _, want := range []string{
		"https://www.googletagmanager.com/gtag/js?id=G-NWH12345",
		"https://connect.facebook.net/en_US/fbevents.js",
		"https://www.youtube.com/embed/nWhPlans2026",
	} {
		if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.URL == want }) {
			u, _ := url.Parse(want)
			t.Errorf("%s: no request for %s (requests to %s: %v)", when, want, u.Host, hostRequests(reqs, u.Hostname()))
		}
	}
}

func hostRequests(reqs []thirdReq, host string) []string {
	var out []string
	for _, r := range reqs {
		if r.host() == host {
			out = append(out, r.URL)
		}
	}
	return out
}
