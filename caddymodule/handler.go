// Package caddymodule registers the caddy-consent gateway with Caddy: the
// HTTP handler module http.handlers.consent, its Caddyfile directive
// `consent`, the admin endpoint that exports the cookie inventory, and the
// `caddy consent` subcommands. It is the only package of the project that
// knows Caddy; the consent model and the HTML rewriter are plain libraries.
package caddymodule

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
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
	// knowledge base and the cookie database.
	Cookies []CookieRuleConfig `json:"cookies,omitempty"`

	// Hosts are the operator's rules for third-party hosts and URLs. They
	// win over the built-in knowledge base.
	Hosts []HostRuleConfig `json:"hosts,omitempty"`

	// SensitivePaths lists request paths on which every purpose but
	// necessary is denied whatever the visitor chose, because a tracker
	// there would receive sensitive information. A path ending in "*"
	// matches by prefix ("/secure/*" matches "/secure" too), other paths
	// are globs (path.Match). Matching ignores case and runs on the
	// cleaned, decoded path.
	SensitivePaths []string `json:"sensitive_paths,omitempty"`

	// MaxAge is how long a decision stays valid (and the consent
	// cookie's Max-Age). Default: 180 days.
	MaxAge caddy.Duration `json:"max_age,omitempty"`

	// CookieName is the consent cookie's name. Over HTTPS the cookie is
	// named with the __Host- prefix so a sibling subdomain cannot plant
	// one. Default: privacy_choices.
	CookieName string `json:"cookie_name,omitempty"`

	// UnknownCookies says what happens to first-party cookies no rule
	// recognizes: "keep" (treated as necessary) or "block" (treated as a
	// purpose never granted). Either way they are reported in the
	// inventory. Default: keep.
	UnknownCookies string `json:"unknown_cookies,omitempty"`

	// CookieDB is the path of a file in the Open Cookie Database CSV
	// format, loaded at start. Its rules complement the built-in ones.
	CookieDB string `json:"cookie_db,omitempty"`

	// HonorGPC says whether the Global Privacy Control signal (Sec-GPC: 1)
	// denies retargeting, social and beacons. The header is forwarded
	// upstream either way. Default: true.
	HonorGPC *bool `json:"honor_gpc,omitempty"`

	// Debug logs every stripped, downgraded or expired cookie and every
	// held tag with its reason (rule, vendor, purpose) at debug level, so
	// the logger shows it when its level is DEBUG (`log { level DEBUG }`).
	Debug bool `json:"debug,omitempty"`

	// StateHeader is the request header that tells the upstream the
	// visitor's state. Any copy sent by the client is removed. Default:
	// Consent-State.
	StateHeader string `json:"state_header,omitempty"`

	// ShowLink makes the client add a floating "Your Privacy Choices"
	// link with the opt-out icon to every page. Sites that link to the
	// choices page themselves can leave it off. Default: false.
	ShowLink bool `json:"show_link,omitempty"`

	// UnknownTags says what happens to third-party tags no rule
	// recognizes: "block" (held back like a purpose never granted) or
	// "keep". Default: block.
	UnknownTags string `json:"unknown_tags,omitempty"`

	// HonorNoTransform leaves HTML responses marked Cache-Control:
	// no-transform unrewritten. The gateway acts for the origin, so by
	// default protection stays on. Default: false.
	HonorNoTransform bool `json:"honor_no_transform,omitempty"`

	// SiteName is the site's name on the choices page. Default: the
	// request's host.
	SiteName string `json:"site_name,omitempty"`

	// Logo is the URL of a logo shown on the choices page.
	Logo string `json:"logo,omitempty"`

	// Color is the accent color of the choices page ("#rgb" or "#rrggbb").
	// Pick one with a contrast of at least 4.5:1 on white. Default:
	// #0b5cad.
	Color string `json:"color,omitempty"`

	// PrivacyPolicy is the URL of the site's privacy statement, linked
	// from the choices page.
	PrivacyPolicy string `json:"privacy_policy,omitempty"`

	// Descriptions replace the built-in description of a purpose on the
	// choices page and in the banner, keyed by purpose name.
	Descriptions map[string]string `json:"descriptions,omitempty"`

	// Receipts is where decisions are recorded: "off", or the path of a
	// SQLite file. Default: consent/receipts.db in Caddy's data directory.
	Receipts string `json:"receipts,omitempty"`

	// ReceiptRetention is how long receipts are kept before the daily
	// purge deletes them. Default: 730 days (24 months).
	ReceiptRetention caddy.Duration `json:"receipt_retention,omitempty"`

	// BasePath is where the choices page and its API are served: the page
	// at BasePath, the JSON API at BasePath + "/api". Default:
	// /privacy-choices.
	BasePath string `json:"base_path,omitempty"`

	mode         consent.Mode
	maxAge       time.Duration
	codec        *consent.Codec
	cookies      *classify.CookieClassifier
	urls         *classify.URLClassifier
	sensitive    []pathPattern
	blockUnkn    bool
	honorGPC     bool
	metrics      *metrics
	logger       *zap.Logger
	consentMAC   string // the logical name authenticated in the cookie value
	receipts     *receiptsUnit
	receiptsKey  string
	clientText   map[string]json.RawMessage                      // per language, with Descriptions applied
	inserts      *sync.Map                                       // insertKey → []byte, for undecided visitors
	placeholders map[string]func(purpose.Purpose, string) []byte // per language, see placeholderFunc
	scripts      *scriptMemo                                     // inline script verdicts by content
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
	// retargeting, social.
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
	// retargeting, social.
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

