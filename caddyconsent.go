// Package caddyconsent is the caddy-consent module for Caddy v2. Importing
// it registers the HTTP handler http.handlers.consent, its Caddyfile
// directive `consent`, the admin endpoint /consent/inventory and the
// `caddy consent` subcommands, so a custom Caddy is built with
//
//	xcaddy build --with github.com/caddy-consent/caddy-consent
//
// or with a main package that imports it, as cmd/caddy does. The code lives
// in the packages below this one; docs/ARCHITECTURE.md maps them.
package caddyconsent

import (
	// The Caddy side of the gateway: registration happens in its init.
	_ "github.com/caddy-consent/caddy-consent/caddymodule"
)
