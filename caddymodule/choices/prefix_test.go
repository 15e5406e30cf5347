package choices

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// prefixFromHeader makes the fixture's requests say their stripped prefix
// in a header, standing in for what the gateway reads from Caddy.
func prefixFromHeader(f *fixture) {
	f.s.deps.Prefix = func(r *http.Request) string { return r.Header.Get("X-Test-Prefix") }
}

func TestInsertUnderPrefix(t *testing.T) {
	f := newFixture(t)
	undecided := consent.Resolve(consent.OptIn, nil, consent.Signals{})
	for _, tc := range []struct{ name, nonce, prefix, api, page, script string }{
		{"no prefix", "", "", "/privacy-choices/api", "/privacy-choices", `<script src="/privacy-choices/consent.js?v=`},
		{"prefix", "", "/shop", "/shop/privacy-choices/api", "/shop/privacy-choices", `<script src="/shop/privacy-choices/consent.js?v=`},
		{"prefix, with a nonce", "n1", "/shop", "/shop/privacy-choices/api", "/shop/privacy-choices", `<script src="/shop/privacy-choices/consent.js?v=`},
		{"escaped as the browser sent it", "", `/a&b"`, `/a&b"/privacy-choices/api`, `/a&b"/privacy-choices`, `<script src="/a&amp;b&#34;/privacy-choices/consent.js?v=`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := f.s.Insert(undecided, tc.nonce, "en", tc.prefix, "example.com", false)
			cfg := insertedConfig(t, b)
			if cfg.API != tc.api || cfg.Page != tc.page {
				t.Errorf("api %q, page %q; want %q, %q", cfg.API, cfg.Page, tc.api, tc.page)
			}
			if !bytes.Contains(b, []byte(tc.script)) {
				t.Errorf("block lacks %s:\n%s", tc.script, b)
			}
		})
	}
}

// TestInsertCacheUnderPrefix: blocks are cached per prefix, and the
// blocks kept are bounded.
func TestInsertCacheUnderPrefix(t *testing.T) {
	f := newFixture(t)
	undecided := consent.Resolve(consent.OptIn, nil, consent.Signals{})
	plain, shop := f.s.Insert(undecided, "", "en", "", "example.com", false), f.s.Insert(undecided, "", "en", "/shop", "example.com", false)
	if bytes.Equal(plain, shop) {
		t.Fatal("the cache mixes prefixes")
	}
	if again := f.s.Insert(undecided, "", "en", "/shop", "example.com", false); &again[0] != &shop[0] {
		t.Error("a prefix's block is built again")
	}
	for i := range 2 * maxCachedInserts {
		f.s.Insert(undecided, "", "en", fmt.Sprintf("/p%d", i), "example.com", false)
	}
	n := 0
	f.s.inserts.Range(func(k, _ any) bool {
		n++
		return true
	})
	if n != maxCachedInserts {
		t.Errorf("%d blocks kept, want %d", n, maxCachedInserts)
	}
	// A site is part of the key too: a request chooses its Host.
	if b := f.s.Insert(undecided, "", "en", "", "other.example", false); !bytes.Contains(b, []byte(`"f":"other.example"`)) {
		t.Errorf("a block for another site does not name it:\n%.300s", b)
	}
	if b := f.s.Insert(undecided, "", "en", "/beyond", "example.com", false); !bytes.Contains(b, []byte(`"api":"/beyond/privacy-choices/api"`)) {
		t.Errorf("a block beyond the bound is not its prefix's:\n%s", b)
	}
}

func TestPlaceholderUnderPrefix(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ name, lang, prefix, want string }{
		{"no prefix", "en", "", `<a href="/privacy-choices">Change`},
		{"prefix", "en", "/shop", `<a href="/shop/privacy-choices">Change`},
		{"prefix, Spanish", "es", "/shop", `<a href="/shop/privacy-choices">`},
		{"prefix, unknown language", "xx", "/shop", `<a href="/shop/privacy-choices">Change`},
		{"escaped", "en", `/a"b`, `<a href="/a&#34;b/privacy-choices">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(f.s.Placeholder(tc.lang, tc.prefix)(purpose.Social, "YouTube", ""))
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s\nwant %s", got, tc.want)
			}
		})
	}
	if a, b := f.s.Placeholder("en", "/shop")(purpose.Social, "YouTube", ""), f.s.Placeholder("en", "/shop")(purpose.Social, "YouTube", ""); &a[0] != &b[0] {
		t.Error("a prefix's placeholders are built again")
	}
	for i := range 4 * maxPrefixes {
		f.s.Placeholder("en", fmt.Sprintf("/p%d", i))
	}
	n := 0
	f.s.prefixedPlaceholders.Range(func(_, _ any) bool { n++; return true })
	if limit := maxPrefixes * len(f.s.placeholders); n > limit {
		t.Errorf("%d placeholder makers kept for prefixes, want at most %d", n, limit)
	}
}

// TestPageUnderPrefix: the page's form posts, and its redirect returns,
// under the prefix; return_to is the browser's path already and stays as
// given; gpc.json is not answered under a prefix.
func TestPageUnderPrefix(t *testing.T) {
	f := newFixture(t)
	prefixFromHeader(f)
	prefixed := func(r *http.Request) *http.Request { r.Header.Set("X-Test-Prefix", "/shop"); return r }

	page := f.serve(t, prefixed(httptest.NewRequest("GET", "/privacy-choices", nil)))
	if page.Code != 200 || !strings.Contains(page.Body.String(), `action="/shop/privacy-choices"`) {
		t.Errorf("page: %d, want the form's action under /shop:\n%s", page.Code, page.Body)
	}
	for _, tc := range []struct{ name, returnTo, want string }{
		{"saved", "", "/shop/privacy-choices?saved=1"},
		{"return_to", "/shop/cart", "/shop/cart"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"action": {"accept_all"}, "return_to": {tc.returnTo}}
			w := f.serve(t, prefixed(formPost("/privacy-choices", form, "Origin", "http://example.com")))
			if w.Code != 303 || w.Header().Get("Location") != tc.want {
				t.Errorf("%d %q, want 303 to %s", w.Code, w.Header().Get("Location"), tc.want)
			}
		})
	}
	if w := f.serve(t, prefixed(httptest.NewRequest("GET", "/.well-known/gpc.json", nil))); w.Code != 599 {
		t.Errorf("gpc.json under a prefix: %d, want not served", w.Code)
	}
	if w := f.serve(t, httptest.NewRequest("GET", "/.well-known/gpc.json", nil)); w.Code != 200 {
		t.Errorf("gpc.json at the root: %d, want 200", w.Code)
	}
}
