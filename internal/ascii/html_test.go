package ascii

import (
	"html"
	"testing"
)

func TestAppendHTML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Allow", "Allow"},
		{"markup", `<b a="x">&'`, "&lt;b a=&#34;x&#34;&gt;&amp;&#39;"},
		{"Latin-1", "tecnologías «Sus»", "tecnolog&#xed;as &#xab;Sus&#xbb;"},
		{"beyond the BMP", "a😀b", "a&#x1f600;b"},
		{"invalid UTF-8", "a\xffb", "a&#xfffd;b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(AppendHTML(nil, tc.in))
			if got != tc.want {
				t.Errorf("AppendHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if u := html.UnescapeString(got); tc.name != "invalid UTF-8" && u != tc.in {
				t.Errorf("it reads %q, not %q", u, tc.in)
			}
		})
	}
}
