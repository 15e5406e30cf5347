package choices

import (
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestPlaceholder(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name, lang, vendor, size string
		p                        purpose.Purpose
		want                     string
	}{
		{"vendor", "en", "YouTube", "", purpose.Social,
			`<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="social">This content from YouTube (Social media) is blocked by your privacy choices. <a href="/privacy-choices">Change your privacy choices</a> <button type="button" data-consent-allow="social">Allow</button></div>`},
		{"no vendor", "en", "", "", purpose.Analytics, `This content from analytics (Analytics) is blocked`},
		{"markup in the vendor", "en", `<b>"x"`, "", purpose.Retargeting, `This content from &lt;b&gt;&#34;x&#34; (`},
		{"Spanish", "es", "Vimeo", "", purpose.Functional, `data-consent-allow="functional">Permitir</button>`},
		{"Spanish in ASCII", "es", "Vimeo", "", purpose.Functional, `Este contenido de Vimeo (Funcionales) est&#xe1; bloqueado`},
		{"size", "en", "YouTube", "width:560px;max-width:100%;aspect-ratio:560/315", purpose.Social,
			`<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="social" style="width:560px;max-width:100%;aspect-ratio:560/315">This content`},
		{"unknown language", "xx", "Vimeo", "", purpose.Functional, `>Allow</button>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ph := f.s.Placeholder(tc.lang, "")
			got := string(ph(tc.p, tc.vendor, tc.size))
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s\nwant %s", got, tc.want)
			}
			if again := ph(tc.p, tc.vendor, tc.size); string(again) != got {
				t.Errorf("a second call differs: %s", again)
			}
		})
	}
}
