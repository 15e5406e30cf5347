package inventory

import (
	"fmt"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestInventoryBoundedAndOrdered(t *testing.T) {
	inv := New(3)
	t0 := time.Unix(1000, 0)
	inv.SeeCookie("_ga", classify.Decision{Purpose: purpose.Analytics, Vendor: "Google Analytics", Rule: "_ga"}, purpose.Persistent, t0)
	inv.SeeCookie("_ga", classify.Decision{Purpose: purpose.Analytics, Vendor: "Google Analytics", Rule: "_ga"}, purpose.Persistent, t0.Add(time.Hour))
	inv.SeeCookie("PHPSESSID", classify.Decision{Purpose: purpose.Necessary}, purpose.Session, t0)
	inv.SeeHost("connect.facebook.net", classify.Decision{Purpose: purpose.Retargeting}, t0)
	for i := 0; i < 5; i++ {
		inv.SeeCookie(fmt.Sprintf("n%d", i), classify.Decision{}, purpose.Session, t0)
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
