package cookiewire

import (
	"math"
	"strings"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// maxAttrValue is the longest attribute value a browser accepts
// (RFC 6265bis §5.6; Chromium's and Firefox's limit). A longer value is
// ignored as if the attribute were absent.
const maxAttrValue = 1024

// SetCookieLine is a raw Set-Cookie header value, read the way a browser reads it.
//
// It works on the raw line rather than on Go's http.Cookie: net/http rejects
// nameless cookies that browsers store, and re-serializing a parsed cookie
// loses attributes it does not know (Priority, a leading-dot Domain, order).
//
// Browsers disagree on malformed Max-Age and Expires attributes, so the line
// is read three ways: by RFC 6265bis §5.6, by Chromium (the last attribute of
// a kind wins even when it is invalid; Max-Age takes a leading '+'; its own
// lenient date reader), and by Firefox (the last attribute wins; a Max-Age
// starting with '-' deletes whatever follows). Lifetime reports Persistent
// when any of the three keeps the cookie past the session; IsDeletion reports
// true only when all three delete it. Both err on the side of the visitor.
//
// Whitespace is SP and HTAB, as in browsers, plus CR and LF, which net/http
// writes out as spaces. The zero value is a nameless session cookie.
type SetCookieLine struct {
	line   string
	name   string
	domain string // last Domain attribute value, trimmed, as written
	path   string // last Path attribute value, trimmed, as written
	value  string // the value of the name-value pair, trimmed

	httpOnly bool // an HttpOnly attribute is present

	// oversize is set when a Max-Age or Expires value is longer than
	// maxAttrValue: browsers that cap attribute values and browsers that
	// do not then disagree about which attribute is the last one.
	oversize bool

	rfc, chromium, firefox expiry
}

// expiryKind says where an interpretation of a line took the cookie's expiry from.
type expiryKind uint8

const (
	expiryNone   expiryKind = iota // session cookie
	expiryMaxAge                   // at is Max-Age in seconds, saturated
	expiryDate                     // at is the Expires date in Unix seconds
)

// expiry is one reading of a line's Max-Age and Expires attributes.
type expiry struct {
	kind expiryKind
	at   int64
}

// deletes reports whether the reading expires the cookie at once, measured
// against now in Unix seconds. A date must lie strictly before now.
func (e expiry) deletes(now int64) bool {
	switch e.kind {
	case expiryMaxAge:
		return e.at <= 0
	case expiryDate:
		return e.at < now
	}
	return false
}

// ParseSetCookie reads a raw Set-Cookie header value. It never fails: every
// line yields something, even one that a browser would reject outright.
func ParseSetCookie(line string) SetCookieLine {
	s := SetCookieLine{line: line}
	pair, rest, more := strings.Cut(line, ";")
	if name, value, ok := strings.Cut(pair, "="); ok {
		s.name, s.value = trimWSP(name), trimWSP(value)
	} else {
		s.value = trimWSP(pair)
	}
	if !more {
		return s
	}

	var (
		rfcMaxAge, rfcDate     expiry
		lastExpiryRFC          expiry // RFC reading of the last Expires
		lastMaxAge, lastExpiry string
		hasMaxAge, hasExpiry   bool
	)
	for more {
		var seg string
		seg, rest, more = strings.Cut(rest, ";")
		name, value := splitAttr(seg)
		switch {
		case ascii.EqualFold(name, "max-age"):
			if len(value) > maxAttrValue {
				s.oversize = true
				continue
			}
			if v, ok := parseMaxAgeRFC(value); ok {
				rfcMaxAge = expiry{expiryMaxAge, v}
			}
			lastMaxAge, hasMaxAge = value, true
		case ascii.EqualFold(name, "expires"):
			if len(value) > maxAttrValue {
				s.oversize = true
				continue
			}
			lastExpiryRFC = expiry{}
			if t, ok := parseCookieDate(value); ok {
				rfcDate = expiry{expiryDate, t}
				lastExpiryRFC = rfcDate
			}
			lastExpiry, hasExpiry = value, true
		case ascii.EqualFold(name, "domain"):
			if len(value) <= maxAttrValue {
				s.domain = value
			}
		case ascii.EqualFold(name, "path"):
			if len(value) <= maxAttrValue {
				s.path = value
			}
		case ascii.EqualFold(name, "httponly"):
			s.httpOnly = true
		}
	}

	// RFC 6265bis: the last valid Max-Age, else the last valid Expires.
	s.rfc = rfcMaxAge
	if s.rfc.kind == expiryNone {
		s.rfc = rfcDate
	}

	// Chromium (CanonicalCookie::ParseExpiration) and Firefox
	// (CookieParser::GetExpiry): the last Max-Age if it converts, else the
	// last Expires if it parses.
	if hasMaxAge {
		if v, ok := parseMaxAgeChromium(lastMaxAge); ok {
			s.chromium = expiry{expiryMaxAge, v}
		}
		if v, ok := parseMaxAgeFirefox(lastMaxAge); ok {
			s.firefox = expiry{expiryMaxAge, v}
		}
	}
	if hasExpiry && lastExpiry != "" {
		if s.chromium.kind == expiryNone {
			if t, ok := parseCookieDateChromium(lastExpiry); ok {
				s.chromium = expiry{expiryDate, t}
			}
		}
		// Firefox reads dates with NSPR's PR_ParseTimeString, which is not
		// reproduced here; the RFC algorithm stands in for it.
		if s.firefox.kind == expiryNone {
			s.firefox = lastExpiryRFC
		}
	}
	return s
}

// Name returns the name the browser stores: the text before the first '='
// of the name-value pair (the part before the first ';'), whitespace-trimmed.
// A pair without '=' is a nameless cookie (RFC 6265bis §5.6 step 5): its
// name is "" and all of the pair is its value.
func (s SetCookieLine) Name() string { return s.name }

// Lifetime returns Persistent when a Max-Age or Expires attribute that a
// browser would honor is present, and Session otherwise. Max-Age wins over
// Expires; attribute names are case-insensitive; an unparsable Max-Age
// ("abc", "5s") or Expires is ignored. Where browsers disagree it answers
// Persistent: "Max-Age=+5" (Chromium honors it), "Max-Age=-x" (Firefox
// deletes with it), and a value longer than 1024 bytes (older browsers that
// do not cap attribute values honor it).
func (s SetCookieLine) Lifetime() purpose.Lifetime {
	if s.oversize || s.rfc.kind != expiryNone || s.chromium.kind != expiryNone || s.firefox.kind != expiryNone {
		return purpose.Persistent
	}
	return purpose.Session
}

// IsDeletion reports whether the line is the site deleting its own cookie:
// a Max-Age of zero or less, or (without a valid Max-Age) an Expires date
// before now. Such a line stores nothing, so it may always pass.
//
// It answers true only when RFC 6265bis, Chromium and Firefox all delete the
// cookie, so that a line crafted to read as a deletion to one parser cannot
// store a cookie in another browser: "Max-Age=-1; Max-Age=abc" is no
// deletion (Chromium uses the last, invalid one and keeps a session cookie).
//
// Browsers measure Expires against the response's Date header rather than
// their own clock; pass the earlier of the gateway's clock and that header.
func (s SetCookieLine) IsDeletion(now time.Time) bool {
	if s.oversize {
		return false
	}
	n := now.Unix()
	return s.rfc.deletes(n) && s.chromium.deletes(n) && s.firefox.deletes(n)
}

// Value returns the cookie's value as written, whitespace-trimmed (quotes
// kept); for a nameless cookie, all of its pair.
func (s SetCookieLine) Value() string { return s.value }

// HttpOnly reports whether the line carries the HttpOnly attribute (any
// case, any value): the browser then hides the cookie from scripts.
func (s SetCookieLine) HttpOnly() bool { return s.httpOnly }

// MaxAge returns how long the cookie is kept, measured from now: the
// longest of the three readings (see SetCookieLine), 0 for a session
// cookie or a deletion. A value too long for some browsers to read counts
// as forever, erring on the side of the visitor as Lifetime does.
func (s SetCookieLine) MaxAge(now time.Time) time.Duration {
	if s.oversize {
		return math.MaxInt64
	}
	n := now.Unix()
	var longest int64
	for _, e := range [...]expiry{s.rfc, s.chromium, s.firefox} {
		secs := e.at
		if e.kind == expiryDate {
			secs = e.at - n
		}
		if e.kind != expiryNone && secs > longest {
			longest = secs
		}
	}
	if longest > math.MaxInt64/int64(time.Second) {
		return math.MaxInt64
	}
	return time.Duration(longest) * time.Second
}

// Domain returns the last Domain attribute as the browser uses it: without
// one leading dot, lower-cased, "" when absent or empty (a host-only cookie;
// Chromium uses the last Domain attribute even when it is empty). Values over
// 1024 bytes are ignored, as browsers ignore them.
func (s SetCookieLine) Domain() string {
	return strings.ToLower(strings.TrimPrefix(s.domain, "."))
}

// Path returns the last Path attribute as the browser uses it, or "" when it
// is absent, empty, or does not start with '/': in all those cases the
// browser uses the default path of the request (RFC 6265bis §5.6.4).
func (s SetCookieLine) Path() string {
	if s.path == "" || s.path[0] != '/' {
		return ""
	}
	return s.path
}

// DowngradeToSession removes every Expires and Max-Age attribute (any case,
// any value, each with the ';' before it and the whitespace around it) and
// keeps every other byte as it was: order, case, unknown attributes,
// Priority, Partitioned and a leading-dot Domain. A line without them comes
// back unchanged.
func DowngradeToSession(line string) string {
	start := strings.IndexByte(line, ';')
	if start < 0 {
		return line
	}
	var b strings.Builder
	kept := 0 // line[kept:start] is still to be written
	for start < len(line) {
		end := strings.IndexByte(line[start+1:], ';')
		if end < 0 {
			end = len(line)
		} else {
			end += start + 1
		}
		name, _ := splitAttr(line[start+1 : end])
		if ascii.EqualFold(name, "max-age") || ascii.EqualFold(name, "expires") {
			if b.Cap() == 0 {
				b.Grow(len(line))
			}
			b.WriteString(line[kept:start])
			kept = end
		}
		start = end
	}
	if b.Cap() == 0 {
		return line
	}
	b.WriteString(line[kept:])
	return b.String()
}

// parseMaxAgeRFC reads a Max-Age value by RFC 6265bis §5.6.2: a digit or
// '-' first, digits after it ("-" alone converts to no number). Out-of-range
// values saturate.
func parseMaxAgeRFC(v string) (int64, bool) {
	if v == "" || (v[0] != '-' && !ascii.IsDigit(v[0])) {
		return 0, false
	}
	neg := v[0] == '-'
	if neg {
		v = v[1:]
	}
	if v == "" || strings.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	n, _, _ := parseDigits(v) // all digits: saturates at worst
	if neg {
		return -n, true
	}
	return n, true
}

// parseMaxAgeChromium reads a Max-Age value the way Chromium does
// (base::StringToInt64 in CanonicalCookie::ParseExpiration): an optional '+'
// or '-', then digits only; a value that overflows saturates and is used.
func parseMaxAgeChromium(v string) (int64, bool) {
	neg := false
	if v != "" && (v[0] == '-' || v[0] == '+') {
		neg = v[0] == '-'
		v = v[1:]
	}
	n, ok, saturated := parseDigits(v)
	if !ok && !saturated {
		return 0, false
	}
	if neg {
		return -n, true
	}
	return n, true
}

// parseMaxAgeFirefox reads a Max-Age value the way Firefox does
// (CookieParser::ParseMaxAgeAttribute): a leading '-' means already expired
// whatever follows; otherwise digits only, saturating.
func parseMaxAgeFirefox(v string) (int64, bool) {
	if v == "" {
		return 0, false
	}
	if v[0] == '-' {
		return math.MinInt64, true
	}
	n, ok, saturated := parseDigits(v)
	return n, ok || saturated
}

// parseDigits reads a non-empty run of ASCII digits. ok is false when v is
// empty or holds anything else. When the number overflows before any other
// byte is met, it returns math.MaxInt64 with saturated set.
func parseDigits(v string) (n int64, ok, saturated bool) {
	if v == "" {
		return 0, false, false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !ascii.IsDigit(c) {
			return 0, false, false
		}
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return math.MaxInt64, false, true
		}
		n = n*10 + d
	}
	return n, true, false
}

// splitAttr splits one cookie-av into its name and value, both trimmed of
// whitespace. An attribute without '=' has an empty value.
func splitAttr(seg string) (name, value string) {
	name, value, _ = strings.Cut(seg, "=")
	return trimWSP(name), trimWSP(value)
}

// isWSP reports whether c is whitespace around cookie names, values and
// attributes: SP and HTAB as browsers trim them, CR and LF because net/http
// writes them out as spaces.
func isWSP(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// trimWSP trims isWSP bytes from both ends of s without allocating.
func trimWSP(s string) string {
	i, j := 0, len(s)
	for i < j && isWSP(s[i]) {
		i++
	}
	for j > i && isWSP(s[j-1]) {
		j--
	}
	return s[i:j]
}
