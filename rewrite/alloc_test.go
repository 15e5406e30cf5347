//go:build !race

// The race detector allocates: allocation counts are asserted without it.

package rewrite

import (
	"io"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// TestAllowedNoAlloc checks that noting allowed URLs costs nothing without
// OnEvent: a page of granted third-party tags allocates as much as the same
// page with those tags unknown and kept.
func TestAllowedNoAlloc(t *testing.T) {
	page := []byte(strings.Repeat(`<script src="`+ga+`"></script><img src="https://www.facebook.com/tr?id=1"><a href=/ ping="https://www.google-analytics.com/p">x</a>`, 20))
	allocs := func(o *Options) float64 {
		w := NewWriter(io.Discard, o)
		return testing.AllocsPerRun(20, func() {
			w.Reset(io.Discard, o)
			w.Write(page)
			w.Close()
		})
	}
	o := testOptions()
	o.Granted = grantOnly(purpose.Analytics, purpose.Beacon)
	allowed := allocs(o)
	o.Classifier = nothingClassifier{}
	o.BlockUnknown = false
	kept := allocs(o)
	if allowed > kept {
		t.Errorf("granted third-party tags: %v allocations per page, unknown kept ones: %v", allowed, kept)
	}
	var n int
	o = testOptions()
	o.Granted = grantOnly(purpose.Analytics, purpose.Beacon)
	o.OnEvent = func(e Event) {
		if e.Action == ActionAllowed {
			n++
		}
	}
	w := NewWriter(io.Discard, o)
	w.Write(page)
	w.Close()
	if n != 60 {
		t.Errorf("%d allowed events, want 60", n)
	}
}
