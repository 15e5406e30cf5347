package rewrite

import (
	"slices"
	"testing"

	"golang.org/x/net/html/atom"
)

// TestElementKinds checks the kinds derived from the element table for
// the events of each element it knows, and for one it does not.
func TestElementKinds(t *testing.T) {
	for _, tc := range []struct {
		name             string
		abandon, allowed string
	}{
		{"script", KindScript, KindScript},
		{"iframe", KindIframe, KindIframe},
		{"img", KindImg, KindImg},
		{"input", KindImg, KindImg},
		{"link", KindLink, KindLink},
		{"video", KindMedia, KindMedia},
		{"track", KindMedia, KindMedia},
		{"embed", KindEmbed, KindEmbed},
		{"object", KindEmbed, KindEmbed},
		// Found by ping or only in foreign content: not known by name when
		// abandoned outside it, and so not inside it either.
		{"a", KindTag, KindPing},
		{"area", KindTag, KindPing},
		{"image", KindTag, KindImg},
		{"base", KindTag, KindPing},
		{"div", KindTag, KindPing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			el := elementOf(atom.Lookup([]byte(tc.name)))
			if got := tagKind(el); got != tc.abandon {
				t.Errorf("tagKind = %q, want %q", got, tc.abandon)
			}
			if got := allowedKind(el); got != tc.allowed {
				t.Errorf("allowedKind = %q, want %q", got, tc.allowed)
			}
		})
	}
}

// TestElementTable checks what init derives from the element table.
func TestElementTable(t *testing.T) {
	t.Run("restores", func(t *testing.T) {
		var got []string
		for _, r := range restores {
			if r.from != "data-consent-"+r.to {
				t.Errorf("restore %q -> %q: not data-consent-NAME -> NAME", r.from, r.to)
			}
			got = append(got, r.to)
		}
		want := []string{"src", "srcset", "href", "poster", "data", "ping", "style"}
		if !slices.Equal(got, want) {
			t.Errorf("restores %q, want %q", got, want)
		}
	})
	t.Run("lookup", func(t *testing.T) {
		for i := 1; i < len(elements); i++ {
			e := &elements[i]
			if got := elementOf(e.a); got != uint8(i) {
				t.Errorf("elementOf(%v) = %d, want %d", e.a, got, i)
			}
			if got := quickElement([]byte(e.name)) != 0; got != (e.find == findByName) {
				t.Errorf("%q: found by name %v, want %v", e.name, got, e.find == findByName)
			}
			if e.handle != hNone && e.handle != hNoscript && e.find == findByName && !e.record {
				t.Errorf("%q: handled but its attributes are not recorded", e.name)
			}
		}
		if elementOf(atom.Div) != 0 || elementOf(0) != 0 {
			t.Error("elementOf knows div or the zero atom")
		}
	})
}
