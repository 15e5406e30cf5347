package assetproxy

import (
	"container/list"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// An entry is one cached upstream response (status 200).
type entry struct {
	url     string
	key     string
	header  http.Header // the headers passed on (see passedHeaders)
	body    []byte      // as the upstream sent it, decoded
	expires time.Time   // fresh before this
	elem    *list.Element
}

func (e *entry) size() int64 { return int64(len(e.body) + len(e.key) + 512) } // 512: headers and bookkeeping, roughly

// cache is a least-recently-used cache bounded in bytes. Keys are the
// upstream URL and, for responses that vary on a forwarded request header,
// that header's value (see varyKey).
type cache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	lru     *list.List // front: most recently used
	entries map[string]*entry
	// vary remembers, per URL with entries, the forwarded headers its last
	// response varied on, so that a lookup builds the same key.
	vary map[string]*varyOf
}

type varyOf struct {
	names   []string
	entries int // the URL's entries in the cache
}

func newCache(max int64) *cache {
	return &cache{max: max, lru: list.New(), entries: make(map[string]*entry), vary: make(map[string]*varyOf)}
}

// varyKey is the cache key of a request for url: the URL, then the value of
// each request header the response varies on.
func varyKey(url string, names []string, req http.Header) string {
	if len(names) == 0 {
		return url
	}
	var b strings.Builder
	b.WriteString(url)
	for _, n := range names {
		b.WriteByte(0)
		b.WriteString(req.Get(n))
	}
	return b.String()
}

// get returns the entry for a request of url with headers req (nil if
// none), its key, and whether it is fresh at now.
func (c *cache) get(url string, req http.Header, now time.Time) (e *entry, key string, fresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	if v := c.vary[url]; v != nil {
		names = v.names
	}
	key = varyKey(url, names, req)
	e = c.entries[key]
	if e == nil {
		return nil, key, false
	}
	c.lru.MoveToFront(e.elem)
	return e, key, now.Before(e.expires)
}

// put stores e (replacing an entry of the same key) unless it is larger
// than the whole cache, evicting the least recently used entries to make
// room. names are the forwarded headers the response varies on.
func (c *cache) put(names []string, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[e.key]; old != nil {
		c.remove(old)
	}
	if e.size() > c.max {
		return
	}
	for c.size+e.size() > c.max {
		c.remove(c.lru.Back().Value.(*entry))
	}
	e.elem = c.lru.PushFront(e)
	c.entries[e.key] = e
	c.size += e.size()
	v := c.vary[e.url]
	if v == nil {
		v = &varyOf{}
		c.vary[e.url] = v
	}
	v.names = names
	v.entries++
}

// refresh extends a revalidated entry's freshness.
func (c *cache) refresh(e *entry, expires time.Time) {
	c.mu.Lock()
	e.expires = expires
	c.mu.Unlock()
}

func (c *cache) remove(e *entry) {
	c.lru.Remove(e.elem)
	delete(c.entries, e.key)
	c.size -= e.size()
	if v := c.vary[e.url]; v != nil {
		if v.entries--; v.entries == 0 {
			delete(c.vary, e.url)
		}
	}
}

// len is for tests.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// freshness reads a response's caching headers as a shared cache does
// (RFC 9111): whether it may be stored at all, and how long it is fresh
// from now. no-store and private forbid storing; no-cache stores it for
// revalidation every time; s-maxage wins over max-age, which wins over
// Expires (less Date, or now); Age is subtracted. A response without any
// is fresh for 0: stored when it has a validator, revalidated each time.
func freshness(h http.Header, now time.Time) (store bool, lifetime time.Duration) {
	var maxAge, sMaxAge = -1, -1
	noCache := false
	for _, line := range h.Values("Cache-Control") {
		for d := range strings.SplitSeq(line, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			val = strings.Trim(strings.TrimSpace(val), `"`)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store", "private":
				return false, 0
			case "no-cache":
				noCache = true
			case "max-age":
				maxAge = seconds(val)
			case "s-maxage":
				sMaxAge = seconds(val)
			}
		}
	}
	if h.Get("Vary") == "*" {
		return false, 0
	}
	store = true
	switch {
	case noCache:
		lifetime = 0
	case sMaxAge >= 0:
		lifetime = time.Duration(sMaxAge) * time.Second
	case maxAge >= 0:
		lifetime = time.Duration(maxAge) * time.Second
	case h.Get("Expires") != "":
		exp, err := http.ParseTime(h.Get("Expires"))
		if err != nil {
			return store, 0 // an invalid Expires means already expired
		}
		base := now
		if d, err := http.ParseTime(h.Get("Date")); err == nil {
			base = d
		}
		lifetime = max(exp.Sub(base), 0)
	}
	if age := seconds(h.Get("Age")); age > 0 {
		lifetime = max(lifetime-time.Duration(age)*time.Second, 0)
	}
	return store, lifetime
}

// seconds parses delta-seconds; -1 when invalid. Large values saturate at
// a year.
func seconds(s string) int {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return int(min(n, 365*24*3600))
}
