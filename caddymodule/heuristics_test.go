package caddymodule

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// TestClassifyCommandHeuristics: classify reads Set-Cookie and Cookie
// lines and prints the heuristic that decided in the rule column.
func TestClassifyCommandHeuristics(t *testing.T) {
	h := newTestHandler(t, "off")
	for _, tc := range []struct {
		name, in, want string
	}{
		{"name only", "_ga", "_ga\tanalytics\tGoogle Analytics\t_ga (builtin)"},
		{"name only, unknown", "_zz_vid", "_zz_vid\tunknown\t\t"},
		{"value shape", "_zz_vid=GA1.2.123.456; Max-Age=63072000", "_zz_vid\tanalytics\tGoogle Analytics\theuristic: value shape GA1. (Google Analytics)"},
		{"Set-Cookie prefix", "Set-Cookie: app=opaque; Path=/; HttpOnly", "app\tnecessary\t\theuristic: HttpOnly server cookie"},
		{"entropy", "_zz_uid=3f2504e0-4f89-11d3-9a0c-0305e82c3301; Max-Age=63072000", "_zz_uid\tanalytics\t\theuristic: high-entropy persistent id"},
		{"session id", "_zz_uid=3f2504e0-4f89-11d3-9a0c-0305e82c3301", "_zz_uid\tunknown\t\t"},
		{"script cookie", "Cookie: px=fb.1.1596403881668.1116446470", "px\tretargeting\tMeta Pixel\theuristic: value shape fb. (Meta Pixel)"},
		{"script cookie, not HttpOnly", "cookie: app=opaque", "app\tunknown\t\t"},
		{"name rule wins", "PHPSESSID=GA1.2.3.4", "PHPSESSID\tnecessary\tPHP\tPHPSESSID (builtin)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			cc, uc, err := h.classifiers()
			if err != nil {
				t.Fatal(err)
			}
			if err := classifyLines(strings.NewReader(tc.in+"\n"), &out, cc, uc); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(out.String(), "\n"); got != tc.want {
				t.Errorf("classify %q:\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestHeuristicCookiesEnforced: an unknown server cookie with a Google
// Analytics value is removed before consent like a named one; an unknown
// HttpOnly one is kept, and the site's memory keeps it on later requests
// even where unknown cookies are blocked; both reach the inventory with
// their heuristic rule; a script's cookie with a vendor's value shape
// leaves the Cookie header.
func TestHeuristicCookiesEnforced(t *testing.T) {
	h := newTestHandler(t, "off", func(h *Handler) { h.UnknownCookies = "block" })
	var upstreamCookie string
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		upstreamCookie = r.Header.Get("Cookie")
		w.Header().Add("Set-Cookie", "_zz_vid=GA1.2.123.456; Max-Age=63072000; Path=/")
		w.Header().Add("Set-Cookie", "_zz_app=9f8e7d6c5b4a3928; Path=/; HttpOnly")
		return nil
	})
	serve := func(cookie string) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest("GET", "http://heuristic.example/", nil)
		if cookie != "" {
			r.Header.Set("Cookie", cookie)
		}
		w := httptest.NewRecorder()
		if err := h.ServeHTTP(w, withReplacer(r), next); err != nil {
			t.Fatal(err)
		}
		return w
	}
	var names []string
	for _, l := range serve("").Result().Header["Set-Cookie"] {
		names = append(names, strings.SplitN(l, "=", 2)[0])
	}
	if !slices.Contains(names, "_zz_app") || slices.Contains(names, "_zz_vid") {
		t.Errorf("Set-Cookie names sent %q, want _zz_app without _zz_vid", names)
	}

	serve("_zz_app=9f8e7d6c5b4a3928; _zz_vid=GA1.2.123.456; _zz_px=fb.1.1596403881668.1; _zz_other=1")
	if upstreamCookie != "_zz_app=9f8e7d6c5b4a3928" {
		t.Errorf("upstream Cookie %q, want only the HttpOnly server cookie", upstreamCookie)
	}

	rules := map[string]string{}
	for _, it := range h.inventoryFor(httptest.NewRequest("GET", "http://heuristic.example/", nil)).Snapshot().Items {
		rules[it.Name] = it.Purpose.String() + " " + it.Rule
	}
	for name, want := range map[string]string{
		"_zz_vid": "analytics heuristic: value shape GA1. (Google Analytics)",
		"_zz_app": "necessary heuristic: HttpOnly server cookie",
		"_zz_px":  "retargeting heuristic: value shape fb. (Meta Pixel)",
	} {
		if rules[name] != want {
			t.Errorf("inventory %s: %q, want %q", name, rules[name], want)
		}
	}
}

// TestCookieAfterTagNamesItsVendor: a cookie the site's scripts write only
// for visitors who granted analytics, on a site whose only analytics tag
// is Hotjar's, is Hotjar's; with a second analytics vendor on the site,
// the verdict names none.
func TestCookieAfterTagNamesItsVendor(t *testing.T) {
	for _, tc := range []struct {
		name, page, vendor, rule string
	}{
		{"one analytics vendor", `<script src="https://static.hotjar.com/c/hotjar-1.js"></script>`,
			"Hotjar", "heuristic: appears only after consent to analytics, the site's only analytics vendor"},
		{"two analytics vendors", `<script src="https://static.hotjar.com/c/hotjar-1.js"></script><script src="https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js"></script>`,
			"", "heuristic: appears only after consent to analytics"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHandler(t, "off")
			host := strings.ReplaceAll(tc.name, " ", "-") + ".example"
			next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
				w.Header().Set("Content-Type", "text/html")
				_, err := w.Write([]byte("<!DOCTYPE html><html><head></head><body>" + tc.page + "</body></html>"))
				return err
			})
			get := func(cookie string) {
				t.Helper()
				r := httptest.NewRequest("GET", "http://"+host+"/", nil)
				if cookie != "" {
					r.Header.Set("Cookie", cookie)
				}
				if err := h.ServeHTTP(httptest.NewRecorder(), withReplacer(r), next); err != nil {
					t.Fatal(err)
				}
			}
			analytics := decideThrough(t, h, host, `{"purposes":{"analytics":true}}`)
			for range classify.MinSightings {
				get("PHPSESSID=1")                 // undecided: nothing of analytics ran
				get(analytics + "; _zz_js=a1b2c3") // the cookie the analytics tag wrote
			}
			var got *inventory.Item
			for _, it := range h.inventoryFor(httptest.NewRequest("GET", "http://"+host+"/", nil)).Snapshot().Items {
				if it.Name == "_zz_js" {
					got = &it
				}
			}
			if got == nil || got.Purpose != purpose.Analytics || got.Vendor != tc.vendor || got.Rule != tc.rule {
				t.Errorf("_zz_js in the inventory: %+v, want analytics, vendor %q, rule %q", got, tc.vendor, tc.rule)
			}
		})
	}
}
