package caddymodule

import (
	"errors"
	"fmt"
	"io/fs"
	"net/textproto"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// The validators of the handler's fields. Validate runs every one of them
// (through the options table), and the Caddyfile parser runs an option's
// validator right after reading it, so a bad value is refused with the same
// words from a JSON config and, with its file and line, from a Caddyfile.
// An error names the JSON field and says what to write instead. A zero
// value means the default and is always valid.

// Limits of the handler's durations.
const (
	// minMaxAge is the shortest decision lifetime the cookie codec accepts.
	minMaxAge = time.Minute
	// maxMaxAge is the longest: browsers cap a cookie's lifetime at 400
	// days (RFC 6265bis), so a longer max_age would be cut short silently.
	maxMaxAge = 400 * 24 * time.Hour
	// minReceiptRetention is the purge's period: expired receipts are
	// deleted once a day, so a shorter retention could not be kept.
	minReceiptRetention = 24 * time.Hour
)

func checkMode(h *Handler) error {
	if h.Mode == "" {
		return nil
	}
	if _, err := consent.ParseMode(h.Mode); err != nil {
		return fmt.Errorf("mode: %w", err)
	}
	return nil
}

func checkKeys(h *Handler) error {
	for i, kc := range h.Keys {
		if _, err := parseKeyPair(kc); err != nil {
			return fmt.Errorf("keys[%d]: %w (generate a pair with: head -c 64 /dev/urandom | base64 -w0; head -c 32 /dev/urandom | base64 -w0)", i, err)
		}
	}
	return nil
}

func checkCookieRules(h *Handler) error {
	return checkRuleList("cookies", len(h.Cookies), func(i int) (string, string) { return h.Cookies[i].Pattern, h.Cookies[i].Purpose }, classify.ParseCookiePattern)
}

func checkHostRules(h *Handler) error {
	return checkRuleList("hosts", len(h.Hosts), func(i int) (string, string) { return h.Hosts[i].Pattern, h.Hosts[i].Purpose }, classify.ParseHostPattern)
}

func checkFirstParty(h *Handler) error {
	for i, p := range h.FirstParty {
		if err := classify.ParseHostPattern(p); err != nil {
			return fmt.Errorf("first_party[%d]: %w", i, err)
		}
		if strings.HasPrefix(p, "/") {
			return fmt.Errorf("first_party[%d]: %q names no host; write the site's other domain, e.g. static.example-cdn.net or *.example-cdn.net", i, p)
		}
	}
	return nil
}

// checkRuleList checks the pattern and purpose of n operator rules.
func checkRuleList(field string, n int, rule func(i int) (pattern, purpose string), parsePattern func(string) error) error {
	for i := 0; i < n; i++ {
		pat, pur := rule(i)
		if err := parsePattern(pat); err != nil {
			return fmt.Errorf("%s[%d].pattern: %w", field, i, err)
		}
		if _, err := purpose.ParseAssignable(pur); err != nil {
			return fmt.Errorf("%s[%d].purpose: %w", field, i, err)
		}
	}
	return nil
}

func checkRulesFiles(h *Handler) error {
	for i, p := range h.Rules {
		if err := checkReadableFile(p); err != nil {
			return fmt.Errorf("rules[%d]: %w; give the path of a readable rules file", i, err)
		}
		// Read it now, so a bad row is refused by caddy validate with its
		// line, not at start.
		if _, err := classify.LoadRulesFile(p); err != nil {
			return fmt.Errorf("rules[%d]: %w", i, err)
		}
	}
	return nil
}

func checkCookieDB(h *Handler) error {
	if h.CookieDB == "" {
		return nil
	}
	if err := checkReadableFile(h.CookieDB); err != nil {
		return fmt.Errorf("cookie_db: %w; give the path of a readable Open Cookie Database CSV file", err)
	}
	return nil
}

func checkSensitivePaths(h *Handler) error {
	for i, p := range h.SensitivePaths {
		if !strings.HasPrefix(p, "/") {
			return fmt.Errorf("sensitive_paths[%d]: %q must start with /, e.g. /secure/*", i, p)
		}
		if err := newPathPattern(p).check(); err != nil {
			return fmt.Errorf("sensitive_paths[%d]: %q is not a valid pattern (%v); write a path, a prefix ending in * or a glob such as /account/*/orders", i, p, err)
		}
	}
	return nil
}

func checkMaxAge(h *Handler) error {
	d := time.Duration(h.MaxAge)
	if d != 0 && (d < minMaxAge || d > maxMaxAge) {
		return fmt.Errorf("max_age %s: write a duration between 1m and 400d (browsers cap cookies at 400 days)", days(d))
	}
	return nil
}

func checkReceiptRetention(h *Handler) error {
	d := time.Duration(h.ReceiptRetention)
	if d != 0 && d < minReceiptRetention {
		return fmt.Errorf("receipt_retention %s: write at least 1d, e.g. 730d (expired receipts are purged once a day, so a shorter retention cannot be kept)", days(d))
	}
	return nil
}

func checkCookieName(h *Handler) error {
	switch {
	case h.CookieName == "":
		return nil
	case !validCookieName(h.CookieName):
		return fmt.Errorf("cookie_name %q: write a cookie name of letters, digits and !#$%%&'*+-.^_`|~", h.CookieName)
	case ascii.HasPrefixFold(h.CookieName, "__Host-") || ascii.HasPrefixFold(h.CookieName, "__Secure-"):
		return fmt.Errorf("cookie_name %q: write the name without a __Host- or __Secure- prefix; the gateway adds __Host- over HTTPS", h.CookieName)
	}
	return nil
}

func checkStateHeader(h *Handler) error {
	if h.StateHeader != "" && !validHeaderName(h.StateHeader) {
		return fmt.Errorf("state_header %q: write a header name (letters, digits and !#$%%&'*+-.^_`|~), e.g. %s", h.StateHeader, DefaultStateHeader)
	}
	if slices.Contains(reservedHeaders, textproto.CanonicalMIMEHeaderKey(h.StateHeader)) {
		return fmt.Errorf("state_header %q: the gateway replaces this header on every request, so it cannot carry the state; write a name of its own, e.g. %s", h.StateHeader, DefaultStateHeader)
	}
	return nil
}

// reservedHeaders are request headers the state header must not replace:
// the gateway deletes any client copy of the state header and sets its
// own, which would clobber the request's routing, body framing,
// credentials, cookies or signals.
var reservedHeaders = []string{
	"Authorization", "Connection", "Content-Encoding", "Content-Length", "Content-Type",
	"Cookie", "Forwarded", "Host", "If-None-Match", "Proxy-Authorization", "Sec-Gpc",
	"Set-Cookie", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent",
	"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
}

func checkBasePath(h *Handler) error {
	if h.BasePath == "" || cleanBasePath(h.BasePath) {
		return nil
	}
	return fmt.Errorf("base_path %q: write a clean absolute path such as %s (starting with /, without //, . or .. segments, and without ?, #, *, %% or spaces)", h.BasePath, DefaultBasePath)
}

// cleanBasePath reports whether p is a clean absolute path other than "/",
// made of characters a URL path carries unescaped. One trailing slash is
// tolerated (Provision removes it).
func cleanBasePath(p string) bool {
	p = strings.TrimSuffix(p, "/")
	if p == "" || p[0] != '/' || path.Clean(p) != p {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`?#*%"<>\^{|}`+"`", c) >= 0 {
			return false
		}
	}
	return true
}

