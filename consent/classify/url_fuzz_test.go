package classify

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// upperHostASCII upper-cases ASCII letters only, as a browser may send a host.
func upperHostASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func FuzzClassifyURL(f *testing.F) {
	for _, seed := range []string{
		"https://www.googletagmanager.com/gtag/js?id=G-ABC123",
		"https://www.googletagmanager.com/gtag/js?id=AW%2D1&l=x",
		"https://WWW.FACEBOOK.COM.:443/tr/?id=1&noscript=1",
		"https://connect.facebook.net/en_US/fbevents.js",
		"https://player.vimeo.com/video/1?dnt=1",
		"https://[::1]:8080/matomo.js",
		"https://user:pw@example.com/js/plausible.hash.js",
		"//www.google-analytics.com/g/collect",
		"/matomo.php?idsite=1&rec=1",
		"data:text/javascript,alert(1)",
		"https://" + strings.Repeat("a.", 130) + "com/",
		"https://xn--bcher-kva.example/%2e%2e/x",
		"https://example.com/a;b/c?%zz=%",
		"",
	} {
		f.Add(seed)
	}
	c, err := NewURLClassifier([]HostRule{
		{Pattern: "*.example.com/a*b/?k=v", Purpose: purpose.Social, Vendor: "Fuzz"},
		{Pattern: "/*/x", Purpose: purpose.Beacon, Vendor: "Fuzz path"},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		d := c.ClassifyURL(u)
		switch d.Source {
		case sourceNone:
			if d != (Decision{Purpose: purpose.Unknown, Source: sourceNone}) {
				t.Fatalf("%q: unknown decision carries data: %+v", raw, d)
			}
		case sourceOperator, sourceBuiltin:
			if d.Rule == "" || d.Vendor == "" || d.Purpose == purpose.Unknown || d.Purpose > purpose.Social {
				t.Fatalf("%q: incomplete decision %+v", raw, d)
			}
			if ParseHostPattern(d.Rule) != nil {
				t.Fatalf("%q: decided by invalid pattern %q", raw, d.Rule)
			}
		default:
			t.Fatalf("%q: source %q", raw, d.Source)
		}
		// The host's case does not matter.
		if u.Host != "" {
			u2 := *u
			u2.Host = upperHostASCII(u.Host)
			if d2 := c.ClassifyURL(&u2); d2 != d {
				t.Fatalf("%q: host %q gives %+v, %q gives %+v", raw, u.Host, d, u2.Host, d2)
			}
		}
	})
}

func FuzzParseHostPattern(f *testing.F) {
	for _, r := range BuiltinHostRules() {
		f.Add(r.Pattern)
	}
	for _, seed := range []string{
		"", "*", "https://x.example", "x.example:80", "a..b", "x.example/a%20b/", "x.example/%2F",
		"x.example?a=b=c", "X.Example./A*/b?Q=", "/%2a/x", "x.example/a/../b", "bücher.example",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if err := ParseHostPattern(pattern); err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: empty error", pattern)
			}
			return
		}
		// A valid pattern builds a classifier, and an operator rule made
		// of it matches a URL written after it.
		c, err := NewURLClassifier([]HostRule{{Pattern: pattern, Purpose: purpose.Analytics, Vendor: "Fuzz"}})
		if err != nil {
			t.Fatalf("%q: valid pattern, but NewURLClassifier: %v", pattern, err)
		}
		u := exampleURLFor(pattern)
		if d := c.ClassifyURL(u); d.Source != sourceOperator || d.Rule != pattern {
			t.Fatalf("%q: example URL %q gave %+v", pattern, u, d)
		}
	})
}

func FuzzClassifyInlineScript(f *testing.F) {
	for _, tc := range snippetCases {
		f.Add([]byte(tc.text))
	}
	f.Add([]byte(`gtag('consent', 'default', {'ad_storage': 'denied'});`))
	f.Add(firstPartyScript(2 << 10))
	f.Add([]byte("fbq(\n`init`"))
	f.Add([]byte("ym(1,'init'"))
	c, err := NewURLClassifier(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		d, ok := c.ClassifyInlineScript(text)
		if !ok {
			if d != (Decision{}) {
				t.Fatalf("no match, but decision %+v", d)
			}
		} else if d.Source != sourceBuiltin || d.Rule == "" || d.Vendor == "" || d.Purpose == purpose.Unknown || d.Purpose > purpose.Social {
			t.Fatalf("incomplete decision %+v", d)
		}
		// Surrounding the script with line breaks changes nothing, unless
		// that makes it too large for the small-script tokens.
		wrapped := append(append([]byte("\n"), text...), '\n')
		sameTier := (len(text) <= smallScriptMax) == (len(wrapped) <= smallScriptMax)
		if d2, ok2 := c.ClassifyInlineScript(wrapped); sameTier && (ok2 != ok || d2 != d) {
			t.Fatalf("wrapped: got %+v %v, want %+v %v", d2, ok2, d, ok)
		}
		if !bytes.Equal(wrapped[1:len(wrapped)-1], text) {
			t.Fatalf("classification modified its input")
		}
	})
}
