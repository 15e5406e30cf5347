package consent

import (
	"fmt"
	"testing"
	"time"
)

func TestInventoryBoundedAndOrdered(t *testing.T) {
	inv := NewInventory(3)
	t0 := time.Unix(1000, 0)
	inv.SeeCookie("_ga", Decision{Purpose: Analytics, Vendor: "Google Analytics", Rule: "_ga"}, Persistent, t0)
	inv.SeeCookie("_ga", Decision{Purpose: Analytics, Vendor: "Google Analytics", Rule: "_ga"}, Persistent, t0.Add(time.Hour))
	inv.SeeCookie("PHPSESSID", Decision{Purpose: Necessary}, Session, t0)
	inv.SeeHost("connect.facebook.net", Decision{Purpose: Retargeting}, t0)
	for i := 0; i < 5; i++ {
		inv.SeeCookie(fmt.Sprintf("n%d", i), Decision{}, Session, t0)
	}
	s := inv.Snapshot()
	if len(s.Items) != 3 || s.Dropped != 5 {
		t.Fatalf("items %d dropped %d", len(s.Items), s.Dropped)
	}
	if s.Items[0].Name != "PHPSESSID" || s.Items[1].Name != "_ga" || s.Items[2].Kind != "host" {
		t.Errorf("order: %+v", s.Items)
	}
	ga := s.Items[1]
	if ga.Count != 2 || !ga.FirstSeen.Equal(t0) || !ga.LastSeen.Equal(t0.Add(time.Hour)) || ga.Lifetime != "persistent" {
		t.Errorf("_ga: %+v", ga)
	}
}
