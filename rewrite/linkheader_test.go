package rewrite

import (
	"net/url"
	"strings"
	"testing"
)

func TestFilterLinkHeader(t *testing.T) {
	base, _ := url.Parse("https://shop.example/page")
	blocked := func(h LinkHint) bool {
		return strings.HasSuffix(h.URL.Host, "facebook.net") || h.URL.Host == "www.googletagmanager.com"
	}
	for i, tc := range []struct {
		in, want string
		dropped  int
	}{
		{`<https://connect.facebook.net>; rel=preconnect`, ``, 1},
		{`</a.css>; rel=preload; as=style`, `</a.css>; rel=preload; as=style`, 0},
		{`<https://connect.facebook.net>; rel=preconnect, </a.css>; rel=preload; as=style`, `</a.css>; rel=preload; as=style`, 1},
		{`</a.css>; rel="preload"; as=style,<https://www.googletagmanager.com/gtm.js?id=GTM-1>; rel="preload"; as="script"`, `</a.css>; rel="preload"; as=style`, 1},
		{`<https://connect.facebook.net>; rel="dns-prefetch preconnect"`, ``, 1},
		{`<https://connect.facebook.net>; REL=PreConnect; crossorigin`, ``, 1},
		{`<https://connect.facebook.net/x>; rel=canonical`, `<https://connect.facebook.net/x>; rel=canonical`, 0},
		{`<//connect.facebook.net>; rel=preconnect`, ``, 1},
		{`<https://a,b.example>; rel=preconnect, <https://connect.facebook.net>; rel=preconnect`, `<https://a,b.example>; rel=preconnect`, 1},
		{`<https://connect.facebook.net>; title="a, b; c"; rel=preconnect`, ``, 1},
		{`garbage <https://connect.facebook.net>; rel=preconnect`, `garbage <https://connect.facebook.net>; rel=preconnect`, 0},
		{`<https://connect.facebook.net>; title="unterminated; rel=preconnect`, `<https://connect.facebook.net>; title="unterminated; rel=preconnect`, 0},
		{``, ``, 0},
	} {
		got, n := FilterLinkHeader(tc.in, base, blocked)
		if got != tc.want || n != tc.dropped {
			t.Errorf("Test %d: got %q (%d), want %q (%d)", i, got, n, tc.want, tc.dropped)
		}
	}
}

func FuzzFilterLinkHeader(f *testing.F) {
	for _, s := range []string{`<https://a.example>; rel=preconnect`, `</x>; rel="preload"; as=style, <//b.example>; rel=dns-prefetch`, `<a>;;,,`, `<"x>; t="\"`} {
		f.Add(s)
	}
	base, _ := url.Parse("https://shop.example/")
	f.Fuzz(func(t *testing.T, v string) {
		all := func(LinkHint) bool { return true }
		out, n := FilterLinkHeader(v, base, all)
		if n == 0 && out != v {
			t.Fatalf("nothing dropped but value changed: %q -> %q", v, out)
		}
		if len(out) > len(v) {
			t.Fatalf("output grew: %q -> %q", v, out)
		}
		none := func(LinkHint) bool { return false }
		if out, n := FilterLinkHeader(v, base, none); out != v || n != 0 {
			t.Fatalf("drop-nothing changed %q -> %q", v, out)
		}
		// Filtering is idempotent.
		again, n2 := FilterLinkHeader(out, base, all)
		if n2 != 0 && out != "" && again == out {
			t.Fatalf("second pass dropped %d but left %q", n2, out)
		}
	})
}

func TestSameSite(t *testing.T) {
	for i, tc := range []struct {
		a, b string
		want bool
	}{
		{"www.example.com", "static.example.com", true},
		{"WWW.Example.com.", "example.com", true},
		{"example.com", "example.org", false},
		{"a.co.uk", "b.co.uk", false},
		{"127.0.0.1", "10.0.0.1", false},
		{"127.0.0.1", "127.0.0.1", true},
		{"localhost", "localhost", true},
	} {
		if got := SameSite(tc.a, tc.b); got != tc.want {
			t.Errorf("Test %d (%s, %s): %v", i, tc.a, tc.b, got)
		}
	}
}
