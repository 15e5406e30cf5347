package rewrite

import (
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestPlaceholderSize(t *testing.T) {
	for _, tc := range []struct{ name, attrs, want string }{
		{"none", ``, ``},
		{"width and height", `width="560" height="315"`, `width:560px;max-width:100%;aspect-ratio:560/315`},
		{"unquoted, spaces, trailing junk", `width= 640px height=" 360abc"`, `width:640px;max-width:100%;aspect-ratio:640/360`},
		{"fractions", `width=400.5 height=300`, `width:400.5px;max-width:100%;aspect-ratio:400.5/300`},
		{"relative width", `width="100%" height="400"`, `width:100%;max-width:100%;min-height:400px`},
		{"height only", `height=200`, `min-height:200px`},
		{"width only", `width=300`, `width:300px;max-width:100%`},
		{"nonsense ignored", `width=abc height=-5`, ``},
		{"style wins over attributes", `width=560 height=315 style="width: 100%; height:480px"`, `width:100%;max-width:100%;min-height:480px`},
		{"style aspect ratio with relative width", `style="width:100%;aspect-ratio:16 / 9"`, `width:100%;max-width:100%;aspect-ratio:16/9`},
		{"a height makes CSS ignore the aspect ratio", `style="width:100%;aspect-ratio:16/9" height=315`, `width:100%;max-width:100%;min-height:315px`},
		{"style pixels", `style="WIDTH:320PX;height:180px"`, `width:320px;max-width:100%;aspect-ratio:320/180`},
		{"style em", `style="width:30em;height:20em"`, `width:30em;max-width:100%;min-height:20em`},
		{"style ratio alone", `style="aspect-ratio:4/3"`, `aspect-ratio:4/3`},
		{"style it cannot read is left out", `width=560 height=315 style="width:calc(100% - 2em);height:var(--h);aspect-ratio:auto"`, `width:560px;max-width:100%;aspect-ratio:560/315`},
		{"style with important left out", `style="width:500px !important"`, ``},
		{"no injection", `style="width:1px&quot;onload=x;height:2px"`, `min-height:2px`},
		{"huge numbers left out", `width=12345678901 height=10`, `min-height:10px`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			got := "(no placeholder)"
			o.Placeholder = func(_ purpose.Purpose, _, size string) []byte {
				got = size
				return []byte("<p>")
			}
			rewriteChunks(t, []byte(`<iframe src="https://www.youtube.com/embed/x" `+tc.attrs+`></iframe>`), o, nil)
			if got != tc.want {
				t.Errorf("placeholder size of %s: %q, want %q", tc.attrs, got, tc.want)
			}
			o.NoStyleAttr = true
			rewriteChunks(t, []byte(`<iframe src="https://www.youtube.com/embed/x" `+tc.attrs+`></iframe>`), o, nil)
			if got != "" {
				t.Errorf("with NoStyleAttr: size %q", got)
			}
		})
	}
}

func TestCSSPixels(t *testing.T) {
	for _, tc := range []struct {
		in string
		n  int
		ok bool
	}{
		{"0", 0, true}, {" 0px ", 0, true}, {"0.0em", 0, true}, {"1px", 1, true}, {"1.0PX", 1, true},
		{"0.5px", 1, true}, {"1.5px", 2, true}, {"2px", 2, true}, {"1em", 2, true}, {"100%", 2, true},
		{"auto", 0, false}, {"calc(1px)", 0, false}, {"1px !important", 1, true}, {"0 !IMPORTANT", 0, true}, {"!important", 0, false}, {"", 0, false}, {"0q", 0, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if n, ok := cssPixels(tc.in); n != tc.n || ok != tc.ok {
				t.Errorf("cssPixels(%q) = %d, %v; want %d, %v", tc.in, n, ok, tc.n, tc.ok)
			}
		})
	}
}
