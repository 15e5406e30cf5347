// Command caddy is a Caddy binary with the standard modules plus the
// caddy-consent gateway (http.handlers.consent and `caddy consent`).
package main

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"

	_ "github.com/caddyserver/caddy/v2/modules/standard"
	_ "time/tzdata"

	_ "github.com/caddy-consent/caddy-consent"
)

func main() {
	caddycmd.Main()
}
