//go:build browser

package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowser drives the demo of Caddyfile.example (gateway in front of the
// staging site) with headless Chromium. Run it with
//
//	AXE_CORE_JS=/path/to/axe.min.js go test -tags browser -run Browser -count=1 ./integration/
//
// Nothing leaves the machine: every request to a host other than loopback
// is recorded and answered by the test (see newTab).
// noReloadAndWatchJS marks the page (a reload loses window.__noReload)
// and gathers privacychoices:change events into window.__changes.
const noReloadAndWatchJS = `window.__noReload = 1; window.__changes = [];
	window.addEventListener('privacychoices:change', function (e) { window.__changes.push(e.detail); })`

func TestBrowser(t *testing.T) {
	sites, _ := exampleSites(t)
	g := startGateway(t, sites, "")
	br := startBrowser(t)

	t.Run("new visitor: banner shown, nothing but necessary loads", func(t *testing.T) {
		for _, path := range []string{"/index.html", "/find-a-doctor.html", "/blog/healthy-habits.html"} {
			t.Run(path, func(t *testing.T) {
				tb := br.newTab(t, g.URL)
				tb.open(path)
				checkBanner(t, tb)
				checkEqualWeight(t, tb)
				for _, r := range tb.thirdParty() {
					if !necessaryRequest(r) {
						t.Errorf("third-party request before any choice: %s %s", r.Type, r.URL)
					}
				}
				for _, h := range eval[[]string](tb, hintsJS) {
					if !necessaryHost(h) {
						t.Errorf("resource hint to %s left in the page before any choice", h)
					}
				}
				for _, h := range tb.pageConnections() {
					if !necessaryHost(h) {
						t.Errorf("connection to %s before any choice (preconnect or a request outside the page's Fetch domain)", h)
					}
				}
				for _, m := range tb.consoleFrom(chromedp.ConsoleException, "/privacy-choices/") {
					t.Errorf("exception in the consent client: %s", m)
				}
				if path == "/index.html" {
					shot, err := chromedp.Run(tb.ctx, chromedp.Screenshot(chromedp.CSS("#privacy-choices-banner")))
					if err != nil {
						t.Fatalf("banner screenshot: %v", err)
					}
					t.Logf("banner screenshot: %s", writeOut(t, "banner.png", shot))
				}
			})
		}
	})

	t.Run("accept activates held tags without a reload", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/index.html")
		checkBanner(t, tb)
		for _, r := range tb.thirdParty() {
			if !necessaryRequest(r) {
				t.Errorf("third-party request before accepting: %s %s", r.Type, r.URL)
			}
		}
		eval[chromedp.Void](tb, noReloadAndWatchJS)
		tb.reset()
		tb.do("click Accept all", chromedp.Click(chromedp.CSS("#privacy-choices-accept")))
		waitChange(t, tb)
		tb.quiet(700 * time.Millisecond)

		reqs := tb.thirdParty()
		for _, want := range []struct {
			host string
			typ  network.ResourceType
			path string
		}{
			{"www.googletagmanager.com", network.ResourceTypeScript, "/gtm.js"},
			{"www.googletagmanager.com", network.ResourceTypeScript, "/gtag/js"},
			{"connect.facebook.net", network.ResourceTypeScript, "/en_US/fbevents.js"},
			{"www.youtube.com", network.ResourceTypeDocument, "/embed/nWhWelcome1"},
			{"platform.twitter.com", network.ResourceTypeScript, "/widgets.js"},
		} {
			if !slices.ContainsFunc(reqs, func(r thirdReq) bool {
				u, _ := url.Parse(r.URL)
				return r.host() == want.host && r.Type == want.typ && strings.HasPrefix(u.Path, want.path)
			}) {
				t.Errorf("after Accept all: no %s request to %s%s", want.typ, want.host, want.path)
			}
		}
		if !eval[bool](tb, `window.__noReload === 1 && performance.getEntriesByType('navigation')[0].type !== 'reload'`) {
			t.Error("the page was reloaded (the marker window.__noReload is gone)")
		}
		if eval[bool](tb, `!!document.getElementById('privacy-choices-banner')`) {
			t.Error("the banner is still there after Accept all")
		}
		changes := eval[[]struct {
			Decided  bool            `json:"decided"`
			Purposes map[string]bool `json:"purposes"`
		}](tb, `window.__changes`)
		if len(changes) != 1 {
			t.Errorf("privacychoices:change fired %d times, want 1", len(changes))
		} else if c := changes[0]; !c.Decided || len(c.Purposes) != 6 || slices.Contains(mapValues(c.Purposes), false) {
			t.Errorf("privacychoices:change detail = %+v, want decided with every purpose granted", c)
		}
		consent := eval[map[string]string](tb, `(function () {
			var last = null;
			(window.dataLayer || []).forEach(function (a) {
				if (a && a[0] === 'consent' && a[1] === 'update') last = a[2];
			});
			return last || {};
		})()`)
		for _, k := range []string{"analytics_storage", "ad_storage", "ad_user_data", "ad_personalization", "functionality_storage"} {
			if consent[k] != "granted" {
				t.Errorf("dataLayer: last consent update has %s = %q, want granted (update %v)", k, consent[k], consent)
			}
		}
		c := tb.cookies()
		pc := c["privacy_choices"]
		if pc == nil {
			t.Fatalf("no privacy_choices cookie after Accept all; cookies: %v", cookieNames(c))
		}
		if !pc.HTTPOnly || pc.Path != "/" || pc.SameSite != network.CookieSameSiteLax || pc.Session {
			t.Errorf("privacy_choices cookie: HttpOnly=%v Path=%q SameSite=%q Session=%v, want HttpOnly, /, Lax, persistent",
				pc.HTTPOnly, pc.Path, pc.SameSite, pc.Session)
		}
		if eval[bool](tb, `document.cookie.indexOf('privacy_choices') >= 0`) {
			t.Error("the consent cookie is readable by page scripts")
		}
		for _, m := range tb.consoleFrom(chromedp.ConsoleException, "/privacy-choices/") {
			t.Errorf("exception in the consent client: %s", m)
		}
	})

	t.Run("accept all releases an unknown third-party script without a reload", func(t *testing.T) {
		const host = "maps.unlisted-locator.example"
		tb := br.newTab(t, g.URL)
		tb.open("/other-services.html")
		checkBanner(t, tb)
		if slices.ContainsFunc(tb.thirdParty(), func(r thirdReq) bool { return r.host() == host }) {
			t.Errorf("the unknown script was fetched before a choice")
		}
		if !eval[bool](tb, `!!document.querySelector('#privacy-choices-purpose-unknown')`) {
			t.Error("the banner's second layer offers no Other services")
		}
		eval[chromedp.Void](tb, noReloadAndWatchJS)
		tb.reset()
		tb.do("click Accept all", chromedp.Click(chromedp.CSS("#privacy-choices-accept")))
		waitChange(t, tb)
		tb.quiet(700 * time.Millisecond)
		if !slices.ContainsFunc(tb.thirdParty(), func(r thirdReq) bool {
			return r.host() == host && r.Type == network.ResourceTypeScript
		}) {
			t.Errorf("after Accept all the unknown script was not loaded; third-party requests: %v", tb.thirdParty())
		}
		if !eval[bool](tb, `window.__noReload === 1 && !document.querySelector('script[data-consent="unknown"]')`) {
			t.Error("the page was reloaded, or the unknown script is still held")
		}
		if !eval[bool](tb, `privacyChoices.get().purposes.unknown === true`) {
			t.Error("privacyChoices.get() does not report Other services granted")
		}
	})

	t.Run("reject all on the choices page deletes tracker cookies", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/index.html")
		eval[chromedp.Void](tb, `window.__changes = [];
			window.addEventListener('privacychoices:change', function (e) { window.__changes.push(e.detail); })`)
		tb.do("click Accept all", chromedp.Click(chromedp.CSS("#privacy-choices-accept")))
		waitChange(t, tb)
		tb.open("/index.html") // now the site's cookies pass
		trackers := []string{"_ga", "_ga_NWH12345", "_gid", "_fbp", "_gcl_au", "_uetvid", "_hjSessionUser_123", "li_fat_id", "lang"}
		before := tb.cookies()
		for _, n := range append([]string{"AWSALB", "privacy_choices"}, trackers...) {
			if before[n] == nil {
				t.Errorf("after accepting all, cookie %s is not in the browser (have %v)", n, cookieNames(before))
			}
		}
		if t.Failed() {
			t.FailNow()
		}

		tb.open("/privacy-choices")
		shot, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("choices page screenshot: %v", err)
		}
		t.Logf("choices page screenshot: %s", writeOut(t, "choices-page.png", shot))
		tb.reset()
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS("#privacy-choices-page-reject")))
		if err != nil {
			t.Fatalf("Reject all: %v", err)
		}
		if u, _ := url.Parse(resp.URL); resp.Status != 200 || u.Path != "/privacy-choices" {
			t.Errorf("after Reject all the browser is on %s (%d), want the choices page", resp.URL, resp.Status)
		}
		if !slices.ContainsFunc(tb.localRequests(), func(l string) bool { return strings.HasPrefix(l, "POST "+g.URL+"/privacy-choices") }) {
			t.Errorf("Reject all was not a form POST: %v", tb.localRequests())
		}
		tb.settle()
		after := tb.cookies()
		for _, n := range trackers {
			if c := after[n]; c != nil {
				t.Errorf("cookie %s still in the browser after Reject all on the choices page (Domain=%q Path=%q)", n, c.Domain, c.Path)
			}
		}
		for _, n := range []string{"AWSALB", "privacy_choices"} {
			if after[n] == nil {
				t.Errorf("necessary cookie %s gone after Reject all (have %v)", n, cookieNames(after))
			}
		}
		states := eval[map[string]string](tb, `(function () {
			var o = {};
			document.querySelectorAll('input[type=checkbox][id^="purpose-"]').forEach(function (b) {
				var s = b.closest('label').querySelector('.state');
				o[b.id] = (b.checked ? 'checked ' : '') + (s ? s.textContent : '');
			});
			return o;
		})()`)
		for _, p := range []string{"functional", "analytics", "beacon", "retargeting", "social"} {
			if s := states["purpose-"+p]; s != "(Not allowed)" {
				t.Errorf("choices page after Reject all: %s shows %q, want unticked and (Not allowed)", p, s)
			}
		}
		if t.Failed() {
			// Context for the report: does the next proxied page expire them?
			tb.open("/index.html")
			t.Logf("cookies after the next page load: %v", cookieNames(tb.cookies()))
		}
	})

	t.Run("JavaScript off: the choices form works", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		noScript(t, tb)
		tb.open("/privacy-choices")
		if n := eval[int](tb, `document.querySelectorAll('input[type=checkbox][id^="purpose-"]:checked').length`); n != 0 {
			t.Errorf("%d boxes pre-ticked for a new visitor", n)
		}
		tb.do("tick analytics", chromedp.Click(chromedp.CSS("#purpose-analytics")))
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS("#privacy-choices-page-save")))
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		if u, _ := url.Parse(resp.URL); resp.Status != 200 || u.Path != "/privacy-choices" {
			t.Errorf("after Save the browser is on %s (%d), want the choices page", resp.URL, resp.Status)
		}
		state := eval[string](tb, `(function () {
			var b = document.getElementById('purpose-analytics');
			return b ? (b.checked ? 'checked ' : '') + b.closest('label').querySelector('.state').textContent : 'missing';
		})()`)
		if state != "checked (Allowed)" {
			t.Errorf("Analytics after Save = %q, want %q", state, "checked (Allowed)")
		}
		if other := eval[string](tb, `document.querySelector('label[for=purpose-retargeting] .state').textContent`); other != "(Not allowed)" {
			t.Errorf("Advertising after Save = %q, want (Not allowed)", other)
		}
		if c := tb.cookies()["privacy_choices"]; c == nil || !c.HTTPOnly {
			t.Errorf("consent cookie after the JavaScript-off form: %+v", c)
		}

		// The same visitor (analytics only), still without JavaScript: the
		// analytics noscript (GTM iframe) is served as written, and the
		// beacons of purposes not granted stay neutralized.
		tb.reset()
		tb.open("/index.html")
		if eval[bool](tb, `!!window.privacyChoices`) {
			t.Fatal("scripts ran although script execution is disabled")
		}
		reqs := tb.thirdParty()
		if !slices.ContainsFunc(reqs, func(r thirdReq) bool {
			return r.host() == "www.googletagmanager.com" && strings.HasPrefix(r.URL, "https://www.googletagmanager.com/ns.html")
		}) {
			t.Errorf("analytics granted, JavaScript off: the GTM noscript iframe was not loaded")
		}
		for _, r := range reqs {
			if h := r.host(); h != "www.googletagmanager.com" && !necessaryRequest(r) {
				t.Errorf("analytics only, JavaScript off: request to %s (%s %s)", h, r.Type, r.URL)
			}
		}
	})

	t.Run("JavaScript off: nothing leaks for a new visitor", func(t *testing.T) {
		for _, path := range []string{"/index.html", "/find-a-doctor.html", "/blog/healthy-habits.html"} {
			t.Run(path, func(t *testing.T) {
				tb := br.newTab(t, g.URL)
				noScript(t, tb)
				tb.reset()
				tb.open(path)
				if eval[bool](tb, `!!window.privacyChoices`) {
					t.Fatal("scripts ran although script execution is disabled")
				}
				// reCAPTCHA's script does not load with scripts off, so
				// nothing but infrastructure (the fonts' stylesheet) may
				// be requested.
				for _, r := range tb.thirdParty() {
					if !necessaryRequest(r) {
						t.Errorf("JavaScript off: third-party request %s %s", r.Type, r.URL)
					}
				}
				for _, h := range tb.pageConnections() {
					if !necessaryHost(h) {
						t.Errorf("JavaScript off: connection to %s", h)
					}
				}
				// With scripting off the noscript blocks are markup: the
				// Meta, UET and LinkedIn pixels and the GTM iframe are
				// there, held (src moved to data-consent-src), not lost.
				// (An <img> in a <noscript> in <head> ends up in <body>: the
				// parser closes the head, so look in the whole document.)
				if path == "/index.html" {
					held := eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll('img[data-consent-src], iframe[data-consent-src]'),
						function (e) { return e.localName + ' ' + new URL(e.getAttribute('data-consent-src'), location.href).hostname; })`)
					missing := false
					for _, want := range []string{"img www.facebook.com", "img bat.bing.com", "img px.ads.linkedin.com", "iframe www.googletagmanager.com", "iframe www.youtube.com"} {
						if !slices.Contains(held, want) {
							t.Errorf("JavaScript off: no held %s (held: %v)", want, held)
							missing = true
						}
					}
					if missing {
						t.Logf("noscript blocks as served:\n%s", eval[string](tb, `fetch(location.href).then(function (r) { return r.text(); }).then(function (h) {
							return (h.match(/<noscript[\s\S]*?<\/noscript>/gi) || []).join('\n');
						})`))
					}
				}
			})
		}
	})

	t.Run("accessibility", func(t *testing.T) {
		axePath := os.Getenv("AXE_CORE_JS")
		if axePath == "" {
			t.Fatal("AXE_CORE_JS is not set: install axe-core (npm install --prefix /tmp/axe axe-core@4) and set AXE_CORE_JS=/tmp/axe/node_modules/axe-core/axe.min.js")
		}
		axeSrc, err := os.ReadFile(axePath)
		if err != nil {
			t.Fatalf("AXE_CORE_JS: %v", err)
		}
		report := map[string]axeResult{}
		defer func() {
			b, _ := json.MarshalIndent(report, "", "  ")
			t.Logf("axe report: %s", writeOut(t, "axe.json", b))
		}()

		t.Run("choices page", func(t *testing.T) {
			tb := br.newTab(t, g.URL)
			tb.open("/privacy-choices")
			v := runAxe(t, tb, axeSrc, "document")
			report["choices_page"] = v
			failSerious(t, v.Violations)
		})

		t.Run("banner", func(t *testing.T) {
			tb := br.newTab(t, g.URL)
			tb.open("/index.html")
			checkBanner(t, tb)
			v := runAxe(t, tb, axeSrc, "'#privacy-choices-banner'")
			report["banner"] = v
			failSerious(t, v.Violations)
		})

		t.Run("banner keyboard", func(t *testing.T) {
			tb := br.newTab(t, g.URL)
			tb.open("/index.html")
			checkBanner(t, tb)
			active := func() string {
				return eval[string](tb, `document.activeElement ? (document.activeElement.id || document.activeElement.localName) : ''`)
			}
			want := []string{"privacy-choices-accept", "privacy-choices-reject", "privacy-choices-customize"}
			a := active()
			t.Logf("focus when the banner opens: %s", a)
			switch a {
			case "privacy-choices-banner":
			case "privacy-choices-accept":
				want = want[1:] // the client's README says focus goes to Accept
			default:
				t.Fatalf("focus is on %q when the banner opens, want the banner (or Accept)", a)
			}
			for _, id := range want {
				tb.do("press Tab", chromedp.KeyEvent("\t"))
				if a := active(); a != id {
					t.Fatalf("after Tab focus is on %q, want %q", a, id)
				}
			}
			// The focused button shows a visible focus indicator.
			if o := eval[string](tb, `getComputedStyle(document.activeElement).outlineStyle`); o == "none" {
				t.Errorf("the focused Customize button has no outline")
			}
		})
	})

	t.Run("operator's description in the banner", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/index.html")
		checkBanner(t, tb)
		tb.do("click Customize", chromedp.Click(chromedp.CSS("#privacy-choices-customize")))
		if got := eval[string](tb, analyticsDescJS); got != exampleAnalyticsDesc {
			t.Errorf("banner's analytics description = %q, want the Caddyfile's describe text %q", got, exampleAnalyticsDesc)
		}
	})

	t.Run("a <base href> to another host: the decision stays on the site", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/base-href.html")
		checkBanner(t, tb)
		// The banner's link, the floating link, the held video's
		// placeholder and the site's footer link: all on the gateway.
		links := eval[map[string]string](tb, `(function () {
			var o = {};
			['a.pc-more', '#privacy-choices-link', '.privacy-choices-placeholder a', 'a.privacy-choices-link'].forEach(function (q) {
				var a = document.querySelector(q);
				o[q] = a ? a.href : 'missing';
			});
			return o;
		})()`)
		for q, href := range links {
			if href != g.URL+"/privacy-choices" {
				t.Errorf("%s points at %s, want %s/privacy-choices", q, href, g.URL)
			}
		}
		eval[chromedp.Void](tb, `window.__changes = [];
			window.addEventListener('privacychoices:change', function (e) { window.__changes.push(e.detail); })`)
		tb.do("click Accept all", chromedp.Click(chromedp.CSS("#privacy-choices-accept")))
		waitChange(t, tb)
		tb.quiet(700 * time.Millisecond)
		if !slices.Contains(tb.localRequests(), "POST "+g.URL+"/privacy-choices/api") {
			t.Errorf("Accept all did not POST to the gateway's API; loopback requests: %v", tb.localRequests())
		}
		if c := tb.cookies()["privacy_choices"]; c == nil {
			t.Errorf("no privacy_choices cookie after Accept all; cookies: %v", cookieNames(tb.cookies()))
		}
		if !eval[bool](tb, `fetch(location.origin + '/privacy-choices/api', {credentials: 'same-origin'})
			.then(function (r) { return r.json(); }).then(function (s) { return s.decided === true; })`) {
			t.Error("the gateway's API does not say decided after Accept all")
		}
		reqs := tb.thirdParty()
		for _, r := range reqs {
			if r.host() == "other.example" {
				t.Errorf("request to the <base> host: %s %s", r.Type, r.URL)
			}
		}
		for _, h := range tb.pageConnections() {
			if h == "other.example" {
				t.Error("connection to the <base> host other.example")
			}
		}
		if !slices.ContainsFunc(reqs, func(r thirdReq) bool { return r.host() == "www.googletagmanager.com" }) {
			t.Error("after Accept all the held gtag.js was not loaded")
		}
	})

	t.Run("CSS url() of a tracker: held before a choice, loaded after Accept all", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		tb.open("/css-url.html")
		checkBanner(t, tb)
		cssReqs := func() []string {
			var got []string
			for _, r := range tb.thirdParty() {
				if r.host() == "www.google-analytics.com" && strings.Contains(r.URL, "v=css-") {
					got = append(got, r.URL)
				}
			}
			return got
		}
		if got := cssReqs(); len(got) > 0 {
			t.Errorf("requests to the tracker from CSS before any choice: %v", got)
		}
		eval[chromedp.Void](tb, `window.__changes = [];
			window.addEventListener('privacychoices:change', function (e) { window.__changes.push(e.detail); })`)
		tb.do("click Accept all", chromedp.Click(chromedp.CSS("#privacy-choices-accept")))
		waitChange(t, tb)
		tb.quiet(700 * time.Millisecond)
		got := strings.Join(cssReqs(), " ")
		for _, want := range []string{"v=css-block", "v=css-attr"} {
			if !strings.Contains(got, want) {
				t.Errorf("after Accept all: no request with %s (requests %s)", want, got)
			}
		}
	})

	t.Run("anti-flicker hiding: the page and the banner show, a decision keeps it so", func(t *testing.T) {
		for _, choice := range []string{"accept", "reject"} {
			t.Run(choice, func(t *testing.T) {
				tb := br.newTab(t, g.URL)
				tb.open("/anti-flicker.html")
				if !eval[bool](tb, `window.__hiddenWhileParsed === true`) {
					t.Fatal("the fixture's snippet did not hide the page while it was parsed (body visibility:hidden, html.async-hide opacity:0)")
				}
				// The tag the snippet waits for is held, so waiting for it
				// would hide the site until a decision: a consent wall. The
				// client releases the hiding as soon as it starts.
				if !waitFor(t, tb, `!(`+pageHiddenJS+`)`) {
					t.Error("the page stays hidden behind the banner before a decision")
				}
				checkBanner(t, tb)
				checkBannerOnTop(t, tb)
				eval[chromedp.Void](tb, `window.__changes = [];
					window.addEventListener('privacychoices:change', function (e) { window.__changes.push(e.detail); })`)
				tb.reset()
				tb.do("click "+choice, chromedp.Click(chromedp.CSS("#privacy-choices-"+choice)))
				waitChange(t, tb)
				if !waitFor(t, tb, `!(`+pageHiddenJS+`) && getComputedStyle(document.body).visibility === 'visible' &&
					getComputedStyle(document.documentElement).opacity === '1' && !document.documentElement.classList.contains('async-hide')`) {
					t.Errorf("the page is still hidden after %s: %s", choice, eval[string](tb, `JSON.stringify({
						body: getComputedStyle(document.body).visibility, html: getComputedStyle(document.documentElement).opacity,
						cls: document.documentElement.className})`))
				}
				if !eval[bool](tb, `(function () {
					var h = document.querySelector('h1'), r = h.getBoundingClientRect();
					return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === h;
				})()`) {
					t.Error("after the decision the page's heading is not what the visitor sees")
				}
				if eval[bool](tb, `typeof (window.dataLayer.hide || {}).end === 'function'`) {
					t.Error("dataLayer.hide.end was not called (and cleared)")
				}
				tb.quiet(500 * time.Millisecond)
				gtm := slices.ContainsFunc(tb.thirdParty(), func(r thirdReq) bool { return r.host() == "www.googletagmanager.com" })
				if gtm != (choice == "accept") {
					t.Errorf("after %s, gtm.js requested = %v", choice, gtm)
				}
				if c := tb.cookies()["privacy_choices"]; c == nil {
					t.Errorf("no privacy_choices cookie after %s", choice)
				}
			})
		}
	})

	t.Run("Spanish", func(t *testing.T) {
		tb := br.newTab(t, g.URL)
		if _, err := chromedp.Call(tb.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Accept-Language": "es-ES,es;q=0.9"},
		}); err != nil {
			t.Fatal(err)
		}
		tb.open("/index.html")
		checkBanner(t, tb)
		if got := eval[string](tb, `document.getElementById('privacy-choices-accept').textContent`); got != "Aceptar todo" {
			t.Errorf("Accept button reads %q, want %q", got, "Aceptar todo")
		}
		if got := eval[string](tb, `document.getElementById('privacy-choices-banner').lang`); got != "es" {
			t.Errorf("banner lang = %q, want es", got)
		}
		if got := eval[string](tb, analyticsDescJS); got != exampleAnalyticsDesc {
			t.Errorf("Spanish banner's analytics description = %q, want the Caddyfile's describe text %q", got, exampleAnalyticsDesc)
		}
		tb.open("/privacy-choices")
		if got := eval[string](tb, `document.documentElement.lang + ' ' + document.getElementById('privacy-choices-page-accept').textContent`); got != "es Aceptar todo" {
			t.Errorf("choices page in Spanish: lang and Accept = %q", got)
		}
	})
}

// exampleAnalyticsDesc is Caddyfile.example's describe text for analytics;
// analyticsDescJS reads the banner's description of analytics.
const (
	exampleAnalyticsDesc = "Count visits and see which pages members use, so we can improve the site."
	analyticsDescJS      = `document.getElementById('privacy-choices-purpose-analytics-desc').textContent`
)

// hintsJS lists the hosts of the resource hints (preconnect, dns-prefetch,
// preload, prefetch) in the page that point off loopback. A dns-prefetch
// makes no connection the sink could see, so the DOM is checked too.
const hintsJS = `Array.prototype.map.call(document.querySelectorAll(
	'link[rel~=preconnect i], link[rel~=dns-prefetch i], link[rel~=preload i], link[rel~=prefetch i], link[rel~=modulepreload i]'),
	function (l) { try { return new URL(l.getAttribute('href'), location.href).hostname; } catch (e) { return ''; } })
	.filter(function (h) { return h && h !== location.hostname && h !== 'localhost'; })`

// necessaryRequest reports whether a third-party request may load before
// any choice: reCAPTCHA and Google Fonts (the knowledge base calls them
// necessary: bot protection and infrastructure).
func necessaryRequest(r thirdReq) bool {
	u, err := url.Parse(r.URL)
	if err != nil {
		return false
	}
	switch u.Hostname() {
	case "www.google.com", "www.gstatic.com":
		return strings.HasPrefix(u.Path, "/recaptcha/")
	case "fonts.googleapis.com", "fonts.gstatic.com":
		return true
	}
	return false
}

// necessaryHost is necessaryRequest for a connection, which has no path.
func necessaryHost(h string) bool {
	switch h {
	case "www.google.com", "www.gstatic.com", "fonts.googleapis.com", "fonts.gstatic.com":
		return true
	}
	return false
}

// checkBanner asserts that the banner is shown as a dialog in the viewport.
func checkBanner(t *testing.T, tb *tab) {
	t.Helper()
	b := eval[struct {
		Present bool   `json:"present"`
		Visible bool   `json:"visible"`
		Role    string `json:"role"`
		Label   string `json:"label"`
		Buttons int    `json:"buttons"`
	}](tb, `Promise.all(document.getAnimations().map(function (a) { return a.finished; })).then(function () {
		var b = document.getElementById('privacy-choices-banner');
		if (!b) return {present: false};
		var shown = function (e) {
			if (!e) return false;
			var r = e.getBoundingClientRect(), cs = getComputedStyle(e);
			return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' &&
				r.top >= 0 && r.bottom <= innerHeight + 1 && r.left >= 0 && r.right <= innerWidth + 1;
		};
		var l = document.getElementById(b.getAttribute('aria-labelledby') || '');
		return {present: true, visible: shown(b), role: b.getAttribute('role'), label: l ? l.textContent : '',
			buttons: ['accept', 'reject', 'customize'].filter(function (k) {
				return shown(document.getElementById('privacy-choices-' + k));
			}).length};
	})`)
	switch {
	case !b.Present:
		t.Fatal("no #privacy-choices-banner")
	case !b.Visible:
		t.Error("the banner is not visible in the viewport")
	}
	if b.Role != "dialog" || b.Label == "" {
		t.Errorf("banner role=%q label=%q, want a labelled dialog", b.Role, b.Label)
	}
	if b.Buttons != 3 {
		t.Errorf("%d of Accept, Reject, Customize are visible in the viewport, want 3", b.Buttons)
	}
}

// checkEqualWeight asserts that Accept all and Reject all look the same.
func checkEqualWeight(t *testing.T, tb *tab) {
	t.Helper()
	styles := eval[map[string]map[string]string](tb, `(function () {
		var props = ['font-size', 'font-weight', 'font-family', 'font-style', 'line-height', 'color', 'background-color',
			'background-image', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
			'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
			'border-top-style', 'border-top-color', 'border-bottom-color', 'border-top-left-radius',
			'text-decoration-line', 'text-transform', 'opacity', 'box-shadow'];
		var s = function (id) {
			var e = document.getElementById(id), o = {};
			if (!e) return o;
			var cs = getComputedStyle(e);
			props.forEach(function (p) { o[p] = cs.getPropertyValue(p); });
			o.height = String(Math.round(e.getBoundingClientRect().height));
			return o;
		};
		return {accept: s('privacy-choices-accept'), reject: s('privacy-choices-reject')};
	})()`)
	a, r := styles["accept"], styles["reject"]
	if len(a) == 0 || len(r) == 0 {
		t.Fatalf("Accept or Reject missing: %v", styles)
	}
	for k, v := range a {
		if r[k] != v {
			t.Errorf("Accept and Reject differ in %s: %q vs %q", k, v, r[k])
		}
	}
}

// pageHiddenJS is true while the anti-flicker fixture's hiding applies.
const pageHiddenJS = `getComputedStyle(document.body).visibility === 'hidden' ||
	getComputedStyle(document.documentElement).opacity === '0'`

// checkBannerOnTop asserts that the banner and its buttons are what the
// visitor sees and clicks, whatever hides the page around them: computed
// visibility and opacity, hit testing at their centres, and dark (text)
// pixels in a screenshot of the banner (an ancestor's opacity:0 leaves
// the computed style alone but paints nothing).
func checkBannerOnTop(t *testing.T, tb *tab) {
	t.Helper()
	bad := eval[[]string](tb, `['banner', 'accept', 'reject', 'customize'].map(function (k) {
		var e = document.getElementById('privacy-choices-' + k), cs = getComputedStyle(e), r = e.getBoundingClientRect();
		var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		if (cs.visibility !== 'visible' || cs.opacity !== '1') return k + ': visibility ' + cs.visibility + ', opacity ' + cs.opacity;
		if (!hit || !(hit === e || e.contains(hit))) return k + ': elementFromPoint at its centre is ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
		return '';
	}).filter(Boolean)`)
	for _, b := range bad {
		t.Errorf("banner not on top: %s", b)
	}
	shot, err := chromedp.Run(tb.ctx, chromedp.Screenshot(chromedp.CSS("#privacy-choices-banner")))
	if err != nil {
		t.Fatalf("banner screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("banner screenshot: %v", err)
	}
	dark, all := 0, 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if max(r, g, b) < 0x6000 {
				dark++
			}
			all++
		}
	}
	if dark*100 < all { // text and border are well over 1 % of the box
		t.Errorf("the banner's screenshot has %d dark pixels of %d: it is not painted (%s)", dark, all,
			writeOut(t, "banner-hidden.png", shot))
	}
}

// waitChange waits until the page recorded a privacychoices:change event
// in window.__changes (set by the test).
func waitChange(t *testing.T, tb *tab) {
	t.Helper()
	if !waitFor(t, tb, `window.__changes && window.__changes.length`) {
		t.Fatalf("no privacychoices:change event within 10s; banner error text: %q",
			eval[string](tb, `(document.getElementById('privacy-choices-error') || {}).textContent || ''`))
	}
}

// waitFor polls a JavaScript condition in the page for up to 10s and
// reports whether it became true.
func waitFor(t *testing.T, tb *tab, cond string) bool {
	t.Helper()
	ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`new Promise(function (done) {
		var end = Date.now() + 10000;
		(function poll() {
			if (`+cond+`) return done(true);
			if (Date.now() > end) return done(false);
			setTimeout(poll, 50);
		})();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("waiting for %.80s (did the page reload?): %v", cond, err)
	}
	return ok
}

// noScript turns script execution off in the tab (before any navigation).
func noScript(t *testing.T, tb *tab) {
	t.Helper()
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("Emulation.setScriptExecutionDisabled: %v", err)
	}
}

// axeViolation is one axe-core rule violation, reduced to what a report
// needs.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// runAxe injects axe-core and runs the WCAG 2.0/2.1 A and AA rules on the
// context (a JavaScript expression: document, or a selector string).
func runAxe(t *testing.T, tb *tab, src []byte, context string) axeResult {
	t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	res := eval[axeResult](tb, `axe.run(`+context+`, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}).then(function (r) {
		var slim = function (list) {
			return list.map(function (v) {
				return {id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.map(function (n) {
					return {target: n.target, html: n.html, summary: n.failureSummary || ''};
				})};
			});
		};
		return {violations: slim(r.violations), incomplete: slim(r.incomplete), passes: r.passes.length};
	})`)
	if res.Passes == 0 {
		t.Fatalf("axe passed no rule at all on %s: did it run?", context)
	}
	if res.Violations == nil {
		res.Violations = []axeViolation{}
	}
	log := func(kind string, list []axeViolation) {
		for _, x := range list {
			var targets []string
			for _, n := range x.Nodes {
				targets = append(targets, fmt.Sprint(n.Target...))
			}
			t.Logf("axe %s: %s [%s] %s: %v", kind, x.ID, x.Impact, x.Help, targets)
		}
	}
	t.Logf("axe on %s: %d rules passed, %d violated, %d to review by hand", context, res.Passes, len(res.Violations), len(res.Incomplete))
	log("violation", res.Violations)
	log("needs review", res.Incomplete)
	return res
}

// axeResult is what runAxe keeps of axe.run's result.
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Incomplete []axeViolation `json:"incomplete"`
	Passes     int            `json:"passes"`
}

// failSerious fails on violations of impact serious or critical.
func failSerious(t *testing.T, v []axeViolation) {
	t.Helper()
	for _, x := range v {
		if x.Impact == "serious" || x.Impact == "critical" {
			for _, n := range x.Nodes {
				t.Errorf("axe %s (%s): %s\n  at %v: %s\n  %s", x.ID, x.Impact, x.Help, n.Target, n.HTML, n.Summary)
			}
		}
	}
}

func mapValues(m map[string]bool) []bool {
	var out []bool
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
