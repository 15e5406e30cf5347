package caddymodule

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/caddyserver/caddy/v2"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

func init() {
	caddy.RegisterModule(adminInventory{})
}

// maxSites bounds the sites the process keeps an inventory for. A gateway
// in a catch-all site block sees whatever Host a client sends; past the
// bound, new sites are counted but not recorded, so random Host headers
// cannot grow the gateway's memory.
const maxSites = 256

// processSites holds the inventories of every site the process serves. It
// lives as long as the process, across config reloads, so what a site set
// yesterday is still known after a reload today.
var processSites = newSiteRegistry(maxSites)

// siteRegistry is a bounded set of inventories, one per site. It is safe
// for concurrent use.
type siteRegistry struct {
	mu    sync.RWMutex
	sites map[string]*inventory.Inventory
	// hosts remembers the site of request hosts already seen (finding
	// a registrable domain allocates), up to hostsPerSite×limit of them.
	hosts   map[string]*inventory.Inventory
	limit   int
	refused atomic.Uint64 // requests for new sites past the limit
}

// hostsPerSite is how many request hosts per site the registry remembers
// on average (www., shop., the bare domain, an IP address …).
const hostsPerSite = 4

func newSiteRegistry(limit int) *siteRegistry {
	return &siteRegistry{sites: make(map[string]*inventory.Inventory), hosts: make(map[string]*inventory.Inventory), limit: limit}
}

// forHost returns the inventory of the site a request host (lower-case,
// without port) belongs to, as of does; nil too for what is not a host.
func (s *siteRegistry) forHost(host string) (inv *inventory.Inventory, first bool) {
	if inv = s.load(s.hosts, host); inv != nil {
		return inv, false
	}
	site, ok := siteOf(host)
	if !ok {
		return nil, false
	}
	if inv, first = s.of(site); inv != nil {
		s.mu.Lock()
		if len(s.hosts) < hostsPerSite*s.limit {
			s.hosts[strings.Clone(host)] = inv
		}
		s.mu.Unlock()
	}
	return inv, first
}

// of returns the inventory of a site, adding it if there is room. When
// there is none it returns nil, and first reports the first such refusal,
// so it can be logged once.
func (s *siteRegistry) of(site string) (inv *inventory.Inventory, first bool) {
	if inv = s.load(s.sites, site); inv != nil {
		return inv, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if inv = s.sites[site]; inv != nil {
		return inv, false
	}
	if len(s.sites) >= s.limit {
		return nil, s.refused.Add(1) == 1
	}
	inv = inventory.New(0)
	s.sites[strings.Clone(site)] = inv // site may point into a request header
	return inv, false
}

// load reads one of the registry's maps under the read lock.
func (s *siteRegistry) load(m map[string]*inventory.Inventory, key string) *inventory.Inventory {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return m[key]
}

// siteSnapshots is the registry as exported to the operator.
type siteSnapshots struct {
	// Sites are the inventories by site.
	Sites map[string]inventory.Snapshot `json:"sites"`
	// Limit is the registry's bound.
	Limit int `json:"limit"`
	// Refused counts requests for sites not recorded because the
	// registry was full.
	Refused uint64 `json:"refused"`
}

// snapshot returns a copy of every site's inventory.
func (s *siteRegistry) snapshot() siteSnapshots {
	s.mu.RLock()
	invs := make(map[string]*inventory.Inventory, len(s.sites))
	for site, inv := range s.sites {
		invs[site] = inv
	}
	s.mu.RUnlock()
	out := siteSnapshots{Sites: make(map[string]inventory.Snapshot, len(invs)), Limit: s.limit, Refused: s.refused.Load()}
	for site, inv := range invs {
		out.Sites[site] = inv.Snapshot()
	}
	return out
}

// names returns the sites in order.
func (s *siteRegistry) names() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	names := make([]string, 0, len(s.sites))
	for site := range s.sites {
		names = append(names, site)
	}
	sort.Strings(names)
	return names
}

// siteOf returns the site a host belongs to: its registrable domain
// (eTLD+1, so www.example.com and shop.example.com are one site, as the
// cookies they share are), or the host itself for IP addresses, localhost
// and names without one. It reports false for what is not a host name.
func siteOf(host string) (string, bool) {
	h := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(host, "]"), "["), ".")
	if h == "" || len(h) > 253 {
		return "", false
	}
	return rewrite.Site(h), true // the rewriter's first-party rule: one notion of a site
}

// inventoryFor returns the inventory of the site a request is for. A
// request for a site that cannot be recorded (no host, or the registry is
// full) gets an inventory of its own that nobody reads.
func (h *Handler) inventoryFor(r *http.Request) *inventory.Inventory {
	inv, first := processSites.forHost(requestHost(r))
	if first {
		h.logger.Warn("cookie inventory not kept for new sites: the limit of sites is reached (later ones are counted in the admin endpoint's refused)",
			zap.Int("limit", processSites.limit), zap.String("host", requestHost(r)))
	}
	if inv == nil {
		return inventory.New(1)
	}
	return inv
}

// adminInventory is an admin API module that lets the operator read the
// cookie and host inventory of every site as JSON: GET /consent/inventory
// on Caddy's admin endpoint (localhost:2019 by default), or
// GET /consent/inventory?site=example.com for one site. It is loaded by
// default with every config, like Caddy's own admin modules.
type adminInventory struct{}

// CaddyModule returns the Caddy module information.
func (adminInventory) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "admin.api.consent",
		New: func() caddy.Module { return new(adminInventory) },
	}
}

// Routes returns the admin routes.
func (adminInventory) Routes() []caddy.AdminRoute {
	return []caddy.AdminRoute{{
		Pattern: "/consent/inventory",
		Handler: caddy.AdminHandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return serveInventory(w, r, processSites)
		}),
	}}
}

// serveInventory answers the admin endpoint from a registry.
func serveInventory(w http.ResponseWriter, r *http.Request, sites *siteRegistry) error {
	if r.Method != http.MethodGet {
		return caddy.APIError{HTTPStatus: http.StatusMethodNotAllowed, Err: errors.New("method not allowed: use GET")}
	}
	var out any
	if q := r.URL.Query().Get("site"); q == "" {
		out = sites.snapshot()
	} else {
		site, _ := siteOf(strings.ToLower(q))
		inv := sites.load(sites.sites, site)
		if inv == nil {
			return caddy.APIError{HTTPStatus: http.StatusNotFound,
				Err: fmt.Errorf("no inventory for site %q (known: %s)", q, strings.Join(sites.names(), ", "))}
		}
		out = inv.Snapshot()
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Interface guards
var _ caddy.AdminRouter = (*adminInventory)(nil)
