package rewrite_test

import (
	"net/url"
	"os"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// hosts is a tiny classifier for the example.
type hosts map[string]rewrite.Verdict

func (h hosts) ClassifyURL(u *url.URL) rewrite.Verdict { return h[u.Hostname()] }
func (h hosts) ClassifyInlineScript([]byte) (rewrite.Verdict, bool) {
	return rewrite.Verdict{}, false
}

func ExampleNewWriter() {
	page := `<html><head><script async src="https://www.google-analytics.com/analytics.js"></script></head>` +
		`<body><p>Hello</p></body></html>`
	w := rewrite.NewWriter(os.Stdout, &rewrite.Options{
		Classifier: hosts{"www.google-analytics.com": {Purpose: purpose.Analytics, Vendor: "Google Analytics"}},
		Granted:    func(p purpose.Purpose) bool { return p == purpose.Functional },
		PageURL:    &url.URL{Scheme: "https", Host: "www.example.com", Path: "/"},
		Insert:     []byte(`<script src="/privacy-choices/consent.js" defer></script>`),
	})
	// Any chunking gives the same output.
	for _, chunk := range strings.SplitAfter(page, "s") {
		w.Write([]byte(chunk))
	}
	w.Close()
	// Output:
	// <html><head><script src="/privacy-choices/consent.js" defer></script><script type="text/plain" data-consent="analytics" async data-consent-src="https://www.google-analytics.com/analytics.js"></script></head><body><p>Hello</p></body></html>
}
