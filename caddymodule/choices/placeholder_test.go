package choices

import (
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestPlaceholder(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name, lang, vendor string
		p                  purpose.Purpose
		want               string
	}{
		{"vendor", "en", "YouTube", purpose.Social,
			`<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="social">This content from YouTube (Social media) is blocked by your privacy choices. <a href="/privacy-choices">Change your privacy choices</a> <button type="button" data-consent-allow="social">Allow</button></div>`},
		{"no vendor", "en", "", purpose.Analytics, `This content from analytics (Analytics) is blocked`},
		{"markup in the vendor", "en", `<b>"x"`, purpose.Retargeting, `This content from &lt;b&gt;&#34;x&#34; (`},
		{"Spanish", "es", "Vimeo", purpose.Functional, `data-consent-allow="functional">Permitir</button>`},
		{"unknown language", "xx", "Vimeo", purpose.Functional, `>Allow</button>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ph := f.s.Placeholder(tc.lang, "")
			got := string(ph(tc.p, tc.vendor))
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s\nwant %s", got, tc.want)
			}
			if again := ph(tc.p, tc.vendor); string(again) != got {
				t.Errorf("a second call differs: %s", again)
			}
		})
	}
}
