package caddymodule

import (
	"net/url"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// tagClassifier adapts the consent knowledge base to the rewriter.
type tagClassifier struct {
	urls    *classify.URLClassifier
	scripts *scriptMemo // may be nil
}

func (c tagClassifier) ClassifyURL(u *url.URL) rewrite.Verdict {
	d := c.urls.ClassifyURL(u)
	return rewrite.Verdict{Purpose: d.Purpose, Vendor: d.Vendor, Rule: d.Rule}
}

func (c tagClassifier) ClassifyInlineScript(text []byte) (rewrite.Verdict, bool) {
	d, ok := c.scripts.classify(c.urls, text)
	return rewrite.Verdict{Purpose: d.Purpose, Vendor: d.Vendor, Rule: d.Rule}, ok
}
