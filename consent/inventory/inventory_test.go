package inventory

import (
	"fmt"
	"strings"
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
	inv.SeeHost("connect.facebook.net", "/", classify.Decision{Purpose: purpose.Retargeting}, t0)
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

func TestInventoryFirstPage(t *testing.T) {
	t0 := time.Unix(1000, 0)
	long := "/" + strings.Repeat("a", MaxPagePath+10)
	for _, tc := range []struct {
		name  string
		pages []string
		want  string
	}{
		{name: "first page kept", pages: []string{"/blog/post", "/about"}, want: "/blog/post"},
		{name: "query dropped", pages: []string{"/search?q=secret"}, want: "/search"},
		{name: "fragment dropped", pages: []string{"/a#b"}, want: "/a"},
		{name: "long path cut", pages: []string{long}, want: long[:MaxPagePath]},
		{name: "none", pages: []string{""}, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := New(0)
			for i, p := range tc.pages {
				inv.SeeHost("static.example-cdn.net", p, classify.Decision{}, t0.Add(time.Duration(i)*time.Second))
			}
			if got := inv.Snapshot().Items[0].FirstPage; got != tc.want {
				t.Errorf("FirstPage = %q, want %q", got, tc.want)
			}
		})
	}
	inv := New(0)
	inv.SeeCookie("_ga", classify.Decision{}, purpose.Persistent, t0)
	if got := inv.Snapshot().Items[0].FirstPage; got != "" {
		t.Errorf("a cookie has FirstPage %q", got)
	}
}

func TestInventorySoleVendor(t *testing.T) {
	now := time.Now()
	hotjar := classify.Decision{Purpose: purpose.Analytics, Vendor: "Hotjar"}
	for _, tc := range []struct {
		name  string
		hosts map[string]classify.Decision
		want  string
	}{
		{"none", nil, ""},
		{"one vendor, two hosts", map[string]classify.Decision{"static.hotjar.com": hotjar, "script.hotjar.com": hotjar}, "Hotjar"},
		{"two vendors", map[string]classify.Decision{"static.hotjar.com": hotjar, "cdn.mxpnl.com": {Purpose: purpose.Analytics, Vendor: "Mixpanel"}}, ""},
		{"other purposes do not count", map[string]classify.Decision{"static.hotjar.com": hotjar, "connect.facebook.net": {Purpose: purpose.Retargeting, Vendor: "Meta Pixel"}}, "Hotjar"},
		{"unknown hosts name no vendor", map[string]classify.Decision{"static.hotjar.com": hotjar, "x.example.net": {Purpose: purpose.Analytics}}, "Hotjar"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := New(0)
			for h, d := range tc.hosts {
				inv.SeeHost(h, "/", d, now)
			}
			if got := inv.SoleVendor(purpose.Analytics); got != tc.want {
				t.Errorf("SoleVendor(analytics) = %q, want %q", got, tc.want)
			}
		})
	}
}
