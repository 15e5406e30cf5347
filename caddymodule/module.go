// Package caddymodule registers the caddy-consent gateway with Caddy: the
// HTTP handler module http.handlers.consent, its Caddyfile directive
// `consent`, the admin endpoint that exports the cookie inventory, and the
// `caddy consent` subcommands. It is the only package of the project that
// knows Caddy; the consent model and the HTML rewriter are plain libraries.
package caddymodule

import (
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/assetproxy"
	"github.com/caddy-consent/caddy-consent/caddymodule/choices"
	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
)

func init() {
	caddy.RegisterModule(Handler{})
}

// Defaults of the handler's options.
const (
	DefaultCookieName  = "privacy_choices"
	DefaultMaxAge      = 180 * 24 * time.Hour
	DefaultBasePath    = "/privacy-choices"
	DefaultStateHeader = "Consent-State"
	DefaultPolicy      = "1"
)

// Handler is the caddy-consent gateway. It stands in front of a site and
// enforces each visitor's privacy choices on the wire: it classifies every
// cookie the site sets and every cookie the browser sends, removes or
// downgrades the ones of purposes the visitor has not granted, expires them
// in the browser, tells the upstream the visitor's state in one request
// header, and serves the endpoints where visitors make their choices.
//
// It sets these placeholders for later handlers and logs:
//
//	{http.consent.state}    the consent-state header value ("necessary analytics …")
//	{http.consent.decided}  "true" when the visitor has decided under the current policy
//	{http.consent.gpc}      "true" when the request carried Sec-GPC: 1
type Handler struct {
	// Mode is "opt_in" (GDPR/ePrivacy: nothing but necessary until the
	// visitor decides) or "opt_out" (US state laws: everything allowed
	// until the visitor opts out). Default: opt_in.
	Mode string `json:"mode,omitempty"`

	// PolicyVersion names the version of the site's privacy policy.
	// Changing it invalidates every earlier decision: visitors are asked
	// again (opt_in) or fall back to the defaults (opt_out). Default: "1".
	PolicyVersion string `json:"policy_version,omitempty"`

	// Keys authenticate and encrypt the consent cookie. The first pair
	// encodes; every pair decodes, so list old pairs after the new one to
	// rotate keys without losing visitors' choices. When empty, a pair is
	// generated once and kept in Caddy's storage, so restarts and other
	// instances sharing the storage keep every choice valid.
	Keys []KeyPairConfig `json:"keys,omitempty"`

	// Cookies are the operator's cookie rules. They win over the built-in
	// knowledge base and the cookie database. Default: none.
	Cookies []CookieRuleConfig `json:"cookies,omitempty"`

	// Hosts are the operator's rules for third-party hosts and URLs. They
	// win over the built-in knowledge base. Default: none.
	Hosts []HostRuleConfig `json:"hosts,omitempty"`

	// FirstParty lists the site's own other domains, as URL patterns that
	// name a host ("static.example-cdn.net", "*.example-cdn.net"): its
	// CDN, asset and API domains. Their tags and hints are necessary
	// (vendor "first party (operator)", rule "first_party <pattern>"),
	// whatever the built-in knowledge base says of them, as for any
	// operator rule; a host rule of the same pattern wins. Default: none.
	FirstParty []string `json:"first_party,omitempty"`

	// ProxyAssets lists CDN hosts ("fonts.gstatic.com", or
	// "*.example-cdn.net" for a host and its subdomains) whose files the
	// gateway serves under the site's own origin, at BasePath +
	// "/assets/<host>/<path>", so that visitors' browsers never contact
	// them: the tags that load from them are pointed there, their Link
	// header hints removed, and the gateway fetches the files over HTTPS
	// with none of the visitor's cookies, credentials, address or Referer
	// (only User-Agent and Accept), caches them within bounds as their
	// Cache-Control says, and keeps their bytes (Subresource Integrity
	// holds), except that url() and @import in CSS are pointed at the
	// proxy too. They are necessary (vendor "proxied (proxy_assets)").
	// Default: none.
	ProxyAssets []string `json:"proxy_assets,omitempty"`

	// ProxyAssetsUpstreams maps a proxied host to the http(s) base URL its
	// files are fetched from instead of https://<host>: a mirror, a test
	// server. Default: none.
	ProxyAssetsUpstreams map[string]string `json:"proxy_assets_upstreams,omitempty"`

	// ProxyAssetsCA lists PEM files of certificate authorities trusted,
	// besides the system's, for the proxied hosts' upstreams. Default:
	// none.
	ProxyAssetsCA []string `json:"proxy_assets_ca,omitempty"`

	// ProxyAssetsCacheBytes bounds the memory of the proxied files'
	// cache. Default: 64 MiB.
	ProxyAssetsCacheBytes int64 `json:"proxy_assets_cache_bytes,omitempty"`

	// ProxyAssetsMaxBytes bounds one proxied file; a larger one is
	// answered 502. Default: 8 MiB.
	ProxyAssetsMaxBytes int64 `json:"proxy_assets_max_bytes,omitempty"`

	// Rules are the paths of operator rule files in the knowledge base's
	// TSV format, loaded at start beside CookieDB. Each must exist and be
	// readable when the config is validated. Default: none.
	Rules []string `json:"rules,omitempty"`

	// SensitivePaths lists request paths on which every purpose but
	// necessary is denied whatever the visitor chose, because a tracker
	// there would receive sensitive information. A path ending in "*"
	// matches by prefix ("/secure/*" matches "/secure" too), other paths
	// are globs (path.Match). Matching ignores case and runs on the
	// cleaned, decoded path. Each must start with "/". Default: none.
	SensitivePaths []string `json:"sensitive_paths,omitempty"`

	// MaxAge is how long a decision stays valid (and the consent
	// cookie's Max-Age), between 1 minute and 400 days (browsers cap
	// cookies at 400 days). Default: 180 days.
	MaxAge caddy.Duration `json:"max_age,omitempty"`

	// CookieName is the consent cookie's name: a cookie token, without a
	// __Host- or __Secure- prefix. Over HTTPS the cookie is named with the
	// __Host- prefix so a sibling subdomain cannot plant one. Default:
	// privacy_choices.
	CookieName string `json:"cookie_name,omitempty"`

	// UnknownCookies says what happens to first-party cookies no rule
	// recognizes: "keep" (treated as necessary) or "block" (treated as a
	// purpose never granted). Either way they are reported in the
	// inventory. Default: keep.
	UnknownCookies string `json:"unknown_cookies,omitempty"`

	// CookieDB is the path of a file in the Open Cookie Database CSV
	// format, loaded at start. Its rules complement the built-in ones. It
	// must exist and be readable when the config is validated. Default:
	// none.
	CookieDB string `json:"cookie_db,omitempty"`

	// HonorGPC says whether the Global Privacy Control signal (Sec-GPC: 1)
	// denies retargeting, social and beacons. The header is forwarded
	// upstream either way. Default: true.
	HonorGPC *bool `json:"honor_gpc,omitempty"`

	// Debug logs every stripped, downgraded or expired cookie and every
	// held tag with its reason (rule, vendor, purpose) at debug level, so
	// the logger shows it when its level is DEBUG (`log { level DEBUG }`).
	// Default: false.
	Debug bool `json:"debug,omitempty"`

	// StateHeader is the request header (a field-name token) that tells
	// the upstream the visitor's state. Any copy sent by the client is
	// removed. Default: Consent-State.
	StateHeader string `json:"state_header,omitempty"`

	// ShowLink makes the client add a floating "Your Privacy Choices"
	// link with the opt-out icon to every page. Sites that link to the
	// choices page themselves can leave it off. Default: false.
	ShowLink bool `json:"show_link,omitempty"`

	// UnknownTags says what happens to third-party tags no rule
	// recognizes: "ask" (held back until the visitor allows "Other
	// services" on the choices page or in the banner, or accepts all;
	// the choices page lists them with the page each was first seen on),
	// "block" (held back whatever the visitor says) or "keep" (loaded
	// like necessary ones, never asked about). Default: ask.
	UnknownTags string `json:"unknown_tags,omitempty"`

	// HonorNoTransform leaves HTML responses marked Cache-Control:
	// no-transform unrewritten. The gateway acts for the origin, so by
	// default protection stays on. Default: false.
	HonorNoTransform bool `json:"honor_no_transform,omitempty"`

	// SiteName is the site's name on the choices page. Default: the
	// request's host.
	SiteName string `json:"site_name,omitempty"`

	// Logo is the URL of a logo shown on the choices page: an http(s) URL
	// or a path starting with "/". Default: none.
	Logo string `json:"logo,omitempty"`

	// Color is the accent color of the choices page ("#rgb" or "#rrggbb").
	// Pick one with a contrast of at least 4.5:1 on white. Default:
	// #0b5cad.
	Color string `json:"color,omitempty"`

	// PrivacyPolicy is the URL of the site's privacy statement, linked
	// from the choices page: an http(s) URL or a path starting with "/".
	// Default: none.
	PrivacyPolicy string `json:"privacy_policy,omitempty"`

	// Descriptions replace the built-in description of a purpose on the
	// choices page and in the banner, keyed by the lower-case name of a
	// purpose the visitor chooses (functional, analytics, beacon,
	// retargeting, social). Default: the built-in descriptions.
	Descriptions map[string]string `json:"descriptions,omitempty"`

	// Receipts is where decisions are recorded: "off", or the path of a
	// SQLite file. The file and its missing directories are created with
	// the first receipt; validating the config only checks that they could
	// be. Default: consent/receipts.db in Caddy's data directory.
	Receipts string `json:"receipts,omitempty"`

	// ReceiptRetention is how long receipts are kept before the daily
	// purge deletes them, at least 1 day. Default: 730 days (24 months).
	ReceiptRetention caddy.Duration `json:"receipt_retention,omitempty"`

	// BasePath is where the choices page and its API are served: the page
	// at BasePath, the JSON API at BasePath + "/api". It is a clean
	// absolute path other than "/". Default: /privacy-choices.
	BasePath string `json:"base_path,omitempty"`

	mode        consent.Mode
	maxAge      time.Duration
	codec       *cookieCodec
	cookies     *classify.CookieClassifier
	urls        *classify.URLClassifier
	sensitive   []pathPattern
	blockUnkn   bool
	unknownTags string // UnknownTags with its default: unknownKeep, unknownAsk or unknownBlock
	honorGPC    bool
	metrics     *metrics
	logger      *zap.Logger
	consentMAC  string // the logical name authenticated in the cookie value
	receipts    *receiptsUnit
	receiptsKey string
	surface     *choices.Surface  // the choices page, its API, the inserted block, placeholders
	scripts     *scriptMemo       // inline script verdicts by content
	assets      *assetproxy.Proxy // the proxied hosts' files; nil without proxy_assets
}

