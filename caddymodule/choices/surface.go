package choices

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// DefaultColor is the accent color of the choices page when Config.Color
// is empty.
const DefaultColor = "#0b5cad"

// Config is what the operator configured for the visitor's surface. New
// takes it as given: the handler applies defaults and validates first.
type Config struct {
	// BasePath is where the page is served, without a trailing slash; the
	// API is at BasePath + "/api" and the client at BasePath + "/consent.js".
	// It is a path as the handler sees requests: under a route that strips
	// a prefix (Deps.Prefix), the browser reaches it at that prefix +
	// BasePath, and every URL the surface gives the browser says so.
	BasePath string
	// Mode is the site's consent mode.
	Mode consent.Mode
	// PolicyVersion stamps every decision.
	PolicyVersion string
	// MaxAge is the consent cookie's Max-Age.
	MaxAge time.Duration
	// CookieName is the consent cookie's name (and the name its value is
	// authenticated under). Over TLS the cookie is named "__Host-" +
	// CookieName, and the form token's cookie "__Host-" + CookieName +
	// "_form".
	CookieName string
	// HonorGPC says whether Sec-GPC: 1 denies what consent.GPCDenied
	// lists; gpc.json says so too.
	HonorGPC bool
	// SiteName is the site's name on the page ("" means the request's
	// host).
	SiteName string
	// Logo is the URL of a logo shown on the page ("" for none).
	Logo string
	// Color is the page's accent color ("" means DefaultColor).
	Color string
	// PrivacyPolicy is the URL of the site's privacy statement ("" for
	// none).
	PrivacyPolicy string
	// Descriptions replace the built-in description of a purpose, keyed
	// by choosable purpose name, in every language.
	Descriptions map[string]string
	// SensitivePaths are the operator's sensitive paths, named on the
	// page.
	SensitivePaths []string
	// ShowLink makes the client add the floating "Your Privacy Choices"
	// link to every page.
	ShowLink bool
	// LogDecisions logs every decision (without anything that identifies
	// the visitor) through Deps.Logger.
	LogDecisions bool
	// UnknownTags is the gateway's policy for third-party tags no rule
	// knows: UnknownAsk ("" means it), UnknownKeep or UnknownBlock. Under
	// ask, the page, the banner and the API offer "Other services" (the
	// unknown grant, purpose.Unknown in consent.Choices, named "unknown"
	// in the API, the form and the client), and the page lists the hosts
	// with the page each was first seen on; under keep or block the page
	// says what happens to them and offers no choice, and decisions never
	// store the grant.
	UnknownTags string
	// GuardTiers are the URL rules the run-time guard matches in the page,
	// as JSON ([]classify.GuardTier); nil for none (the guard then asks
	// the verdicts endpoint about every third-party host).
	GuardTiers []byte
}

// The values of Config.UnknownTags.
const (
	UnknownAsk   = "ask"
	UnknownKeep  = "keep"
	UnknownBlock = "block"
)

// asks reports whether visitors are asked about other services.
func (s *Surface) asks() bool {
	return s.cfg.UnknownTags == "" || s.cfg.UnknownTags == UnknownAsk
}

// signals are the consent.Signals of a request whose current state is cur.
func (s *Surface) signals(cur consent.State) consent.Signals {
	return consent.Signals{GPC: s.cfg.HonorGPC && cur.GPC, Sensitive: cur.Sensitive, AskUnknown: s.asks()}
}

// Encoder encodes a visitor's choices into the consent cookie's value
// under the cookie's logical name, as consent.Codec does.
type Encoder interface {
	Encode(name string, c consent.Choices) (string, error)
}

// Deps are what the surface needs from the gateway around it. Codec,
// State, Expire and Inventory are required; the others may be nil.
type Deps struct {
	// Codec encodes the consent cookie of a new decision: a
	// *consent.Codec, or the gateway's wrapper that generates keys on
	// first use.
	Codec Encoder
	// State is the request's effective state, from its consent cookies
	// and signals, as the gateway enforces it. Its GPC field must report
	// Sec-GPC: 1 whether or not the gateway honors it.
	State func(r *http.Request) consent.State
	// Expire returns the Set-Cookie lines that expire the cookies of the
	// request that st no longer allows. The request is a copy it may
	// modify.
	Expire func(r *http.Request, st consent.State) []string
	// Inventory is the site's inventory, listed on the page; it may
	// return nil (nothing seen yet).
	Inventory func(r *http.Request) *inventory.Inventory
	// Record records the receipt of a decision. It must not block.
	Record func(c consent.Choices, userAgent string)
	// OnDecision is called once per choosable purpose of every decision.
	OnDecision func(p purpose.Purpose, granted bool, src consent.Source)
	// OnBanner is called for every inserted block that shows the banner.
	OnBanner func()
	// Logger logs decisions (Config.LogDecisions) and errors.
	Logger *zap.Logger
	// Prefix is the part of the path the browser asked for that the
	// routes before the handler stripped (Caddy's handle_path, uri
	// strip_prefix): "/shop" when /shop/privacy-choices reached the
	// handler as /privacy-choices. It must be "" or a path that starts
	// with exactly one "/" and does not end with one. nil means the
	// handler never sits under a stripped prefix.
	Prefix func(r *http.Request) string
	// Verdict judges a URL a page's script asked the run-time guard to
	// load (POST BasePath/api/verdicts) for the request's site. nil
	// judges everything unknown.
	Verdict func(r *http.Request, u *url.URL) RuntimeVerdict
	// SeeRuntime records in the site's inventory a third-party URL that a
	// script on page asked for at run time. It may be nil.
	SeeRuntime func(r *http.Request, u *url.URL, v RuntimeVerdict, page string)
}

