package caddymodule

import (
	"errors"
	"fmt"
	"strings"

	"github.com/caddyserver/caddy/v2"
)

// option is one configuration option, written once: its Caddyfile syntax
// and one-line doc (the configuration reference in the README and in
// UnmarshalCaddyfile's doc are generated from them, and a test keeps both
// in step), how the Caddyfile parser reads its arguments, and the
// validator of the JSON field it sets, which Validate runs for JSON
// configs and the parser runs on the spot, where it still knows the line.
type option struct {
	name  string // the Caddyfile subdirective
	field string // the JSON field it sets
	args  string // the argument syntax, as the reference shows it
	doc   string // one line for the reference
	// repeat allows the option more than once; the values add up.
	repeat bool
	// parse reads the arguments into the field. It checks only their
	// number and form (errArgs: wrong count); the value is check's job.
	parse func(h *Handler, args []string) error
	// check validates the field; nil when any value is valid.
	check func(h *Handler) error
}

// errArgs says an option got the wrong number of arguments; the parser
// answers with the option's syntax.
var errArgs = errors.New("wrong number of arguments")

// options lists every option, in the order of the reference.
var options = []option{
	{name: "mode", field: "mode", args: "opt_in|opt_out", doc: "default opt_in",
		parse: one(func(h *Handler, v string) { h.Mode = v }), check: checkMode},
	{name: "policy_version", field: "policy_version", args: "<version>", doc: `default "1"; changing it asks everyone again`,
		parse: one(func(h *Handler, v string) { h.PolicyVersion = v })},
	{name: "keys", field: "keys", args: "<hash> <block> [<old hash> <old block>...]", doc: "base64; default: generated once, kept in Caddy's storage", repeat: true,
		parse: parseKeys, check: checkKeys},
	{name: "cookie", field: "cookies", args: "<name|prefix*|/regex/> <purpose> [<vendor>]", doc: "operator cookie rule", repeat: true,
		parse: rule(func(h *Handler, pattern, p, vendor string) {
			h.Cookies = append(h.Cookies, CookieRuleConfig{Pattern: pattern, Purpose: p, Vendor: vendor})
		}), check: checkCookieRules},
	{name: "host", field: "hosts", args: "<host[/path]|*.host[/path]> <purpose> [<vendor>]", doc: "operator rule for third-party URLs", repeat: true,
		parse: rule(func(h *Handler, pattern, p, vendor string) {
			h.Hosts = append(h.Hosts, HostRuleConfig{Pattern: pattern, Purpose: p, Vendor: vendor})
		}), check: checkHostRules},
	{name: "first_party", field: "first_party", args: "<host[/path]|*.host[/path]...>", doc: "the site's own other domains: necessary", repeat: true,
		parse: some(func(h *Handler, v []string) { h.FirstParty = append(h.FirstParty, v...) }), check: checkFirstParty},
	{name: "proxy_assets", field: "proxy_assets", args: "<host|*.host...>", doc: "serve these CDN hosts' files from the site itself, at <base_path>/assets/", repeat: true,
		parse: some(func(h *Handler, v []string) { h.ProxyAssets = append(h.ProxyAssets, v...) }), check: checkProxyAssets},
	{name: "proxy_assets_upstream", field: "proxy_assets_upstreams", args: "<host> <base URL>", doc: "fetch a proxied host's files from a mirror (default https://<host>)", repeat: true,
		parse: parseProxyAssetsUpstream, check: checkProxyAssetsUpstreams},
	{name: "proxy_assets_ca", field: "proxy_assets_ca", args: "<PEM file>", doc: "also trust this CA for the proxied hosts' upstreams", repeat: true,
		parse: one(func(h *Handler, v string) { h.ProxyAssetsCA = append(h.ProxyAssetsCA, v) }), check: checkProxyAssetsCA},
	{name: "proxy_assets_cache", field: "proxy_assets_cache_bytes", args: "<bytes>", doc: "memory of the proxied files' cache; default 67108864 (64 MiB)",
		parse: bytesArg(func(h *Handler, n int64) { h.ProxyAssetsCacheBytes = n }), check: checkProxyAssetsCache},
	{name: "proxy_assets_max_file", field: "proxy_assets_max_bytes", args: "<bytes>", doc: "largest proxied file (larger: 502); default 8388608 (8 MiB)",
		parse: bytesArg(func(h *Handler, n int64) { h.ProxyAssetsMaxBytes = n }), check: checkProxyAssetsCache},
	{name: "rules", field: "rules", args: "<file>", doc: "operator rules file (the knowledge base's TSV format), loaded at start", repeat: true,
		parse: one(func(h *Handler, v string) { h.Rules = append(h.Rules, v) }), check: checkRulesFiles},
	{name: "sensitive_paths", field: "sensitive_paths", args: "<path...>", doc: "/secure/* matches /secure too; case-insensitive", repeat: true,
		parse: some(func(h *Handler, v []string) { h.SensitivePaths = append(h.SensitivePaths, v...) }), check: checkSensitivePaths},
	{name: "max_age", field: "max_age", args: "<duration>", doc: "default 180d, at most 400d",
		parse: duration(func(h *Handler, d caddy.Duration) { h.MaxAge = d }), check: checkMaxAge},
	{name: "cookie_name", field: "cookie_name", args: "<name>", doc: "default privacy_choices (__Host- added on HTTPS)",
		parse: one(func(h *Handler, v string) { h.CookieName = v }), check: checkCookieName},
	{name: "unknown_cookies", field: "unknown_cookies", args: "keep|block", doc: "first-party cookies no rule knows; default keep",
		parse: one(func(h *Handler, v string) { h.UnknownCookies = v }), check: checkUnknownCookies},
	{name: "cookie_db", field: "cookie_db", args: "<path>", doc: "Open Cookie Database CSV, loaded at start",
		parse: one(func(h *Handler, v string) { h.CookieDB = v }), check: checkCookieDB},
	{name: "honor_gpc", field: "honor_gpc", args: "[on|off]", doc: "default on",
		parse: func(h *Handler, args []string) error {
			on := len(args) == 0 || (len(args) == 1 && args[0] == "on")
			if !on && (len(args) != 1 || args[0] != "off") {
				return fmt.Errorf("write on or off, or nothing for on")
			}
			h.HonorGPC = &on
			return nil
		}},
	{name: "state_header", field: "state_header", args: "<header>", doc: "default " + DefaultStateHeader,
		parse: one(func(h *Handler, v string) { h.StateHeader = v }), check: checkStateHeader},
	{name: "base_path", field: "base_path", args: "<path>", doc: "default " + DefaultBasePath,
		parse: one(func(h *Handler, v string) { h.BasePath = v }), check: checkBasePath},
	{name: "unknown_tags", field: "unknown_tags", args: "keep|ask|block", doc: "third-party tags no rule knows; default ask",
		parse: one(func(h *Handler, v string) { h.UnknownTags = v }), check: checkUnknownTags},
	{name: "honor_no_transform", field: "honor_no_transform", doc: "leave Cache-Control: no-transform pages unrewritten",
		parse: noArgs(func(h *Handler) { h.HonorNoTransform = true })},
	{name: "show_link", field: "show_link", doc: `floating "Your Privacy Choices" link on every page`,
		parse: noArgs(func(h *Handler) { h.ShowLink = true })},
	{name: "site_name", field: "site_name", args: "<name...>", doc: "on the choices page; default: the host",
		parse: func(h *Handler, args []string) error {
			if len(args) == 0 {
				return errArgs
			}
			h.SiteName = strings.Join(args, " ")
			return nil
		}},
	{name: "logo", field: "logo", args: "<url>", doc: "http(s) URL or /path of the logo on the choices page",
		parse: one(func(h *Handler, v string) { h.Logo = v }), check: checkLogo},
	{name: "color", field: "color", args: `<hex>|"#hex"`, doc: "accent color of the page (quote a leading #)",
		// "#" starts a Caddyfile comment, so the leading "#" is optional.
		parse: one(func(h *Handler, v string) { h.Color = "#" + strings.TrimPrefix(v, "#") }), check: checkColor},
	{name: "privacy_policy", field: "privacy_policy", args: "<url>", doc: "http(s) URL or /path, linked from the page",
		parse: one(func(h *Handler, v string) { h.PrivacyPolicy = v }), check: checkPrivacyPolicy},
	{name: "describe", field: "descriptions", args: "<purpose> <text...>", doc: "replace a purpose's description", repeat: true,
		parse: func(h *Handler, args []string) error {
			if len(args) < 2 {
				return errArgs
			}
			if h.Descriptions == nil {
				h.Descriptions = map[string]string{}
			}
			h.Descriptions[strings.ToLower(args[0])] = strings.Join(args[1:], " ")
			return nil
		}, check: checkDescriptions},
	{name: "receipts", field: "receipts", args: "off|<sqlite path>", doc: "default: consent/receipts.db in Caddy's data dir",
		parse: one(func(h *Handler, v string) { h.Receipts = v }), check: checkReceipts},
	{name: "receipt_retention", field: "receipt_retention", args: "<duration>", doc: "default 730d, at least 1d (the purge runs daily)",
		parse: duration(func(h *Handler, d caddy.Duration) { h.ReceiptRetention = d }), check: checkReceiptRetention},
	{name: "debug", field: "debug", doc: "log every cookie and tag decision with its reason, at debug level",
		parse: noArgs(func(h *Handler) { h.Debug = true })},
}

