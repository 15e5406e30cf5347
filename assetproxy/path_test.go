package assetproxy

import (
	"net/url"
	"strings"
	"testing"
)

func TestParsePath(t *testing.T) {
	for _, tc := range []struct {
		name, rest, host, path string
		ok                     bool
	}{
		{"font", "fonts.gstatic.com/s/roboto/v30/a.woff2", "fonts.gstatic.com", "/s/roboto/v30/a.woff2", true},
		{"css2 path", "fonts.googleapis.com/css2", "fonts.googleapis.com", "/css2", true},
		{"escaped byte", "cdn.example/a%20b.js", "cdn.example", "/a%20b.js", true},
		{"at sign in the path", "cdn.example/npm/x@1.2.3/a.js", "cdn.example", "/npm/x@1.2.3/a.js", true},
		{"directory", "cdn.example/a/", "cdn.example", "/a/", true},
		{"no path", "cdn.example", "", "", false},
		{"empty", "", "", "", false},
		{"upper-case host", "CDN.example/a", "", "", false},
		{"port", "cdn.example:8443/a", "", "", false},
		{"user info", "user@cdn.example/a", "", "", false},
		{"host with user info", "cdn.example@evil.example/a", "", "", false},
		{"IPv4", "127.0.0.1/a", "127.0.0.1", "/a", true}, // a valid name shape; only a listed host is served
		{"IPv6", "[::1]/a", "", "", false},
		{"single label", "localhost/a", "", "", false},
		{"dot-dot", "cdn.example/../a", "", "", false},
		{"dot", "cdn.example/./a", "", "", false},
		{"escaped dot-dot", "cdn.example/%2e%2E/a", "", "", false},
		{"escaped slash", "cdn.example/a%2fb", "", "", false},
		{"escaped backslash", "cdn.example/a%5cb", "", "", false},
		{"backslash", `cdn.example/a\b`, "", "", false},
		{"double slash", "cdn.example//evil.example/a", "", "", false},
		{"absolute URL", "https://evil.example/a", "", "", false},
		{"scheme-relative", "/evil.example/a", "", "", false},
		{"NUL", "cdn.example/a%00", "", "", false},
		{"bad escape", "cdn.example/a%zz", "", "", false},
		{"query bytes", "cdn.example/a?x", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host, path, ok := ParsePath(tc.rest)
			if ok != tc.ok || host != tc.host || path != tc.path {
				t.Errorf("ParsePath(%q) = %q, %q, %v; want %q, %q, %v", tc.rest, host, path, ok, tc.host, tc.path, tc.ok)
			}
		})
	}
}

func TestProxyPath(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"path and query", "https://fonts.googleapis.com/css2?family=Roboto:wght@400&display=swap", "/x/assets/fonts.googleapis.com/css2?family=Roboto:wght@400&display=swap"},
		{"no path", "https://cdn.example", "/x/assets/cdn.example/"},
		{"fragment", "https://cdn.example/i.svg#logo", "/x/assets/cdn.example/i.svg#logo"},
		{"escaped", "https://cdn.example/a%20b.js", "/x/assets/cdn.example/a%20b.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, _ := url.Parse(tc.in)
			if got := ProxyPath("/x/assets", u.Hostname(), u); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzParsePath: what ParsePath accepts is a plain host and a path that
// stays on it: no dot segments once unescaped, no escaped separators, and
// the URL built from them has that host and that path.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"fonts.gstatic.com/s/a.woff2", "cdn.example/%2e%2e/a", "a.b/c/../d", "x.y//z", "h.i/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		host, path, ok := ParsePath(rest)
		if !ok {
			return
		}
		if !validHost(host) || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
			t.Fatalf("ParsePath(%q) = %q, %q", rest, host, path)
		}
		u, err := url.Parse("https://" + host + path)
		if err != nil || u.Host != host || u.EscapedPath() != path {
			t.Fatalf("ParsePath(%q) = %q, %q: builds %v (%v)", rest, host, path, u, err)
		}
		for seg := range strings.SplitSeq(u.Path, "/") {
			if seg == "." || seg == ".." || strings.Contains(seg, `\`) {
				t.Fatalf("ParsePath(%q) = %q: dot segment or backslash %q", rest, path, seg)
			}
		}
	})
}
