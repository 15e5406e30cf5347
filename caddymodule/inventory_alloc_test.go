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
	r := httptest.NewRequest("GET", "http://www.shop.example:8443/", nil)
	h.inventoryFor(r)
	if n := testing.AllocsPerRun(100, func() { h.inventoryFor(r) }); n != 0 {
		t.Errorf("inventoryFor allocates %v times per request, want 0", n)
	}
}