// optionNamed returns the option of a Caddyfile subdirective, or nil.
func optionNamed(name string) *option {
	for i := range options {
		if options[i].name == name {
			return &options[i]
		}
	}
	return nil
}

// optionNames lists the options for an error message.
func optionNames() string {
	names := make([]string, len(options))
	for i, o := range options {
		names[i] = o.name
	}
	return strings.Join(names, ", ")
}

// caddyfileSyntax is the directive's syntax with every option and its
// doc, as the README's configuration reference and UnmarshalCaddyfile's
// doc show it.
func caddyfileSyntax() string {
	var b strings.Builder
	b.WriteString("consent [<matcher>] {\n")
	for _, o := range options {
		left := o.name
		if o.args != "" {
			left = fmt.Sprintf("%-16s %s", o.name, o.args)
		}
		fmt.Fprintf(&b, "    %-49s # %s\n", left, o.doc)
	}
	b.WriteString("}\n")
	return b.String()
}

// parseKeys reads pairs of keys, newest pair first.
func parseKeys(h *Handler, args []string) error {
	if len(args) == 0 || len(args)%2 != 0 {
		return errArgs
	}
	for i := 0; i < len(args); i += 2 {
		h.Keys = append(h.Keys, KeyPairConfig{Hash: args[i], Block: args[i+1]})
	}
	return nil
}

