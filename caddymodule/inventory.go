package caddymodule

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"

	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddyserver/caddy/v2"
)

func init() {
	caddy.RegisterModule(adminInventory{})
}

// The inventory lives as long as the process, across config reloads, so
// what the site set yesterday is still known after a reload today.
var (
	inventoryOnce sync.Once
	processInv    *inventory.Inventory
)

func sharedInventory() *inventory.Inventory {
	inventoryOnce.Do(func() { processInv = inventory.New(0) })
	return processInv
}

// adminInventory is an admin API module that lets the operator read the
// cookie and host inventory as JSON: GET /consent/inventory on Caddy's
// admin endpoint (localhost:2019 by default). It is loaded by default
// with every config, like Caddy's own admin modules.
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
			if r.Method != http.MethodGet {
				return caddy.APIError{HTTPStatus: http.StatusMethodNotAllowed, Err: errors.New("method not allowed: use GET")}
			}
			w.Header().Set("Content-Type", "application/json")
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(sharedInventory().Snapshot())
		}),
	}}
}

// Interface guards
var _ caddy.AdminRouter = (*adminInventory)(nil)

// inventoryFor is the inventory of the site a request is for.
func (h *Handler) inventoryFor(*http.Request) *inventory.Inventory { return h.inv }
