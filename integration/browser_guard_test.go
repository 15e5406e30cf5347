//go:build browser

package integration

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The runtime guard (staging/runtime-tags.html): a tag manager container
// allowed for analytics injects tags of other purposes, and the site's own
// loader builds a tracker's host from pieces and writes a script with
// document.write. The server sees none of it; the guard in the page holds
// it.
const (
	runtimeContainerURL = "https://www.googletagmanager.com/gtm.js?id=GTM-RUNTIME1"
	runtimeFbeventsURL  = "https://connect.facebook.net/en_US/fbevents.js"
)

// runtimeAnalyticsHosts are the hosts of the page's analytics tags: the
// container itself and the Hotjar tag it injects. (Its GA4 hits go to
// the collect endpoint, a web beacon in the knowledge base.)
var runtimeAnalyticsHosts = []string{"www.googletagmanager.com", "static.hotjar.com"}

// runtimeHeldHosts are the hosts of what the container and the site's
// loader inject that is not analytics, and the kind of request each one
// makes once it is allowed (the beacons and fetches are dropped, not held,
// so they do not come back on a grant).
var runtimeHeldHosts = map[string]network.ResourceType{
	"connect.facebook.net":  network.ResourceTypeScript,
	"analytics.tiktok.com":  network.ResourceTypeScript,
	"snap.licdn.com":        network.ResourceTypeScript,
	"www.youtube.com":       network.ResourceTypeDocument,
	"secure.quantserve.com": network.ResourceTypeScript,
	"www.facebook.com":      network.ResourceTypeImage, // sent by fbevents.js once it runs
}

// runtimeNeverHosts are contacted only by requests the guard drops.
var runtimeNeverHosts = []string{"googleads.g.doubleclick.net", "pixel.quantserve.com", "www.google-analytics.com", "region1.google-analytics.com"}

