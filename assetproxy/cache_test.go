package assetproxy

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCacheBounds(t *testing.T) {
	mk := func(url string, n int) *entry {
		return &entry{url: url, key: url, body: []byte(strings.Repeat("x", n)), expires: time.Unix(1e10, 0)}
	}
	one := mk("a", 1000).size()
	c := newCache(3 * one)
	for _, u := range []string{"a", "b", "c"} {
		c.put(nil, mk(u, 1000))
	}
	c.get("a", nil, time.Unix(0, 0)) // a is now the most recently used
	c.put(nil, mk("d", 1000))        // evicts b, the least recently used
	for _, tc := range []struct {
		url  string
		kept bool
	}{{"a", true}, {"b", false}, {"c", true}, {"d", true}} {
		t.Run("lru "+tc.url, func(t *testing.T) {
			if e, _, _ := c.get(tc.url, nil, time.Unix(0, 0)); (e != nil) != tc.kept {
				t.Errorf("entry %s kept = %v, want %v", tc.url, e != nil, tc.kept)
			}
		})
	}
	t.Run("larger than the cache", func(t *testing.T) {
		c.put(nil, mk("huge", 5000))
		if e, _, _ := c.get("huge", nil, time.Unix(0, 0)); e != nil || c.len() != 3 {
			t.Errorf("an entry larger than the cache was stored (len %d)", c.len())
		}
	})
	t.Run("size never exceeds the bound", func(t *testing.T) {
		for i := range 50 {
			c.put(nil, mk(strings.Repeat("k", i+1), 100*i))
			if c.size > c.max {
				t.Fatalf("size %d > max %d", c.size, c.max)
			}
		}
		if len(c.vary) != c.len() {
			t.Errorf("vary map has %d URLs for %d entries", len(c.vary), c.len())
		}
	})
}

func TestFreshness(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	date := now.Format(http.TimeFormat)
	for _, tc := range []struct {
		name  string
		hdr   http.Header
		store bool
		life  time.Duration
	}{
		{"max-age", http.Header{"Cache-Control": {"public, max-age=60"}}, true, time.Minute},
		{"s-maxage wins", http.Header{"Cache-Control": {"max-age=60, s-maxage=120"}}, true, 2 * time.Minute},
		{"Age subtracted", http.Header{"Cache-Control": {"max-age=60"}, "Age": {"50"}}, true, 10 * time.Second},
		{"no-store", http.Header{"Cache-Control": {"no-store"}}, false, 0},
		{"private", http.Header{"Cache-Control": {"private, max-age=60"}}, false, 0},
		{"no-cache", http.Header{"Cache-Control": {"no-cache, max-age=60"}}, true, 0},
		{"Vary *", http.Header{"Cache-Control": {"max-age=60"}, "Vary": {"*"}}, false, 0},
		{"Expires", http.Header{"Expires": {now.Add(time.Hour).Format(http.TimeFormat)}, "Date": {date}}, true, time.Hour},
		{"Expires in the past", http.Header{"Expires": {now.Add(-time.Hour).Format(http.TimeFormat)}}, true, 0},
		{"invalid Expires", http.Header{"Expires": {"0"}}, true, 0},
		{"max-age over Expires", http.Header{"Cache-Control": {"max-age=5"}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}}, true, 5 * time.Second},
		{"nothing", http.Header{}, true, 0},
		{"invalid max-age", http.Header{"Cache-Control": {"max-age=soon"}}, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store, life := freshness(tc.hdr, now)
			if store != tc.store || life != tc.life {
				t.Errorf("freshness = %v, %v; want %v, %v", store, life, tc.store, tc.life)
			}
		})
	}
}