func checkUnknownCookies(h *Handler) error {
	return checkKeepOrBlock("unknown_cookies", h.UnknownCookies)
}

func checkUnknownTags(h *Handler) error {
	switch h.UnknownTags {
	case "", unknownKeep, unknownAsk, unknownBlock:
		return nil
	}
	return fmt.Errorf("unknown_tags %q: write keep, ask or block", h.UnknownTags)
}

func checkKeepOrBlock(field, v string) error {
	switch v {
	case "", "keep", "block":
		return nil
	}
	return fmt.Errorf("%s %q: write keep or block", field, v)
}

func checkLogo(h *Handler) error { return checkLink("logo", h.Logo, "/logo.svg") }

func checkPrivacyPolicy(h *Handler) error {
	return checkLink("privacy_policy", h.PrivacyPolicy, "/privacy")
}

// checkLink accepts an absolute http(s) URL or a path on the site; nothing
// else (no javascript: or data: URL, no //host reference).
func checkLink(field, v, example string) error {
	if v == "" || validLink(v) {
		return nil
	}
	return fmt.Errorf("%s %q: write an http(s) URL (https://example.com%s) or a path starting with / (%s)", field, v, example, example)
}

func validLink(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' || v[i] == 0x7f || v[i] == '\\' {
			return false
		}
	}
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "":
		return strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//")
	}
	return false
}