// Surface serves the visitor's side of the gateway; see the package
// documentation. Build it with New.
type Surface struct {
	cfg          Config
	deps         Deps
	apiPath      string
	clientPath   string
	verdictsPath string
	texts        map[string]*texts // per language, with cfg.Descriptions applied
	inserts      sync.Map          // insertKey → []byte, for undecided visitors
	placeholders map[string]func(purpose.Purpose, string, string) []byte

	// Under a stripped prefix, the blocks and placeholders carry the
	// prefix, so they are kept per prefix too, boundedly (a request
	// chooses its prefix's case and escapes, so the set is the client's
	// to grow), and built per request beyond the bound.
	prefixedPlaceholders sync.Map // placeholderKey → func(purpose.Purpose, string, string) []byte
	prefixes             atomic.Int32
	cachedInserts        atomic.Int32
}

// maxPrefixes bounds the stripped prefixes whose placeholders are kept,
// per language.
const maxPrefixes = 32

// takeSlot reports whether one more entry may be kept under a bound of
// max, counting it in n. Once full it only reads n, so n cannot wrap.
func takeSlot(n *atomic.Int32, max int32) bool {
	return n.Load() < max && n.Add(1) <= max
}

// New builds a Surface. It refuses a description for a purpose a visitor
// cannot choose, and missing required dependencies.
func New(cfg Config, deps Deps) (*Surface, error) {
	if deps.Codec == nil || deps.State == nil || deps.Expire == nil || deps.Inventory == nil {
		return nil, errors.New("choices: Codec, State, Expire and Inventory are required")
	}
	for name := range cfg.Descriptions {
		if _, err := purpose.ParseChoosable(name); err != nil {
			return nil, fmt.Errorf("descriptions: %w", err)
		}
	}
	cfg.BasePath = strings.TrimRight(cfg.BasePath, "/")
	cfg.Color = cmp.Or(cfg.Color, DefaultColor)
	if deps.Record == nil {
		deps.Record = func(consent.Choices, string) {}
	}
	if deps.OnDecision == nil {
		deps.OnDecision = func(purpose.Purpose, bool, consent.Source) {}
	}
	if deps.OnBanner == nil {
		deps.OnBanner = func() {}
	}
	if deps.Logger == nil {
		deps.Logger = zap.NewNop()
	}
	if deps.Prefix == nil {
		deps.Prefix = func(*http.Request) string { return "" }
	}
	if deps.Verdict == nil {
		deps.Verdict = func(*http.Request, *url.URL) RuntimeVerdict { return RuntimeVerdict{} }
	}
	s := &Surface{
		cfg: cfg, deps: deps,
		apiPath:      cfg.BasePath + "/api",
		clientPath:   cfg.BasePath + "/consent.js",
		verdictsPath: cfg.BasePath + "/api/verdicts",
		texts:        withDescriptions(cfg.Descriptions),
		placeholders: make(map[string]func(purpose.Purpose, string, string) []byte, len(languages)),
	}
	for lang, t := range s.texts {
		s.placeholders[lang] = placeholderFunc(t, cfg.BasePath)
	}
	return s, nil
}

// gpcPath is where the GPC support resource is served.
const gpcPath = "/.well-known/gpc.json"

// Serve serves the surface's endpoints. served is false, and nothing is
// written, for every other request. err is an error the response could
// not be completed with (encoding the cookie, writing the body).
//
// The endpoints answer at BasePath as the handler sees the request, so
// under a stripped prefix the browser reaches them at the prefix +
// BasePath, where the inserted block, the page and its redirects send it.
// gpc.json is the exception: it describes the whole site and only means
// something at the origin's /.well-known/gpc.json, so under a stripped
// prefix (/shop/.well-known/gpc.json) it is not served and the request
// goes on like any other; a consent handler at the site's root serves it.
func (s *Surface) Serve(w http.ResponseWriter, r *http.Request) (served bool, err error) {
	switch r.URL.Path {
	case s.cfg.BasePath:
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			return true, s.servePage(w, r, s.deps.State(r), r.URL.Query().Get("saved") == "1", "", http.StatusOK)
		case http.MethodPost:
			return true, s.servePageForm(w, r)
		}
		w.Header().Set("Allow", "GET, HEAD, POST")
		return true, apiError(w, http.StatusMethodNotAllowed, "method not allowed")
	case s.apiPath:
		return true, s.serveAPI(w, r)
	case s.clientPath:
		return true, serveClient(w, r)
	case s.verdictsPath:
		return true, s.serveVerdicts(w, r)
	case gpcPath:
		if s.deps.Prefix(r) != "" {
			return false, nil
		}
		return true, s.serveGPCJSON(w, r)
	}
	return false, nil
}

// IsPage reports whether a request path is the choices page.
func (s *Surface) IsPage(path string) bool { return path == s.cfg.BasePath }

// text returns the strings of a language, or of the default language.
func (s *Surface) text(lang string) *texts {
	if t, ok := s.texts[lang]; ok {
		return t
	}
	return s.texts[defaultLang]
}

// AddVary marks a response as differing by what decides the visitor's
// state (the consent cookie, GPC) and by language (the page's, and the
// inserted strings and placeholders of a rewritten page, are localized).
// The gateway marks its rewritten pages and their 304s with it too.
func AddVary(hdr http.Header) {
	hdr.Add("Vary", "Cookie, Sec-GPC, Accept-Language")
}
