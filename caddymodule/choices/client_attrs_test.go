package choices

import (
	"regexp"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/rewrite"
)

// TestClientRestoresEveryHeldAttribute: consent.js brings back every URL
// attribute the rewriter can hold, so a tag kind added to the rewriter's
// table cannot stay held in the browser after consent.
func TestClientRestoresEveryHeldAttribute(t *testing.T) {
	m := regexp.MustCompile(`function release\(e, media\) \{\s*\[([^\]]*)\]`).FindSubmatch(clientJS)
	if m == nil {
		t.Fatal("consent.js: the attribute list of release() not found")
	}
	client := strings.Split(strings.NewReplacer("'", "", " ", "").Replace(string(m[1])), ",")
	for _, a := range rewrite.HeldAttributes() {
		t.Run(a, func(t *testing.T) {
			found := false
			for _, c := range client {
				found = found || c == a
			}
			if !found {
				t.Errorf("consent.js restores %v, not %q", client, a)
			}
		})
	}
}