func checkColor(h *Handler) error {
	if h.Color == "" || hexColor(h.Color) {
		return nil
	}
	return fmt.Errorf(`color %q: write a hex color, #rgb or #rrggbb such as #0b5cad (in a Caddyfile write 0b5cad or "#0b5cad", since # starts a comment)`, h.Color)
}

// hexColor reports whether s is "#rgb" or "#rrggbb".
func hexColor(s string) bool {
	if (len(s) != 4 && len(s) != 7) || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !ascii.IsHex(s[i]) {
			return false
		}
	}
	return true
}

func checkDescriptions(h *Handler) error {
	for name, text := range h.Descriptions {
		p, err := purpose.ParseChoosable(name)
		if p, aerr := purpose.ParseAssignable(name); err != nil && aerr == nil {
			return fmt.Errorf("descriptions[%q]: %s is not a purpose visitors choose, so it has no description; describe one of: %s", name, p, purpose.List(purpose.Choosable))
		}
		if err != nil {
			return fmt.Errorf("descriptions[%q]: %w", name, err)
		}
		if name != p.String() {
			return fmt.Errorf("descriptions[%q]: write the purpose name in lower case: %s", name, p)
		}
		if strings.TrimSpace(text) == "" {
			return fmt.Errorf("descriptions[%q]: empty; write the text shown for the purpose, or leave it out", name)
		}
	}
	return nil
}

func checkReceipts(h *Handler) error {
	if h.Receipts == "off" {
		return nil
	}
	p := h.receiptsPath()
	if strings.ContainsAny(p, "?#") || strings.HasPrefix(p, "file:") || p == ":memory:" {
		return fmt.Errorf("receipts %q: write off or a plain file path, without '?', '#' or a file: prefix", h.Receipts)
	}
	if err := checkCreatable(p); err != nil {
		return fmt.Errorf("receipts %q: %w; write off or the path of a SQLite file in a directory Caddy can write to", p, err)
	}
	return nil
}

// days writes a duration as the Caddyfile does: in days when it is a
// whole number of them, else without zero units ("1h", not "1h0m0s").
func days(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String() // "1h0m0s": drop the zero units
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// checkReadableFile reports whether p names a regular file this process
// can read.
func checkReadableFile(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", p)
	}
	return nil
}

// checkCreatable reports whether a file could be written at p, without
// creating anything: p itself when it exists, else the nearest existing
// ancestor directory, where the missing directories would be created.
func checkCreatable(p string) error {
	abs, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	fi, err := os.Stat(abs)
	if err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s exists and is not a regular file", abs)
		}
		return writable(abs, false)
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		fi, err := os.Stat(dir)
		switch {
		case err == nil && !fi.IsDir():
			return fmt.Errorf("%s is not a directory", dir)
		case err == nil:
			return writable(dir, true)
		case errors.Is(err, fs.ErrPermission):
			return err
		case filepath.Dir(dir) == dir:
			return err
		}
		// Missing, or "not a directory" below a file: look further up.
	}
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

// validHeaderName reports whether s is an HTTP field name (a token).
func validHeaderName(s string) bool {
	return validCookieName(s)
}
