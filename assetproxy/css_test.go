package assetproxy

import (
	"net/url"
	"strings"
	"testing"
)

// toProxy rewrites targets on cdn.example as the proxy does for CSS
// fetched from https://cdn.example/css/site.css.
func toProxy(t string) (string, bool) {
	base, _ := url.Parse("https://cdn.example/css/site.css")
	u, err := base.Parse(t)
	if err != nil || u.Hostname() != "cdn.example" {
		return "", false
	}
	return ProxyPath("/p", "cdn.example", u), true
}

func TestRewriteCSS(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"unquoted", `a{background:url(https://cdn.example/a.png)}`, `a{background:url(/p/cdn.example/a.png)}`},
		{"double quoted", `a{background:url("https://cdn.example/a.png")}`, `a{background:url("/p/cdn.example/a.png")}`},
		{"single quoted", `a{background:url('https://cdn.example/a.png')}`, `a{background:url('/p/cdn.example/a.png')}`},
		{"spaces inside url()", `a{b:url(  https://cdn.example/a.png  )}`, `a{b:url(  /p/cdn.example/a.png  )}`},
		{"upper-case URL(", `a{b:URL(https://cdn.example/a.png)}`, `a{b:URL(/p/cdn.example/a.png)}`},
		{"google fonts face", "@font-face {\n  font-family: 'Roboto';\n  src: url(https://cdn.example/s/roboto/v30/x.woff2) format('woff2');\n}",
			"@font-face {\n  font-family: 'Roboto';\n  src: url(/p/cdn.example/s/roboto/v30/x.woff2) format('woff2');\n}"},
		{"@import string", `@import "https://cdn.example/more.css";`, `@import "/p/cdn.example/more.css";`},
		{"@import single-quoted string", `@import 'https://cdn.example/more.css' screen;`, `@import '/p/cdn.example/more.css' screen;`},
		{"@import url()", `@import url(https://cdn.example/more.css);`, `@import url(/p/cdn.example/more.css);`},
		{"@IMPORT url() quoted", `@IMPORT url("//cdn.example/more.css");`, `@IMPORT url("/p/cdn.example/more.css");`},
		{"relative target", `a{b:url(../img/a.png)}`, `a{b:url(/p/cdn.example/img/a.png)}`},
		{"root-relative target", `a{b:url(/img/a.png?v=1)}`, `a{b:url(/p/cdn.example/img/a.png?v=1)}`},
		{"other host kept", `a{b:url(https://other.example/a.png)}`, `a{b:url(https://other.example/a.png)}`},
		{"data URL kept", `a{b:url(data:image/png;base64,AAAA)}`, `a{b:url(data:image/png;base64,AAAA)}`},
		{"in a comment kept", `/* url(https://cdn.example/a.png) */a{}`, `/* url(https://cdn.example/a.png) */a{}`},
		{"in a string kept", `a{content:"url(https://cdn.example/a.png)"}`, `a{content:"url(https://cdn.example/a.png)"}`},
		{"string after @import only", `a{content:"https://cdn.example/a.png"}`, `a{content:"https://cdn.example/a.png"}`},
		{"identifier ending in url( kept", `a{b:myurl(https://cdn.example/a.png)}`, `a{b:myurl(https://cdn.example/a.png)}`},
		{"escaped target kept", `a{b:url(https://cdn.example/a\).png)}`, `a{b:url(https://cdn.example/a\).png)}`},
		{"bad url kept", `a{b:url(https://cdn.example/a b.png)}`, `a{b:url(https://cdn.example/a b.png)}`},
		{"quote in unquoted kept", `a{b:url(https://cdn.example/a"b)}`, `a{b:url(https://cdn.example/a"b)}`},
		{"unterminated", `a{b:url(https://cdn.example/a.png`, `a{b:url(https://cdn.example/a.png`},
		{"unterminated comment", `a{} /* url(https://cdn.example/a.png)`, `a{} /* url(https://cdn.example/a.png)`},
		{"several", `a{b:url(https://cdn.example/1.png),url("https://cdn.example/2.png")}`, `a{b:url(/p/cdn.example/1.png),url("/p/cdn.example/2.png")}`},
		{"parenthesis in quoted target escaped unquoted", `a{b:url("https://cdn.example/a(1).png")}`, `a{b:url("/p/cdn.example/a(1).png")}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(RewriteCSS([]byte(tc.in), toProxy)); got != tc.want {
				t.Errorf("RewriteCSS(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRewriteCSSEscapesItsForm(t *testing.T) {
	repl := func(string) (string, bool) { return `/p/a b(c)"d'`, true }
	for _, tc := range []struct{ name, in, want string }{
		{"unquoted", `url(x)`, `url(/p/a%20b%28c%29%22d%27)`},
		{"quoted", `url("x")`, `url("/p/a b(c)%22d'")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(RewriteCSS([]byte(tc.in), repl)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRewriteCSSUnchangedIsTheSameSlice(t *testing.T) {
	in := []byte(`a{b:url(https://other.example/a.png)}`)
	if out := RewriteCSS(in, toProxy); &out[0] != &in[0] {
		t.Error("an unchanged stylesheet was copied")
	}
}

// FuzzRewriteCSS: the rewriter never panics, changes nothing when no target
// is replaced, and replaces exactly the targets it reports.
func FuzzRewriteCSS(f *testing.F) {
	for _, s := range []string{`a{b:url(https://cdn.example/a.png)}`, `@import "x.css";`, `/* */url('a')`, `url(`, `@import`, `"\`, `url( a )`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, css string) {
		if out := RewriteCSS([]byte(css), func(string) (string, bool) { return "", false }); string(out) != css {
			t.Fatalf("changed without a replacement: %q -> %q", css, out)
		}
		// Wrapping every target in markers, then removing them, gives the
		// input back: only targets change, each in place. (Controls would be
		// percent-encoded, and the marker must not occur in the input.)
		if strings.ContainsFunc(css, func(r rune) bool { return r < ' ' || r == 0x7f || r == '~' }) {
			return
		}
		n := 0
		out := RewriteCSS([]byte(css), func(target string) (string, bool) {
			n++
			return "~" + target + "~", true
		})
		if got := strings.Count(string(out), "~"); got != 2*n {
			t.Fatalf("%d targets, %d markers: %q -> %q", n, got, css, out)
		}
		if back := strings.ReplaceAll(string(out), "~", ""); back != css {
			t.Fatalf("more than the targets changed: %q -> %q", css, out)
		}
	})
}
