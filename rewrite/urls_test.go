package rewrite

import (
	"net/url"
	"testing"
)

// fullResolve is resolve without the fast path.
func (w *Writer) fullResolve(raw string) *url.URL {
	s := cleanURL(raw)
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		if u = salvageURL(s); u == nil {
			return nil
		}
	}
	return w.finishURL(u)
}

var urlCases = []string{
	"https://www.google-analytics.com/analytics.js", "http://a.com", "https://a.com?x", "https://a.com/p?q=1&r=2",
	"https://a.com/p?", "//connect.facebook.net/en_US/fbevents.js", "/app.js", "app.js", "img/a.png?v=1", "?q", "?",
	"../up.js", "./here.js", "/a/./b", "a/../b", "https://a.com/.well-known/x", "HTTPS://A.COM/X", "https://A.com/",
	"https://a.com:8080/x", "https://a.com./x", "https://user@a.com/", "https://a.com/%41", "https://a.com/a b",
	"mailto:x@y.z", "javascript:void(0)", "data:image/png;base64,AAAA", "about:blank", "tel:+1", "//", "///x",
	"https:x.com", "https:/x.com", "h:x", "a:b/c", "x/y:z", "#frag", "/p#f", "https://a.com/#", " /spaced ",
	"https://a.com/\\x", "\\\\evil.com/x", "/\\evil.com/x", "https://www.google-\nanalytics.com/a.js", "https://xn--bcher-kva.example/",
	"https://a.com/?a=b?c", "https://a..com/", "https://-a.com/", "https://1.2.3.4/p", "https://[::1]/", "//a.com?x",
	"https://fonts.googleapis.com/css2?family=Source+Sans+3:wght@400;600&display=swap", "/a@b/c", "//user@a.com/x",
	"https://a.com@b.com/", "a@b.c", "@x", "https://@a.com/", "https://a.com/@", "mailto:a@b.c?x",
}

func TestQuickResolve(t *testing.T) {
	for _, base := range []string{"https://www.example.com/articles/page.html?x=1", "http://example.com", "https://example.com/dir/"} {
		w := NewWriter(nil, &Options{PageURL: mustURL(base)})
		for i, s := range urlCases {
			q, f := w.quickResolve(s), w.fullResolve(s)
			if q == nil {
				continue
			}
			if f == nil || q.String() != f.String() || q.Host != f.Host || q.Path != f.Path || q.RawQuery != f.RawQuery {
				t.Errorf("Test %d %q against %s: quick %#v, full %#v", i, s, base, q, f)
			}
		}
	}
	// The fast path is taken for the common cases.
	w := NewWriter(nil, &Options{PageURL: mustURL("https://www.example.com/a/b.html")})
	for _, s := range []string{"https://www.google-analytics.com/analytics.js", "/img/x.jpg", "img/x.jpg?v=2", "//cdn.example.net/x.js",
		"https://fonts.googleapis.com/css2?family=Source+Sans+3:wght@400;600&display=swap"} {
		if w.quickResolve(s) == nil {
			t.Errorf("%q: no fast path", s)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range urlCases {
		f.Add(s)
	}
	w := NewWriter(nil, &Options{PageURL: mustURL("https://www.example.com/articles/page.html")})
	f.Fuzz(func(t *testing.T, s string) {
		q, full := w.quickResolve(s), w.fullResolve(s)
		if q != nil && (full == nil || q.String() != full.String() || q.Host != full.Host || q.Path != full.Path || q.RawPath != full.RawPath || q.RawQuery != full.RawQuery) {
			t.Fatalf("%q: quick %#v, full %#v", s, q, full)
		}
		w.resolve(s)
	})
}

func TestSrcsetURLs(t *testing.T) {
	for i, tc := range []struct {
		in   string
		want []string
	}{
		{"a.png", []string{"a.png"}},
		{"a.png 1x, b.png 2x", []string{"a.png", "b.png"}},
		{" a.png 100w,b.png 200w ,, c.png", []string{"a.png", "b.png", "c.png"}},
		{"https://x.com/a,b.png 2x, c.png", []string{"https://x.com/a,b.png", "c.png"}},
		{"a.png,b.png", []string{"a.png,b.png"}}, // one URL: no white space
		{"a.png (x, y) 2x, b.png", []string{"a.png", "b.png"}},
		{"", nil},
	} {
		var got []string
		srcsetURLs(tc.in, func(s string) bool { got = append(got, s); return false })
		if len(got) != len(tc.want) {
			t.Errorf("Test %d: got %q, want %q", i, got, tc.want)
			continue
		}
		for j := range got {
			if got[j] != tc.want[j] {
				t.Errorf("Test %d: got %q, want %q", i, got, tc.want)
			}
		}
	}
}

func TestFirstParty(t *testing.T) {
	for i, tc := range []struct {
		page, url string
		want      bool
	}{
		{"https://www.example.com/", "https://www.example.com/x", true},
		{"https://www.example.com/", "https://static.example.com/x", true},
		{"https://www.example.com/", "https://example.com.evil.net/x", false},
		{"https://www.example.co.uk/", "https://cdn.example.co.uk/x", true},
		{"https://www.example.co.uk/", "https://other.co.uk/x", false},
		{"https://user.github.io/", "https://other.github.io/x", false},
		{"http://localhost:8080/", "http://localhost:9999/x", true},
		{"http://127.0.0.1:8080/", "http://127.0.0.2/x", false},
		{"https://www.example.com/", "data:text/plain,x", true},
		{"https://www.example.com/", "/x", true},
	} {
		w := NewWriter(nil, &Options{PageURL: mustURL(tc.page)})
		if got := w.firstParty(w.resolve(tc.url)); got != tc.want {
			t.Errorf("Test %d: firstParty(%s on %s) = %v, want %v", i, tc.url, tc.page, got, tc.want)
		}
	}
}
