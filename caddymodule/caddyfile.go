package caddymodule

import (
	"errors"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

func init() {
	httpcaddyfile.RegisterHandlerDirective("consent", parseCaddyfile)
	// Inner to encode, so encode compresses what the gateway writes and
	// no global `order` line is needed.
	httpcaddyfile.RegisterDirectiveOrder("consent", httpcaddyfile.After, "encode")
}

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	c := new(Handler)
	if err := c.UnmarshalCaddyfile(h.Dispenser); err != nil {
		return nil, err
	}
	return c, nil
}

// UnmarshalCaddyfile sets up the handler from Caddyfile tokens. It only
// parses: each option is read by its entry in the options table, then
// checked by the same validator Validate runs, so a bad value is refused at
// load with its file and line. Syntax (generated from the options table):
//
//	consent [<matcher>] {
//	    mode             opt_in|opt_out                   # default opt_in
//	    policy_version   <version>                        # default "1"; changing it asks everyone again
//	    keys             <hash> <block> [<old hash> <old block>...] # base64; default: generated once, kept in Caddy's storage
//	    cookie           <name|prefix*|/regex/> <purpose> [<vendor>] # operator cookie rule
//	    host             <host[/path]|*.host[/path]> <purpose> [<vendor>] # operator rule for third-party URLs
//	    first_party      <host[/path]|*.host[/path]...>   # the site's own other domains: necessary
//	    proxy_assets     <host|*.host...>                 # serve these CDN hosts' files from the site itself, at <base_path>/assets/
//	    proxy_assets_upstream <host> <base URL>           # fetch a proxied host's files from a mirror (default https://<host>)
//	    proxy_assets_ca  <PEM file>                       # also trust this CA for the proxied hosts' upstreams
//	    proxy_assets_cache <bytes>                        # memory of the proxied files' cache; default 67108864 (64 MiB)
//	    proxy_assets_max_file <bytes>                     # largest proxied file (larger: 502); default 8388608 (8 MiB)
//	    rules            <file>                           # operator rules file (the knowledge base's TSV format), loaded at start
//	    sensitive_paths  <path...>                        # /secure/* matches /secure too; case-insensitive
//	    max_age          <duration>                       # default 180d, at most 400d
//	    cookie_name      <name>                           # default privacy_choices (__Host- added on HTTPS)
//	    unknown_cookies  keep|block                       # first-party cookies no rule knows; default keep
//	    cookie_db        <path>                           # Open Cookie Database CSV, loaded at start
//	    honor_gpc        [on|off]                         # default on
//	    state_header     <header>                         # default Consent-State
//	    base_path        <path>                           # default /privacy-choices
//	    unknown_tags     keep|ask|block                   # third-party tags no rule knows; default ask
//	    honor_no_transform                                # leave Cache-Control: no-transform pages unrewritten
//	    show_link                                         # floating "Your Privacy Choices" link on every page
//	    site_name        <name...>                        # on the choices page; default: the host
//	    logo             <url>                            # http(s) URL or /path of the logo on the choices page
//	    color            <hex>|"#hex"                     # accent color of the page (quote a leading #)
//	    privacy_policy   <url>                            # http(s) URL or /path, linked from the page
//	    describe         <purpose> <text...>              # replace a purpose's description
//	    receipts         off|<sqlite path>                # default: consent/receipts.db in Caddy's data dir
//	    receipt_retention <duration>                      # default 730d, at least 1d (the purge runs daily)
//	    debug                                             # log every cookie and tag decision with its reason, at debug level
//	}
//
// Keys are base64 (hash keys 32 or 64 bytes, block keys 16, 24 or 32).
// Purposes are necessary, functional, analytics, beacon, retargeting and
// social (only the last five for describe). Durations take Caddy's units
// plus "d" (e.g. 180d).
func (h *Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // consume directive name
	if d.NextArg() {
		return d.Errf("unexpected argument %q: consent takes its options in a block", d.Val())
	}
	seen := map[string]int{}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		name := d.Val()
		opt := optionNamed(name)
		if opt == nil {
			return d.Errf("unrecognized consent option %q; the options are %s", name, optionNames())
		}
		if line, dup := seen[name]; dup && !opt.repeat {
			return d.Errf("%s is given twice (first on line %d)", name, line)
		}
		seen[name] = d.Line()
		args := d.RemainingArgs()
		if d.NextBlock(d.Nesting()) {
			return d.Errf("%s takes no block", name)
		}
		if err := opt.parse(h, args); err != nil {
			switch {
			case errors.Is(err, errArgs) && opt.args == "":
				return d.Errf("%s takes no argument", name)
			case errors.Is(err, errArgs):
				return d.Errf("%s: wrong number of arguments; write: %s %s", name, name, opt.args)
			}
			return d.Errf("%s: %v", name, err)
		}
		if opt.check != nil {
			if err := opt.check(h); err != nil {
				return d.WrapErr(err)
			}
		}
	}
	return nil
}

// Interface guard
var _ caddyfile.Unmarshaler = (*Handler)(nil)