func TestBrowserRuntimeGuard(t *testing.T) {
	sites, _ := exampleSites(t)
	g := startGateway(t, sites, "")
	br := startBrowser(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(repoRoot, "integration", "testdata", "standins", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	br.serve(runtimeContainerURL, "text/javascript", read("gtm-runtime.js"))
	br.serve(runtimeFbeventsURL, "text/javascript", read("fbevents.js"))

	t.Run("nothing granted: nothing third-party is contacted", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/runtime-tags.html")
		checkBanner(t, tb)
		tb.quiet(700 * time.Millisecond)
		if reqs := tb.thirdParty(); len(reqs) > 0 {
			t.Errorf("third-party requests before any choice: %v", reqs)
		}
		if hs := tb.pageConnections(); len(hs) > 0 {
			t.Errorf("connections before any choice: %v", hs)
		}
		// The site's own loader ran: its pixel and its written script are
		// held by the guard, not by the server.
		if !eval[bool](tb, `!!document.querySelector('script[data-consent][data-consent-src*="quantserve.com"]')`) {
			t.Error("the script the site's loader wrote with document.write is not held in the page")
		}
		if held := eval[float64](tb, `window.privacyChoicesGuard ? window.privacyChoicesGuard.stats().held : -1`); held < 1 {
			t.Errorf("privacyChoicesGuard.stats().held = %v, want the loader's pixel and script counted", held)
		}
		checkNoGuardErrors(t, tb)
	})

	t.Run("analytics granted: only analytics hosts, the rest arrives on a grant without a reload", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/plain.html")
		eval[chromedp.Void](tb, noReloadAndWatchJS)
		eval[chromedp.Void](tb, `privacyChoices.set({purposes: {analytics: true}})`)
		waitChange(t, tb)
		tb.reset()
		tb.open("/runtime-tags.html")
		if !waitFor(t, tb, `window.__containerRan === true`) {
			t.Fatalf("the tag manager container did not run with analytics granted; third-party requests: %v", tb.thirdParty())
		}
		tb.quiet(700 * time.Millisecond)
		reqs := tb.thirdParty()
		for _, r := range reqs {
			if !slices.Contains(runtimeAnalyticsHosts, r.host()) {
				t.Errorf("with analytics granted only, a request to %s: %s %s", r.host(), r.Type, r.URL)
			}
		}
		for _, h := range runtimeAnalyticsHosts {
			if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.host() == h }) {
				t.Errorf("with analytics granted, nothing reached %s (an allowed tag was held?); requests: %v", h, reqs)
			}
		}
		if got := eval[[]bool](tb, `window.__beacons`); !slices.Equal(got, []bool{true, true}) {
			t.Errorf("sendBeacon returned %v, want true for the sent and the dropped beacon alike", got)
		}
		if !waitFor(t, tb, `window.__adFetch !== undefined`) || eval[string](tb, `window.__adFetch`) != "TypeError" {
			t.Errorf("the held fetch settled as %q, want a rejection with a TypeError, as a network error", eval[string](tb, `String(window.__adFetch)`))
		}
		checkNoGuardErrors(t, tb)

		eval[chromedp.Void](tb, noReloadAndWatchJS)
		tb.reset()
		eval[chromedp.Void](tb, `privacyChoices.set({all: true})`)
		waitChange(t, tb)
		if !waitFor(t, tb, `window.__fbeventsRan === true`) {
			t.Errorf("after Accept all the Meta pixel's library did not run")
		}
		tb.quiet(700 * time.Millisecond)
		reqs = tb.thirdParty()
		var missing []string
		for h, typ := range runtimeHeldHosts {
			if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.host() == h && r.Type == typ }) {
				missing = append(missing, h+" ("+string(typ)+")")
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("after Accept all these held tags did not arrive: %v; requests: %v", missing, reqs)
		}
		for _, r := range reqs {
			if slices.Contains(runtimeNeverHosts, r.host()) {
				t.Errorf("a dropped request was sent after the grant: %s", r.URL)
			}
		}
		if !eval[bool](tb, `window.__noReload === 1`) {
			t.Error("the page was reloaded")
		}
		if eval[bool](tb, `!!document.querySelector('iframe[data-consent-src]:not([src])')`) {
			t.Error("an iframe is still held after Accept all")
		}
	})

	t.Run("accept all on a first visit releases the container and what it injects", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/runtime-tags.html")
		checkBanner(t, tb)
		clickChoice(t, tb, "accept")
		if !waitFor(t, tb, `window.__containerRan === true && window.__fbeventsRan === true`) {
			t.Fatalf("after Accept all the container or the Meta library did not run; requests: %v", tb.thirdParty())
		}
		tb.quiet(700 * time.Millisecond)
		reqs := tb.thirdParty()
		for _, h := range []string{"www.googletagmanager.com", "connect.facebook.net", "analytics.tiktok.com", "snap.licdn.com", "www.youtube.com", "secure.quantserve.com"} {
			if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.host() == h }) {
				t.Errorf("after Accept all nothing reached %s; requests: %v", h, reqs)
			}
		}
		checkNoGuardErrors(t, tb)
	})
}

// checkNoGuardErrors fails on an exception thrown in the page: the guard
// must never break the page's own code.
func checkNoGuardErrors(t *testing.T, tb *tab) {
	t.Helper()
	for _, m := range tb.consoleFrom(chromedp.ConsoleException, "") {
		t.Errorf("exception in the page: %s", m)
	}
}

// runtimePathsArrive are the paths of staging/runtime-paths.html whose
// held element is in the page, so that Accept all brings it back; the
// others are requests (dropped), or elements no document holds.
var runtimePathsArrive = []string{
	"img-srcset", "iframe-setattribute", "link-preload", "link-stylesheet", "embed", "object", "video-poster",
	"video-source", "input-image", "svg-image", "insert-adjacent-html", "outer-html", "contextual-fragment",
	"domparser-import", "template-clone", "shadow-root", "document-write", "about-blank", "srcdoc", "javascript-url",
	"insert-append", "insert-prepend", "insert-appendchild", "insert-before", "insert-after",
	"insert-replacechildren", "insert-insertbefore", "insert-insertadjacentelement",
	"insert-replacewith", "insert-replacechild",
}

