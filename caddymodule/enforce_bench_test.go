package caddymodule

import (
	"net/http/httptest"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent"
)

// requestPathCookieHeader is a Cookie header of a visitor of a site with
// analytics, ads and a few of the site's own cookies, known and unknown.
const requestPathCookieHeader = "_ga=GA1.2.1234567890.1700000000; _ga_ABC123=GS1.1.1700000000.1.1.1700000100.0.0.0; " +
	"_gid=GA1.2.987654321.1700000000; _fbp=fb.1.1700000000123.1234567890; PHPSESSID=9f8e7d6c5b4a39281706f5e4d3c2b1a0; " +
	"csrftoken=abc; lang=en; theme=%7B%22dark%22%3Atrue%7D; _hjSessionUser_123=eyJpZCI6IjEyMyJ9; site_pref=compact"

// BenchmarkEnforceRequestCookies measures the request side's cookie
// classification and filtering for an undecided visitor (most cookies
// stripped) and one who accepted everything (all kept).
func BenchmarkEnforceRequestCookies(b *testing.B) {
	h := newTestHandler(b, "off")
	for _, tc := range []struct {
		name string
		st   consent.State
	}{
		{"undecided", consent.Resolve(h.mode, nil, consent.Signals{})},
		{"accepted", consent.Resolve(h.mode, acceptAllChoices(), consent.Signals{})},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", "http://shop.example/", nil)
			cookie := []string{requestPathCookieHeader}
			inv := h.inventoryFor(r)
			b.ReportAllocs()
			for b.Loop() {
				r.Header["Cookie"] = cookie[:1:1]
				h.enforceRequest(r, tc.st, inv)
			}
		})
	}
}

func acceptAllChoices() *consent.Choices {
	c := consent.AllChoices(true)
	return &c
}