// one reads an option of exactly one argument.
func one(set func(h *Handler, v string)) func(*Handler, []string) error {
	return func(h *Handler, args []string) error {
		if len(args) != 1 {
			return errArgs
		}
		set(h, args[0])
		return nil
	}
}

// some reads an option of one or more arguments.
func some(set func(h *Handler, v []string)) func(*Handler, []string) error {
	return func(h *Handler, args []string) error {
		if len(args) == 0 {
			return errArgs
		}
		set(h, args)
		return nil
	}
}

// rule reads an operator rule: a pattern, a purpose and an optional
// vendor of one or more words.
func rule(add func(h *Handler, pattern, purpose, vendor string)) func(*Handler, []string) error {
	return func(h *Handler, args []string) error {
		if len(args) < 2 {
			return errArgs
		}
		add(h, args[0], args[1], strings.Join(args[2:], " "))
		return nil
	}
}

// noArgs reads an option without arguments.
func noArgs(set func(h *Handler)) func(*Handler, []string) error {
	return func(h *Handler, args []string) error {
		if len(args) != 0 {
			return errArgs
		}
		set(h)
		return nil
	}
}

// duration reads one duration in Caddy's units plus "d" (e.g. 180d).
func duration(set func(h *Handler, d caddy.Duration)) func(*Handler, []string) error {
	return func(h *Handler, args []string) error {
		if len(args) != 1 {
			return errArgs
		}
		d, err := caddy.ParseDuration(args[0])
		if err != nil {
			return fmt.Errorf("%q is not a duration (%v); write one such as 180d or 12h", args[0], err)
		}
		set(h, caddy.Duration(d))
		return nil
	}
}