// TestBrowserRuntimeGuardPaths aims every way a script can load something
// at a tracker host of its own: none is contacted before a choice, and
// the held elements come back with Accept all, without a reload.
func TestBrowserRuntimeGuardPaths(t *testing.T) {
	sites, _ := exampleSites(t)
	g := startGateway(t, sites, "")
	br := startBrowser(t)
	tb := br.newTab(t, g.URL)
	tb.open("/runtime-paths.html")
	if !waitFor(t, tb, `window.__paths && window.__paths.done === true`) {
		t.Fatal("the page's script did not finish")
	}
	waitFor(t, tb, `!document.querySelector('[data-consent="pending"]') && window.__paths['fetch-request'] && window.__paths.xhr`)
	tb.quiet(700 * time.Millisecond)
	for _, r := range tb.thirdParty() {
		if r.host() != "i1.adis.ws" {
			t.Errorf("before any choice, a request to %s: %s %s", r.host(), r.Type, r.URL)
		}
	}
	if !slices.ContainsFunc(tb.thirdParty(), func(r thirdReq) bool { return r.host() == "i1.adis.ws" }) {
		t.Error("a script of a necessary host only the server knows was not loaded (held instead of asked about?)")
	}
	results := eval[map[string]any](tb, `window.__paths`)
	for name, want := range map[string]any{
		"fetch-request": "TypeError", "about-blank-fetch": "TypeError", "xhr": "error 0", "beacon": true,
		"websocket": "threw SecurityError", "eventsource": "threw SecurityError", "worker": "threw SecurityError",
	} {
		if results[name] != want {
			t.Errorf("%s: got %v, want %v", name, results[name], want)
		}
	}
	for name, v := range results {
		if s, ok := v.(string); ok && strings.HasPrefix(s, "threw") && !slices.Contains([]string{"websocket", "eventsource", "worker"}, name) {
			t.Errorf("%s: the page's code %s", name, s)
		}
	}
	if got := eval[string](tb, `(document.querySelector('img[data-consent-src*="northwind-partner"]') || {}).getAttribute ? document.querySelector('img[data-consent-src*="northwind-partner"]').getAttribute('data-consent') : 'not held'`); got != "unknown" {
		t.Errorf("the image of a host nobody knows: data-consent=%q, want unknown", got)
	}
	if !eval[bool](tb, `!!document.querySelector('form[data-consent-action]:not([action])')`) {
		t.Error("the form's action to a tracker host is not held")
	}
	checkNoGuardErrors(t, tb)

	eval[chromedp.Void](tb, noReloadAndWatchJS)
	tb.reset()
	eval[chromedp.Void](tb, `privacyChoices.set({all: true})`)
	waitChange(t, tb)
	tb.quiet(1500 * time.Millisecond)
	reqs := tb.thirdParty()
	var missing []string
	for _, p := range runtimePathsArrive {
		if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.host() == p+".doubleclick.net" }) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		t.Errorf("after Accept all, these held elements did not load: %v", missing)
	}
	if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.host() == "img.northwind-partner.example" }) {
		t.Error("after Accept all, the image of the unknown host did not load")
	}
	for _, r := range reqs {
		for _, p := range []string{"fetch-request", "xhr", "beacon", "websocket", "eventsource", "worker", "inner-html-detached", "audio-src", "about-blank-fetch"} {
			if r.host() == p+".doubleclick.net" {
				t.Errorf("a dropped request was sent after the grant: %s", r.URL)
			}
		}
	}
	if !eval[bool](tb, `window.__noReload === 1`) {
		t.Error("the page was reloaded")
	}
}
