package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// prefixedSite is one site with the gateway three times: under handle_path
// /shop/*, in a route that strips /blog with uri strip_prefix (inside a
// handle, so the catch-all handle does not take /blog first), and at the
// root without a prefix.
func prefixedSite(upstream string) string {
	consent := "consent {\n\t\tpolicy_version v1\n\t\t" + strings.ReplaceAll(testKeys, "\n", "\n\t\t") + "\n\t}"
	up := strings.TrimPrefix(upstream, "http://")
	return fmt.Sprintf(`
http://127.0.0.1:{GATEWAY_PORT} {
	handle_path /shop/* {
		%[1]s
		reverse_proxy %[2]s
	}
	handle /blog/* {
		route {
			uri strip_prefix /blog
			%[1]s
			reverse_proxy %[2]s
		}
	}
	handle {
		%[1]s
		reverse_proxy %[2]s
	}
}
`, consent, up)
}

// newPageUpstream serves a page with a held embed at every path and says
// which path it was asked for.
func newPageUpstream(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Upstream-Path", r.URL.Path)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprint(w, `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>`+
			`<iframe src="https://www.youtube.com/embed/x" width="560" height="315"></iframe></body></html>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var clientScript = regexp.MustCompile(`<script src="([^"?]*)\?v=([0-9a-f]+)"`)

// TestUnderHandlePath: under handle_path and a route's uri strip_prefix,
// the endpoints answer at the path the browser sees, and the inserted
// client, its configuration, the placeholders, the choices page's form and
// its redirect all use that path; without a prefix nothing changes.
func TestUnderHandlePath(t *testing.T) {
	up := newPageUpstream(t)
	g := startGateway(t, prefixedSite(up.URL), "")
	for _, tc := range []struct{ name, prefix string }{
		{"handle_path", "/shop"},
		{"route with uri strip_prefix", "/blog"},
		{"no prefix", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.prefix + "/privacy-choices"
			resp, body := request(t, "GET", g.URL+tc.prefix+"/", "", "Accept: text/html")
			if resp.StatusCode != 200 || resp.Header.Get("X-Upstream-Path") != "/" {
				t.Fatalf("page: %d, upstream asked for %q, want 200 and /", resp.StatusCode, resp.Header.Get("X-Upstream-Path"))
			}
			for _, want := range []string{`"api":"` + base + `/api"`, `"page":"` + base + `"`, `<a href="` + base + `">`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %s:\n%s", want, body)
				}
			}
			m := clientScript.FindStringSubmatch(body)
			if m == nil || m[1] != base+"/consent.js" {
				t.Fatalf("client script %q, want %s/consent.js?v=…:\n%s", m, base, body)
			}

			resp, js := request(t, "GET", g.URL+m[1]+"?v="+m[2], "")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(js, "privacyChoicesConfig") {
				t.Errorf("consent.js: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}

			resp, page := request(t, "GET", g.URL+base, "", "Accept: text/html")
			if resp.StatusCode != 200 || !strings.Contains(page, `<form method="post" action="`+base+`"`) {
				t.Errorf("choices page: %d, want its form to post to %s:\n%s", resp.StatusCode, base, page)
			}

			resp, state := request(t, "POST", g.URL+base+"/api", `{"all":true}`, "Content-Type: application/json", "Origin: "+g.URL)
			var got struct {
				Decided  bool            `json:"decided"`
				Purposes map[string]bool `json:"purposes"`
			}
			if err := json.Unmarshal([]byte(state), &got); resp.StatusCode != 200 || err != nil || !got.Decided || !got.Purposes["analytics"] {
				t.Errorf("api: %d %s", resp.StatusCode, state)
			}
			if c := consentSetCookie(resp); !strings.Contains(c, "Path=/") {
				t.Errorf("api set the consent cookie %q, want one for Path=/", c)
			}

			resp, _ = request(t, "POST", g.URL+base, "action=accept_all", "Content-Type: application/x-www-form-urlencoded", "Origin: "+g.URL)
			if resp.StatusCode != 303 || resp.Header.Get("Location") != base+"?saved=1" {
				t.Errorf("form: %d %q, want 303 to %s?saved=1", resp.StatusCode, resp.Header.Get("Location"), base)
			}
		})
	}
	t.Run("gpc.json is the site root's", func(t *testing.T) {
		if resp, body := request(t, "GET", g.URL+"/.well-known/gpc.json", ""); resp.StatusCode != 200 || !strings.Contains(body, `"gpc"`) {
			t.Errorf("/.well-known/gpc.json: %d %.80q", resp.StatusCode, body)
		}
		if resp, _ := request(t, "GET", g.URL+"/shop/.well-known/gpc.json", ""); resp.Header.Get("X-Upstream-Path") != "/.well-known/gpc.json" {
			t.Errorf("/shop/.well-known/gpc.json: %d, want it passed upstream", resp.StatusCode)
		}
	})
}

// consentSetCookie is the consent cookie's Set-Cookie line of a response.
func consentSetCookie(resp *http.Response) string {
	for _, l := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(l, "privacy_choices=") {
			return l
		}
	}
	return ""
}