// KeyPairConfig is one consent-cookie key pair, base64-encoded (standard
// or URL alphabet, padding optional).
type KeyPairConfig struct {
	// Hash is the HMAC-SHA256 key: 32 or 64 bytes.
	Hash string `json:"hash"`
	// Block is the AES key: 16, 24 or 32 bytes.
	Block string `json:"block"`
}

// CookieRuleConfig is one operator cookie rule.
type CookieRuleConfig struct {
	// Pattern is an exact cookie name, a prefix ending in "*", or a
	// regular expression between slashes.
	Pattern string `json:"pattern"`
	// Purpose is one of necessary, functional, analytics, beacon,
	// retargeting, social (see purpose.Assignable).
	Purpose string `json:"purpose"`
	// Vendor optionally names who sets the cookie. Default: "operator".
	Vendor string `json:"vendor,omitempty"`
}

// HostRuleConfig is one operator rule for third-party hosts or URLs.
type HostRuleConfig struct {
	// Pattern is a host ("cdn.example.com"), a host and its subdomains
	// ("*.example.com"), optionally followed by a path prefix
	// ("example.com/pixel").
	Pattern string `json:"pattern"`
	// Purpose is one of necessary, functional, analytics, beacon,
	// retargeting, social (see purpose.Assignable).
	Purpose string `json:"purpose"`
	// Vendor optionally names the vendor. Default: "operator".
	Vendor string `json:"vendor,omitempty"`
}

