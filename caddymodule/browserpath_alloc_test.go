//go:build !race

package caddymodule

import (
	"net/http/httptest"
	"testing"
)

// TestStrippedPrefixDoesNotAllocate: the prefix is found on every HTML
// response's path, with or without one.
func TestStrippedPrefixDoesNotAllocate(t *testing.T) {
	for _, tc := range []struct{ name, original, current string }{
		{"no rewrite", "/products/42", "/products/42"},
		{"handle_path", "/shop/products/42", "/products/42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := asRoutedFrom(httptest.NewRequest("GET", tc.current, nil), tc.original)
			if n := testing.AllocsPerRun(100, func() { strippedPrefix(r) }); n != 0 {
				t.Errorf("strippedPrefix allocates %v times per request, want 0", n)
			}
		})
	}
}
