package caddymodule

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
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

// UnmarshalCaddyfile sets up the handler from Caddyfile tokens. Every option
// is checked here, where Caddy still knows the line, so a bad one is refused
// at load with its line and a reason. Syntax:
//
//	consent [<matcher>] {
//	    mode             opt_in|opt_out
//	    policy_version   <version>
//	    keys             <hash_key> <block_key> [<old_hash_key> <old_block_key>...]
//	    cookie           <name|prefix*|/regex/> <purpose> [<vendor...>]
//	    host             <host[/path]|*.host[/path]> <purpose> [<vendor...>]
//	    sensitive_paths  <path...>
//	    max_age          <duration>
//	    cookie_name      <name>
//	    unknown_cookies  keep|block
//	    cookie_db        <path>
//	    honor_gpc        [on|off]
//	    state_header     <header>
//	    base_path        <path>
//	    unknown_tags     keep|block
//	    honor_no_transform
//	    show_link
//	    site_name        <name...>
//	    logo             <url>
//	    color            <hex>|"#hex"
//	    privacy_policy   <url>
//	    describe         <purpose> <text...>
//	    receipts         off|<sqlite path>
//	    receipt_retention <duration>
//	    debug
//	}
//
// Keys are base64 (hash keys 32 or 64 bytes, block keys 16, 24 or 32).
// Purposes are necessary, functional, analytics, beacon, retargeting and
// social. Durations take Caddy's units plus "d" (e.g. 180d).
func (h *Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // consume directive name
	if d.NextArg() {
		return d.Errf("unexpected argument %q: consent takes its options in a block", d.Val())
	}
	seen := map[string]int{}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		opt := d.Val()
		if line, dup := seen[opt]; dup && opt != "cookie" && opt != "host" && opt != "keys" && opt != "sensitive_paths" && opt != "describe" {
			return d.Errf("%s is given twice (first on line %d)", opt, line)
		}
		seen[opt] = d.Line()
		args := d.RemainingArgs()
		if d.NextBlock(d.Nesting()) {
			return d.Errf("%s takes no block", opt)
		}
		switch opt {
		case "mode":
			if len(args) != 1 {
				return d.Errf("mode takes one argument: opt_in or opt_out")
			}
			if _, err := consent.ParseMode(args[0]); err != nil {
				return d.Errf("mode: %v", err)
			}
			h.Mode = args[0]
		case "policy_version":
			if len(args) != 1 || args[0] == "" {
				return d.Errf("policy_version takes one argument, e.g. policy_version 2026-11")
			}
			h.PolicyVersion = args[0]
		case "keys":
			if len(args) == 0 || len(args)%2 != 0 {
				return d.Errf("keys takes pairs of base64 keys: <hash_key> <block_key>, newest pair first; got %d value(s)", len(args))
			}
			for i := 0; i < len(args); i += 2 {
				kc := KeyPairConfig{Hash: args[i], Block: args[i+1]}
				if _, err := parseKeyPair(kc); err != nil {
					return d.Errf("keys: pair %d: %v (generate one with: head -c 64 /dev/urandom | base64 -w0; head -c 32 /dev/urandom | base64 -w0)", i/2+1, err)
				}
				h.Keys = append(h.Keys, kc)
			}
		case "cookie":
			if len(args) < 2 {
				return d.Errf("cookie takes a pattern and a purpose: cookie <name|prefix*|/regex/> <purpose> [<vendor>]")
			}
			if err := classify.ParseCookiePattern(args[0]); err != nil {
				return d.Errf("cookie %s: %v", args[0], err)
			}
			if _, err := parseRulePurpose(args[1]); err != nil {
				return d.Errf("cookie %s: %v", args[0], err)
			}
			h.Cookies = append(h.Cookies, CookieRuleConfig{Pattern: args[0], Purpose: args[1], Vendor: strings.Join(args[2:], " ")})
		case "host":
			if len(args) < 2 {
				return d.Errf("host takes a pattern and a purpose: host <host[/path]|*.host> <purpose> [<vendor>]")
			}
			if err := classify.ParseHostPattern(args[0]); err != nil {
				return d.Errf("host %s: %v", args[0], err)
			}
			if _, err := parseRulePurpose(args[1]); err != nil {
				return d.Errf("host %s: %v", args[0], err)
			}
			h.Hosts = append(h.Hosts, HostRuleConfig{Pattern: args[0], Purpose: args[1], Vendor: strings.Join(args[2:], " ")})
		case "sensitive_paths":
			if len(args) == 0 {
				return d.Errf("sensitive_paths takes one or more paths, e.g. /secure/* /medical-record/*")
			}
			for _, p := range args {
				if !strings.HasPrefix(p, "/") {
					return d.Errf("sensitive path %q must start with /", p)
				}
				if !newPathPattern(p).valid() {
					return d.Errf("sensitive path %q is not a valid pattern", p)
				}
			}
			h.SensitivePaths = append(h.SensitivePaths, args...)
		case "max_age":
			if len(args) != 1 {
				return d.Errf("max_age takes one duration, e.g. 180d")
			}
			dur, err := caddy.ParseDuration(args[0])
			if err != nil {
				return d.Errf("max_age %q: %v", args[0], err)
			}
			if dur < time.Minute || dur > 400*24*time.Hour {
				return d.Errf("max_age %s: want between 1m and 400d (browsers cap cookies at 400 days)", args[0])
			}
			h.MaxAge = caddy.Duration(dur)
		case "cookie_name":
			if len(args) != 1 || !validCookieName(args[0]) {
				return d.Errf("cookie_name takes one valid cookie name (letters, digits and !#$%%&'*+-.^_`|~)")
			}
			if strings.HasPrefix(strings.ToLower(args[0]), "__host-") || strings.HasPrefix(strings.ToLower(args[0]), "__secure-") {
				return d.Errf("cookie_name %q: give the name without a __Host- or __Secure- prefix; the gateway adds __Host- over HTTPS", args[0])
			}
			h.CookieName = args[0]
		case "unknown_cookies":
			if len(args) != 1 || (args[0] != "keep" && args[0] != "block") {
				return d.Errf("unknown_cookies takes keep or block")
			}
			h.UnknownCookies = args[0]
		case "cookie_db":
			if len(args) != 1 {
				return d.Errf("cookie_db takes one path to an Open Cookie Database CSV file")
			}
			h.CookieDB = args[0]
		case "honor_gpc":
			switch {
			case len(args) == 0 || (len(args) == 1 && args[0] == "on"):
				t := true
				h.HonorGPC = &t
			case len(args) == 1 && args[0] == "off":
				f := false
				h.HonorGPC = &f
			default:
				return d.Errf("honor_gpc takes on or off")
			}
		case "state_header":
			if len(args) != 1 || !validHeaderName(args[0]) {
				return d.Errf("state_header takes one header name")
			}
			h.StateHeader = args[0]
		case "base_path":
			if len(args) != 1 || !strings.HasPrefix(args[0], "/") || strings.ContainsAny(args[0], "?#*") {
				return d.Errf("base_path takes one path starting with /, e.g. /privacy-choices")
			}
			h.BasePath = args[0]
		case "debug":
			if len(args) != 0 {
				return d.Errf("debug takes no argument")
			}
			h.Debug = true
		case "show_link":
			if len(args) != 0 {
				return d.Errf("show_link takes no argument")
			}
			h.ShowLink = true
		case "honor_no_transform":
			if len(args) != 0 {
				return d.Errf("honor_no_transform takes no argument")
			}
			h.HonorNoTransform = true
		case "unknown_tags":
			if len(args) != 1 || (args[0] != "keep" && args[0] != "block") {
				return d.Errf("unknown_tags takes keep or block")
			}
			h.UnknownTags = args[0]
		case "site_name":
			if len(args) == 0 {
				return d.Errf("site_name takes the site's name")
			}
			h.SiteName = strings.Join(args, " ")
		case "logo", "privacy_policy":
			if len(args) != 1 {
				return d.Errf("%s takes one URL", opt)
			}
			if u, err := url.Parse(args[0]); err != nil || (u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http") || (u.Scheme == "" && !strings.HasPrefix(args[0], "/")) {
				return d.Errf("%s %q: want an http(s) URL or a path starting with /", opt, args[0])
			}
			if opt == "logo" {
				h.Logo = args[0]
			} else {
				h.PrivacyPolicy = args[0]
			}
		case "color":
			// "#" starts a Caddyfile comment, so the leading "#" is optional
			// (or quote it: "#0b5cad").
			if len(args) != 1 || !hexColor.MatchString("#"+strings.TrimPrefix(args[0], "#")) {
				return d.Errf(`color takes one hex color: 0b5cad or "#0b5cad" (quoted, since # starts a comment)`)
			}
			h.Color = "#" + strings.TrimPrefix(args[0], "#")
		case "describe":
			if len(args) < 2 {
				return d.Errf("describe takes a purpose and its description: describe analytics \"We count visits…\"")
			}
			p, err := parseRulePurpose(args[0])
			if err != nil || p == purpose.Necessary {
				return d.Errf("describe %s: want one of functional, analytics, beacon, retargeting, social", args[0])
			}
			if h.Descriptions == nil {
				h.Descriptions = map[string]string{}
			}
			h.Descriptions[p.String()] = strings.Join(args[1:], " ")
		case "receipts":
			if len(args) != 1 {
				return d.Errf("receipts takes off or the path of a SQLite file")
			}
			h.Receipts = args[0]
		case "receipt_retention":
			if len(args) != 1 {
				return d.Errf("receipt_retention takes one duration, e.g. 730d")
			}
			dur, err := caddy.ParseDuration(args[0])
			if err != nil || dur < 24*time.Hour {
				return d.Errf("receipt_retention %q: want a duration of at least 1d, e.g. 730d", args[0])
			}
			h.ReceiptRetention = caddy.Duration(dur)
		default:
			return d.Errf("unrecognized consent option %q (see the README's configuration reference)", opt)
		}
	}
	return nil
}

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// parseRulePurpose reads the purpose of an operator rule; "unknown" is not
// a purpose an operator can assign.
func parseRulePurpose(s string) (purpose.Purpose, error) {
	p, err := purpose.ParsePurpose(s)
	if err == nil && p == purpose.Unknown {
		return p, errUnknownPurpose
	}
	return p, err
}

// validHeaderName reports whether s is an HTTP field name (token).
func validHeaderName(s string) bool {
	return validCookieName(s)
}

// Interface guard
var _ caddyfile.Unmarshaler = (*Handler)(nil)