// Provision sets up the handler: defaults, keys, classifier, metrics.
func (h *Handler) Provision(ctx caddy.Context) error {
	h.logger = ctx.Logger()
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
	var err error
	if h.mode, err = consent.ParseMode(defaultString(h.Mode, "opt_in")); err != nil {
		return err
	}
	h.honorGPC = h.HonorGPC == nil || *h.HonorGPC
	h.blockUnkn = h.UnknownCookies == "block"
	h.consentMAC = h.CookieName

	keys, err := h.loadKeys(ctx)
	if err != nil {
		return err
	}
	if h.codec, err = consent.NewCodec(keys, h.maxAge); err != nil {
		return fmt.Errorf("consent cookie: %w", err)
	}

	if h.cookies, h.urls, err = h.classifiers(); err != nil {
		return err
	}
	for _, p := range h.SensitivePaths {
		h.sensitive = append(h.sensitive, newPathPattern(p))
	}
	if h.metrics, err = provisionMetrics(ctx); err != nil {
		return err
	}
	h.clientText = clientTextsWith(h.Descriptions)
	h.inserts = new(sync.Map)
	h.scripts = newScriptMemo()
	h.placeholders = make(map[string]func(purpose.Purpose, string) []byte, len(languages))
	for lang, t := range languages {
		h.placeholders[lang] = placeholderFunc(t, h.BasePath)
	}
	return h.provisionReceipts()
}

// Validate checks the configuration (the Caddyfile parser already checked
// each option with its line; this catches JSON configs).
func (h *Handler) Validate() error {
	if !validCookieName(h.CookieName) {
		return fmt.Errorf("cookie_name %q is not a valid cookie name", h.CookieName)
	}
	switch h.UnknownCookies {
	case "", "keep", "block":
	default:
		return fmt.Errorf("unknown_cookies %q: want keep or block", h.UnknownCookies)
	}
	if h.Color != "" && !hexColor.MatchString(h.Color) {
		return fmt.Errorf("color %q: want #rgb or #rrggbb", h.Color)
	}
	if !strings.HasPrefix(h.BasePath, "/") {
		return fmt.Errorf("base_path %q must start with /", h.BasePath)
	}
	for i, r := range h.Cookies {
		if err := classify.ParseCookiePattern(r.Pattern); err != nil {
			return fmt.Errorf("cookie rule %d: %w", i+1, err)
		}
	}
	for _, p := range h.SensitivePaths {
		if !strings.HasPrefix(p, "/") {
			return fmt.Errorf("sensitive path %q must start with /", p)
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

// validCookieName reports whether s is a usable cookie name (an RFC 6265
// token).
func validCookieName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Handler)(nil)
	_ caddy.Validator             = (*Handler)(nil)
	_ caddyhttp.MiddlewareHandler = (*Handler)(nil)
)

var errUnknownPurpose = errors.New(`purpose "unknown" cannot be assigned (want necessary, functional, analytics, beacon, retargeting or social)`)
