package integration

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestUnknownTagsAskedAbout: under the default unknown_tags ask, a
// third-party script no rule knows is held before a choice and after
// "Reject all", and served active (no type="text/plain") after "Accept
// all" and after a save on the choices page that allows only Other
// services; the page lists the host with the page it was seen on. Under
// block it stays held after "Accept all".
func TestUnknownTagsAskedAbout(t *testing.T) {
	const src = "https://static.example-cdn.net/app.js"
	page := `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>` +
		`<script src="` + src + `"></script></body></html>`
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	t.Cleanup(up.Close)
	const held = `<script type="text/plain" data-consent="unknown" data-consent-src="` + src + `">`
	const active = `<script src="` + src + `"></script>`

	g := startGateway(t, consentSite(up.URL, "mode opt_in\n"+testKeys), "")
	get := func(cookie string) string {
		headers := []string{"Accept: text/html"}
		if cookie != "" {
			headers = append(headers, "Cookie: "+cookie)
		}
		_, body := request(t, "GET", g.URL+"/shop/item?id=1", "", headers...)
		return body
	}
	saveOnlyOther := func() string {
		resp, body := request(t, "POST", g.URL+"/privacy-choices", "action=save&unknown=on",
			"Content-Type: application/x-www-form-urlencoded", "Origin: "+g.URL)
		if resp.StatusCode != 303 {
			t.Fatalf("save: %d %s", resp.StatusCode, body)
		}
		for _, line := range resp.Header.Values("Set-Cookie") {
			if strings.HasPrefix(line, "privacy_choices=") {
				return strings.SplitN(line, ";", 2)[0]
			}
		}
		t.Fatal("save set no consent cookie")
		return ""
	}
	for _, tc := range []struct {
		name   string
		cookie func() string
		active bool
	}{
		{"before a choice", func() string { return "" }, false},
		{"after reject all", func() string { return decide(t, g, `{"all": false}`) }, false},
		{"after accept all", func() string { return decide(t, g, `{"all": true}`) }, true},
		{"after a save with only Other services", saveOnlyOther, true},
		{"after a save of analytics only", func() string { return decide(t, g, `{"purposes": {"analytics": true}}`) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := get(tc.cookie())
			if tc.active && (!strings.Contains(body, active) || strings.Contains(body, held)) {
				t.Errorf("the unknown script is not active:\n%s", body)
			}
			if !tc.active && !strings.Contains(body, held) {
				t.Errorf("the unknown script is not held:\n%s", body)
			}
		})
	}
	t.Run("the choices page lists the host with its page", func(t *testing.T) {
		_, body := request(t, "GET", g.URL+"/privacy-choices", "")
		if !strings.Contains(body, `<span class="host">static.example-cdn.net</span> <span class="state">(first seen on /shop/item)</span>`) {
			t.Errorf("no Other services entry:\n%s", body)
		}
	})

	t.Run("block keeps it held after accept all", func(t *testing.T) {
		gb := startGateway(t, consentSite(up.URL, "mode opt_in\nunknown_tags block\n"+testKeys), "")
		all := decide(t, gb, `{"all": true}`)
		_, body := request(t, "GET", gb.URL+"/shop/item", "", "Accept: text/html", "Cookie: "+all)
		if !strings.Contains(body, held) {
			t.Errorf("the unknown script is not held under block:\n%s", body)
		}
	})
}
