//go:build !race

package caddymodule

import (
	"net/http/httptest"
	"testing"
)

// TestInventoryForDoesNotAllocate: finding a known site's inventory is on
// every request's path.
func TestInventoryForDoesNotAllocate(t *testing.T) {
	h := newTestHandler(t, "off")
	for _, target := range []string{"http://www.shop.example:8443/", "http://shop.example/", "http://127.0.0.1:8080/"} {
		t.Run(target, func(t *testing.T) {
			r := httptest.NewRequest("GET", target, nil)
			h.inventoryFor(r)
			if n := testing.AllocsPerRun(100, func() { h.inventoryFor(r) }); n != 0 {
				t.Errorf("inventoryFor allocates %v times per request, want 0", n)
			}
		})
	}
}
