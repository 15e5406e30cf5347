package caddymodule

import (
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestScriptMemo(t *testing.T) {
	urls, err := classify.NewURLClassifier(nil)
	if err != nil {
		t.Fatal(err)
	}
	pad := "\n" + strings.Repeat("// the site's own comment\n", 8)
	scripts := []string{
		"window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('config', 'G-ABC123');" + pad,
		"!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){};}(window, document,'script','https://connect.facebook.net/en_US/fbevents.js'); fbq('init', '1');" + pad,
		"document.querySelector('.menu').addEventListener('click', function () { this.classList.toggle('open'); });" + pad,
		"fbq('init', '1')", // short: not remembered
	}
	m := newScriptMemo()
	for round := 0; round < 3; round++ {
		for _, s := range scripts {
			wantD, wantOK := urls.ClassifyInlineScript([]byte(s))
			gotD, gotOK := m.classify(urls, []byte(s))
			if gotD != wantD || gotOK != wantOK {
				t.Fatalf("round %d, %.30q: memo says %+v %v, classifier %+v %v", round, s, gotD, gotOK, wantD, wantOK)
			}
		}
	}
	if len(m.m) != 3 {
		t.Errorf("memo holds %d scripts, want the 3 long ones", len(m.m))
	}
	// Full: emptied, then filled again.
	for i := 0; i <= maxMemoScripts; i++ {
		m.classify(urls, []byte(pad+strings.Repeat("x", i%7)+string(rune('a'+i%26))+strings.Repeat("y", i)))
	}
	if len(m.m) == 0 || len(m.m) > maxMemoScripts {
		t.Errorf("memo holds %d scripts after %d, want 1..%d", len(m.m), maxMemoScripts+1, maxMemoScripts)
	}
	// A nil memo classifies directly.
	var nilMemo *scriptMemo
	if d, ok := nilMemo.classify(urls, []byte(scripts[1])); !ok || d.Purpose != purpose.Retargeting && d.Purpose != purpose.Analytics {
		t.Errorf("nil memo: %+v %v", d, ok)
	}
}
