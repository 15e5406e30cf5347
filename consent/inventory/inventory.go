package inventory

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// DefaultLimit bounds the inventory: past it, new names are counted
// but not kept, so a site that mints cookie names per visitor cannot grow
// the gateway's memory without bound.
const DefaultLimit = 2000

// Item is one cookie name or third-party host the site actually
// used, with how it was classified.
type Item struct {
	// Kind is "cookie" or "host".
	Kind string `json:"kind"`
	// Name is the cookie name or the host.
	Name string `json:"name"`
	// Purpose is the purpose decided.
	Purpose purpose.Purpose `json:"purpose"`
	// Vendor is the vendor, when known.
	Vendor string `json:"vendor,omitempty"`
	// Rule is the rule that decided it.
	Rule string `json:"rule,omitempty"`
	// Lifetime is the cookie's lifetime as last seen ("session" or
	// "persistent"); empty for hosts.
	Lifetime string `json:"lifetime,omitempty"`
	// FirstPage is the path (escaped, without query, at most
	// MaxPagePath bytes) of the page a host was first seen on; empty for
	// cookies. The choices page shows it, so a visitor asked about a
	// service knows where the site uses it.
	FirstPage string `json:"first_page,omitempty"`
	// FirstSeen and LastSeen bound when it was seen.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Count is how many times it was seen.
	Count uint64 `json:"count"`
}

// Inventory records what the upstream actually sets and embeds. It is safe
// for concurrent use and bounded in size.
type Inventory struct {
	mu      sync.Mutex
	items   map[inventoryKey]*Item
	limit   int
	dropped uint64

	// cookies is what the gateway learnt of the site's cookies no rule
	// knows by name (classify.CookieMemory); it has a lock of its own.
	cookies *classify.CookieMemory

	// vendors[p] is what the site embeds of purpose p: its one vendor, or
	// several (SoleVendor).
	vendors [8]vendorsOf
}

// vendorsOf is the vendors of one purpose among a site's hosts: the name
// while there is one, several once a second appears.
type vendorsOf struct {
	name    string
	several bool
}

type inventoryKey struct{ kind, name string }

// New returns an inventory holding at most limit items (0 means
// DefaultLimit).
func New(limit int) *Inventory {
	if limit <= 0 {
		limit = DefaultLimit
	}
	return &Inventory{items: make(map[inventoryKey]*Item), limit: limit, cookies: classify.NewCookieMemory(min(limit, classify.DefaultMemoryLimit))}
}

// MaxPagePath bounds Item.FirstPage: a longer path is cut.
const MaxPagePath = 256

// Cookies returns the site's memory of the cookies no rule knows by name,
// for the heuristics of classify.CookieClassifier.ClassifyCookie.
func (inv *Inventory) Cookies() *classify.CookieMemory { return inv.cookies }

// SeeCookie records a cookie name the upstream set.
func (inv *Inventory) SeeCookie(name string, d classify.Decision, l purpose.Lifetime, now time.Time) {
	inv.see("cookie", name, "", d, l.String(), now)
}

// SeeScriptCookie records a cookie the site's scripts wrote (it arrives in
// Cookie headers, never in Set-Cookie), whose lifetime the gateway cannot
// see.
func (inv *Inventory) SeeScriptCookie(name string, d classify.Decision, now time.Time) {
	inv.see("cookie", name, "", d, "", now)
}

// SeeHost records a third-party host embedded in the page at pagePath
// (the request's escaped path; a query is dropped, and it is cut to
// MaxPagePath bytes). The first page a host is seen on is kept.
func (inv *Inventory) SeeHost(host, pagePath string, d classify.Decision, now time.Time) {
	inv.see("host", host, pagePath, d, "", now)
}

// pagePath is a page's path as Item.FirstPage keeps it.
func pagePath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if len(p) > MaxPagePath {
		p = p[:MaxPagePath]
	}
	return strings.Clone(p)
}

func (inv *Inventory) see(kind, name, page string, d classify.Decision, lifetime string, now time.Time) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	k := inventoryKey{kind, name}
	it, ok := inv.items[k]
	if !ok {
		if len(inv.items) >= inv.limit {
			inv.dropped++
			return
		}
		it = &Item{Kind: kind, Name: name, FirstSeen: now}
		if page != "" {
			it.FirstPage = pagePath(page)
		}
		inv.items[k] = it
	}
	it.Purpose, it.Vendor, it.Rule, it.Lifetime = d.Purpose, d.Vendor, d.Rule, lifetime
	it.LastSeen = now
	it.Count++
	if kind == "host" && d.Vendor != "" && int(d.Purpose) < len(inv.vendors) {
		switch v := &inv.vendors[d.Purpose]; {
		case v.several || v.name == d.Vendor:
		case v.name == "":
			v.name = d.Vendor
		default:
			v.name, v.several = "", true
		}
	}
}

// SoleVendor returns the one vendor whose hosts of purpose p the site
// embeds, or "" when it embeds none or several. A cookie the site's
// scripts write only for visitors who granted p is then that vendor's
// (the heuristic "appears only after consent"): its tags are the only
// code of that purpose that ran.
func (inv *Inventory) SoleVendor(p purpose.Purpose) string {
	if int(p) >= len(inv.vendors) {
		return ""
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.vendors[p].name
}

// Snapshot is the inventory as exported to the operator.
type Snapshot struct {
	// Items are sorted by kind, purpose and name.
	Items []Item `json:"items"`
	// Dropped counts sightings of new names not kept because the
	// inventory was full.
	Dropped uint64 `json:"dropped"`
	// Limit is the inventory's bound.
	Limit int `json:"limit"`
}

// Snapshot returns a copy of the inventory.
func (inv *Inventory) Snapshot() Snapshot {
	inv.mu.Lock()
	s := Snapshot{Items: make([]Item, 0, len(inv.items)), Dropped: inv.dropped, Limit: inv.limit}
	for _, it := range inv.items {
		s.Items = append(s.Items, *it)
	}
	inv.mu.Unlock()
	sort.Slice(s.Items, func(i, j int) bool {
		a, b := s.Items[i], s.Items[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Purpose != b.Purpose {
			return a.Purpose < b.Purpose
		}
		return a.Name < b.Name
	})
	return s
}