// CaddyModule returns the Caddy module information.
func (Handler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.consent",
		New: func() caddy.Module { return new(Handler) },
	}
}

// Provision sets up the handler from its configuration: defaults, the
// cookie codec, the classifiers, metrics and the receipts writer. It
// writes nothing to disk: generated keys are stored and the receipts file
// is created on first use.
func (h *Handler) Provision(ctx caddy.Context) error {
	h.logger = ctx.Logger()
	// Everything below is built from the configuration, so it is checked
	// first (Caddy calls Validate only after Provision).
	if err := h.Validate(); err != nil {
		return err
	}
	if err := h.provisionRules(); err != nil {
		return err
	}
	var err error
	if h.codec, err = h.provisionCodec(ctx); err != nil {
		return err
	}
	if h.metrics, err = provisionMetrics(ctx); err != nil {
		return err
	}
	if err := h.provisionChoices(); err != nil {
		return err
	}
	if err := h.provisionAssets(); err != nil {
		return err
	}
	return h.provisionReceipts()
}

// provisionRules derives from a valid configuration what classifying and
// enforcing need, and nothing that touches storage, keys, metrics or logs:
// the defaults, the mode, the classifiers and the sensitive paths.
// Provision and `caddy consent audit` share it, so the audit classifies and
// enforces as the gateway does.
func (h *Handler) provisionRules() error {
	if h.PolicyVersion == "" {
		h.PolicyVersion = DefaultPolicy
	}
	if h.CookieName == "" {
		h.CookieName = DefaultCookieName
	}
	if h.StateHeader == "" {
		h.StateHeader = DefaultStateHeader
	}
	if h.BasePath == "" {
		h.BasePath = DefaultBasePath
	}
	h.BasePath = strings.TrimRight(h.BasePath, "/")
	h.maxAge = time.Duration(h.MaxAge)
	if h.maxAge == 0 {
		h.maxAge = DefaultMaxAge
	}
	h.mode, _ = consent.ParseMode(defaultString(h.Mode, "opt_in")) // checked by Validate
	h.honorGPC = h.HonorGPC == nil || *h.HonorGPC
	h.blockUnkn = h.UnknownCookies == "block"
	h.unknownTags = defaultString(h.UnknownTags, unknownAsk)
	h.consentMAC = h.CookieName

	var err error
	if h.cookies, h.urls, err = h.classifiers(); err != nil {
		return err
	}
	for _, p := range h.SensitivePaths {
		h.sensitive = append(h.sensitive, newPathPattern(p))
	}
	h.scripts = newScriptMemo()
	return nil
}

// Cleanup releases the receipts store.
func (h *Handler) Cleanup() error {
	if h.receiptsKey != "" {
		_, err := receiptsPool.Delete(h.receiptsKey)
		return err
	}
	return nil
}

// Validate checks every field, with the validators the Caddyfile parser
// runs too (see the options table). It needs no Provision and writes
// nothing: files named by the config are only looked at.
func (h *Handler) Validate() error {
	for _, o := range options {
		if o.check == nil {
			continue
		}
		if err := o.check(h); err != nil {
			return err
		}
	}
	return nil
}

func defaultString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Handler)(nil)
	_ caddy.Validator             = (*Handler)(nil)
	_ caddy.CleanerUpper          = (*Handler)(nil)
	_ caddyhttp.MiddlewareHandler = (*Handler)(nil)
)
