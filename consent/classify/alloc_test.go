//go:build !race

// The race detector allocates, so the allocation tests run without it.

package classify

import (
	"net/url"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestClassifyDoesNotAllocate(t *testing.T) {
	c := mustClassifier(t, referenceOperatorRules, referenceDBRules)
	allocs := testing.AllocsPerRun(100, func() {
		for _, n := range benchmarkCookieNames {
			c.Classify(n)
		}
	})
	if allocs != 0 {
		t.Errorf("Classify allocates %v times per run of %d names, want 0", allocs, len(benchmarkCookieNames))
	}
}

func TestClassifyURLDoesNotAllocate(t *testing.T) {
	c := mustURLClassifier(t, []HostRule{{Pattern: "*.example.com/x/", Purpose: purpose.Analytics, Vendor: "X"}})
	var urls []*url.URL
	for _, raw := range []string{
		"https://www.googletagmanager.com/gtag/js?id=AW-123",
		"https://WWW.FACEBOOK.COM./tr?id=1",
		"https://deep.sub.domain.unknown.example.net/some/long/path.js",
		"https://www.example.com/x/y",
		"/matomo.js",
	} {
		u, _ := url.Parse(raw)
		urls = append(urls, u)
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, u := range urls {
			c.ClassifyURL(u)
		}
	})
	if allocs != 0 {
		t.Errorf("ClassifyURL allocates %.1f times per 5 URLs, want 0", allocs)
	}
}

func TestClassifyInlineScriptDoesNotAllocate(t *testing.T) {
	c := mustURLClassifier(t, nil)
	text := firstPartyScript(20 << 10)
	snippet := []byte(snippetCases[0].text)
	allocs := testing.AllocsPerRun(20, func() {
		c.ClassifyInlineScript(text)
		c.ClassifyInlineScript(snippet)
	})
	if allocs != 0 {
		t.Errorf("ClassifyInlineScript allocates %.1f times, want 0", allocs)
	}
}

// TestClassifyCookieDoesNotAllocate: the heuristics over a value and a
// Set-Cookie line's facts stay allocation-free, as the name lookup is.
func TestClassifyCookieDoesNotAllocate(t *testing.T) {
	c := mustClassifier(t, referenceOperatorRules, referenceDBRules)
	facts := []CookieFacts{
		{Value: "GA1.2.123.1700000000", SetBy: SetByServer, MaxAge: year},
		{Value: "opaque", SetBy: SetByServer, HttpOnly: true},
		{Value: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", SetBy: SetByServer, MaxAge: year},
		{Value: "Zm9vYmFyYmF6cXV1eDEyMzQ1Njc4OTA", SetBy: SetByServer, MaxAge: year},
		{Value: `{"theme":"dark"}`, SetBy: SetByScript},
		{Value: "x", SetBy: SetByScript, OnlyAfter: purpose.Analytics},
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, f := range facts {
			c.ClassifyCookie("_zz_unknown_cookie", f)
			c.ClassifyCookie("_zz_a_rather_long_unknown_cookie_name_of_a_site", f)
			c.ClassifyCookie("_ga", f)
		}
	})
	if allocs != 0 {
		t.Errorf("ClassifyCookie allocates %v times per run, want 0", allocs)
	}
}
