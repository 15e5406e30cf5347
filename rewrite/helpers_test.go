package rewrite

import (
	"bytes"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// fakeClassifier knows a few vendors by host suffix and path, and a few
// inline snippets.
type fakeClassifier struct{}

var fakeHosts = []struct {
	host, path string
	v          Verdict
}{
	{"www.google.com", "/recaptcha", Verdict{purpose.Necessary, "Google reCAPTCHA", "host:recaptcha"}},
	{"google-analytics.com", "", Verdict{purpose.Analytics, "Google Analytics", "host:google-analytics.com"}},
	{"googletagmanager.com", "/ns.html", Verdict{purpose.Analytics, "Google Tag Manager", "host:gtm-ns"}},
	{"googletagmanager.com", "", Verdict{purpose.Analytics, "Google Tag Manager", "host:googletagmanager.com"}},
	{"doubleclick.net", "", Verdict{purpose.Retargeting, "Google Ads", "host:doubleclick.net"}},
	{"connect.facebook.net", "", Verdict{purpose.Retargeting, "Meta Pixel", "host:connect.facebook.net"}},
	{"www.facebook.com", "/tr", Verdict{purpose.Beacon, "Meta Pixel", "path:facebook.com/tr"}},
	{"www.facebook.com", "/plugins", Verdict{purpose.Social, "Facebook", "path:facebook.com/plugins"}},
	{"youtube.com", "", Verdict{purpose.Social, "YouTube", "host:youtube.com"}},
	{"youtube-nocookie.com", "", Verdict{purpose.Functional, "YouTube (privacy-enhanced)", "host:youtube-nocookie.com"}},
	{"platform.twitter.com", "", Verdict{purpose.Social, "X & Twitter <embeds>", "host:platform.twitter.com"}},
	{"fonts.gstatic.com", "", Verdict{purpose.Functional, "Google Fonts", "host:fonts.gstatic.com"}},
	{"fonts.googleapis.com", "", Verdict{purpose.Functional, "Google Fonts", "host:fonts.googleapis.com"}},
}

// fakeByHost indexes fakeHosts by host, as a knowledge base would.
var fakeByHost = func() map[string][]int {
	m := make(map[string][]int)
	for i, e := range fakeHosts {
		m[e.host] = append(m[e.host], i)
	}
	return m
}()

func (fakeClassifier) ClassifyURL(u *url.URL) Verdict {
	h := u.Hostname()
	// The host and each of its parent domains.
	for s := h; s != ""; {
		for _, i := range fakeByHost[s] {
			if e := fakeHosts[i]; strings.HasPrefix(u.Path, e.path) {
				return e.v
			}
		}
		dot := strings.IndexByte(s, '.')
		if dot < 0 {
			break
		}
		s = s[dot+1:]
	}
	if strings.HasSuffix(u.Path, "/matomo.js") {
		return Verdict{purpose.Analytics, "Matomo", "path:matomo.js"}
	}
	return Verdict{}
}

var fakeSnippets = []struct {
	sig string
	v   Verdict
}{
	{"gtag('consent'", Verdict{purpose.Necessary, "Google Consent Mode", "snippet:consent-mode"}},
	{"gtag('config'", Verdict{purpose.Analytics, "Google Analytics", "snippet:gtag"}},
	{"fbq('init'", Verdict{purpose.Retargeting, "Meta Pixel", "snippet:fbq"}},
	{"_paq.push", Verdict{purpose.Analytics, "Matomo", "snippet:matomo"}},
	{"twttr.widgets", Verdict{purpose.Social, "X", "snippet:twitter"}},
}

func (fakeClassifier) ClassifyInlineScript(text []byte) (Verdict, bool) {
	for _, s := range fakeSnippets {
		if bytes.Contains(text, []byte(s.sig)) {
			return s.v, true
		}
	}
	return Verdict{}, false
}

// nothingClassifier matches nothing.
type nothingClassifier struct{}

func (nothingClassifier) ClassifyURL(*url.URL) Verdict { return Verdict{} }
func (nothingClassifier) ClassifyInlineScript([]byte) (Verdict, bool) {
	return Verdict{}, false
}

func grantNone(purpose.Purpose) bool { return false }

func grantOnly(ps ...purpose.Purpose) func(purpose.Purpose) bool {
	return func(p purpose.Purpose) bool {
		for _, q := range ps {
			if p == q {
				return true
			}
		}
		return false
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// testOptions is the product default against a page on www.example.com,
// nothing granted.
func testOptions() *Options {
	return &Options{
		Classifier:   fakeClassifier{},
		Granted:      grantNone,
		BlockUnknown: true,
		PageURL:      mustURL("https://www.example.com/articles/page.html"),
		ChoicesURL:   "/privacy-choices",
	}
}

// rewriteChunks runs input through a Writer in chunks cut at the given
// offsets (ascending), with a Flush after every Write.
func rewriteChunks(t testing.TB, input []byte, opts *Options, cuts []int) (string, []Event) {
	t.Helper()
	var out bytes.Buffer
	var events []Event
	o := *opts
	o.OnEvent = func(e Event) { events = append(events, e) }
	w := NewWriter(&out, &o)
	prev := 0
	for _, c := range append(cuts, len(input)) {
		if c < prev || c > len(input) {
			continue
		}
		if _, err := w.Write(input[prev:c]); err != nil {
			t.Fatalf("Write: %v", err)
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("Flush: %v", err)
		}
		prev = c
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return out.String(), events
}

func rewriteString(t testing.TB, input string, opts *Options) string {
	t.Helper()
	out, _ := rewriteChunks(t, []byte(input), opts, nil)
	return out
}

// errWriter fails every write.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

var consentPurposes = []purpose.Purpose{purpose.Functional, purpose.Analytics, purpose.Beacon, purpose.Retargeting, purpose.Social}

// lowerASCII returns a lower-cased copy of b (ASCII only, as x/net/html).
func lowerASCII(b []byte) []byte { return ascii.AppendLower(make([]byte, 0, len(b)), b) }
