package classify

import (
	"math"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// sourceHeuristic is the Decision.Source of a verdict no rule gave: a
// value shape, the way the cookie was set, or what the gateway saw of it.
const sourceHeuristic = "heuristic"

// SetBy says who wrote a cookie, as far as the gateway can tell.
type SetBy uint8

const (
	// SetByUnknown: nothing is known of how the cookie was set (only its
	// name, or a value without its Set-Cookie line).
	SetByUnknown SetBy = iota
	// SetByServer: the cookie came in a Set-Cookie response header.
	SetByServer
	// SetByScript: the cookie arrives in Cookie request headers but was
	// never seen in a Set-Cookie header of the site, so JavaScript wrote it.
	SetByScript
)

// CookieFacts is what the gateway saw of a cookie besides its name. The
// zero value knows nothing: ClassifyCookie then decides by name alone.
type CookieFacts struct {
	// Value is the cookie's value as sent or set, quotes included.
	Value string
	// SetBy says who wrote the cookie.
	SetBy SetBy
	// HttpOnly is true for a server cookie set with HttpOnly.
	HttpOnly bool
	// MaxAge is how long the cookie is kept; 0 for a session cookie or when
	// unknown (a cookie read from a Cookie header).
	MaxAge time.Duration
	// OnlyAfter, when not Unknown, is the purpose every visitor who sent
	// the cookie had granted, over enough sightings (see CookieMemory).
	OnlyAfter purpose.Purpose
}

// longLived is the lifetime past which an id-shaped value counts as a
// tracking signal: session ids and short-lived tokens stay below it.
const longLived = 30 * 24 * time.Hour

// RuleOnlyAfterConsent starts the rule of the heuristic verdict on a
// cookie the site's scripts write only for visitors who granted a purpose;
// the purpose's name follows. Such a verdict names no vendor: the caller
// may know the vendor (the site's only one of that purpose).
const RuleOnlyAfterConsent = "heuristic: appears only after consent to "

// The rules of heuristic verdicts, as Decision.Rule says them.
const (
	ruleHttpOnly      = "heuristic: HttpOnly server cookie"
	ruleOnlyAfter     = RuleOnlyAfterConsent
	ruleHighEntropyID = "heuristic: high-entropy persistent id"
)

// ClassifyCookie decides the purpose of a cookie by its name and what else
// is known of it, in this order: the operator's rules, the knowledge base
// by name, the value's shape (kb/values.tsv), an HttpOnly server cookie
// (necessary: no script can read it, so no tag uses it), attribution after
// consent (f.OnlyAfter), and a long-lived, high-entropy, id-shaped value on
// a cookie scripts can read (analytics, a weak signal). A verdict that no
// rule gave has Source "heuristic" and a Rule saying which heuristic.
// With zero facts it is Classify.
func (c *CookieClassifier) ClassifyCookie(name string, f CookieFacts) Decision {
	if d := c.Classify(name); d.Source != sourceNone {
		return d
	}
	return c.Heuristic(name, f)
}

// Heuristic is ClassifyCookie without the rules by name, for a caller that
// has just had Classify answer Unknown for name: the heuristics alone, in
// ClassifyCookie's order.
func (c *CookieClassifier) Heuristic(name string, f CookieFacts) Decision {
	if f == (CookieFacts{}) {
		return noDecision
	}
	if d, ok := matchValueShape(mustBuiltinKB().values, f.Value); ok {
		return d
	}
	if f.SetBy == SetByServer && f.HttpOnly {
		return Decision{Purpose: purpose.Necessary, Rule: ruleHttpOnly, Source: sourceHeuristic}
	}
	if f.OnlyAfter != purpose.Unknown && f.OnlyAfter != purpose.Necessary {
		return Decision{Purpose: f.OnlyAfter, Rule: onlyAfterRule(f.OnlyAfter), Source: sourceHeuristic}
	}
	if !f.HttpOnly && f.MaxAge > longLived && !soundsNecessary(name) && idShaped(f.Value) {
		return Decision{Purpose: purpose.Analytics, Rule: ruleHighEntropyID, Source: sourceHeuristic}
	}
	return noDecision
}

// onlyAfterRules are the rules of attribution after consent, one for each
// purpose a visitor can grant, made once so that a verdict does not
// allocate.
var onlyAfterRules = func() map[purpose.Purpose]string {
	m := make(map[purpose.Purpose]string, len(purpose.Choosable))
	for _, p := range purpose.Choosable {
		m[p] = ruleOnlyAfter + p.String()
	}
	return m
}()

// onlyAfterRule returns the rule of attribution after consent to p.
func onlyAfterRule(p purpose.Purpose) string {
	if r, ok := onlyAfterRules[p]; ok {
		return r
	}
	return ruleOnlyAfter + p.String()
}

// necessaryWords are parts of cookie names that say what the site itself
// needs (sessions, sign-in, CSRF tokens, carts, the consent tools' own
// records): a random id under such a name is no tracking signal. They are
// generic words, not vendors' names.
var necessaryWords = []string{"sess", "sid", "csrf", "xsrf", "auth", "token", "login", "cart", "basket", "consent", "gdpr"}

// necessaryByFirst indexes necessaryWords by their first byte, so that
// soundsNecessary compares at each byte of a name only the words that can
// start there.
var necessaryByFirst = func() (idx [256][]string) {
	for _, w := range necessaryWords {
		idx[w[0]] = append(idx[w[0]], w)
	}
	return idx
}()

// soundsNecessary reports whether the first 64 bytes of name contain one
// of necessaryWords, compared without regard to case.
func soundsNecessary(name string) bool {
	const maxRead = 64
	if len(name) > maxRead {
		name = name[:maxRead]
	}
	for i := 0; i < len(name); i++ {
		for _, w := range necessaryByFirst[ascii.Lower(name[i])] {
			if ascii.HasPrefixFold(name[i:], w) {
				return true
			}
		}
	}
	return false
}

// The id shapes: a UUID, a run of hex digits, or a base64 token, each long
// enough and random enough (bits per character by Shannon entropy) that it
// identifies one browser. A word, a number, a timestamp, a JSON or
// key=value preference and a short flag are none of them.
const (
	minHexID        = 16
	minTokenID      = 20
	maxIDLen        = 512
	minHexEntropy   = 3.0 // of at most 4 bits per hex digit
	minTokenEntropy = 3.5 // of at most 6 bits per base64 character
)

// idShaped reports whether a cookie value looks like a random identifier.
func idShaped(v string) bool {
	v = unquoteValue(v)
	if len(v) < minHexID || len(v) > maxIDLen {
		return false
	}
	if isUUID(v) {
		return true
	}
	var hex, upper, lower, digit int
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case ascii.IsDigit(c):
			digit++
		case 'a' <= c && c <= 'z':
			lower++
		case 'A' <= c && c <= 'Z':
			upper++
		case c == '-' || c == '_' || c == '+' || c == '/':
		case c == '=' && i >= len(v)-2: // base64 padding
		default:
			return false
		}
		if ascii.IsHex(c) {
			hex++
		}
	}
	if hex == len(v) && digit > 0 && digit < len(v) {
		return entropy(v) >= minHexEntropy
	}
	classes := 0
	for _, n := range [...]int{upper, lower, digit} {
		if n > 0 {
			classes++
		}
	}
	return len(v) >= minTokenID && classes >= 2 && digit > 0 && entropy(v) >= minTokenEntropy
}

// isUUID reports whether v is a UUID in its 8-4-4-4-12 hex form.
func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if v[i] != '-' {
				return false
			}
		} else if !ascii.IsHex(v[i]) {
			return false
		}
	}
	return true
}

// entropy returns the Shannon entropy of the bytes of s, in bits per byte.
func entropy(s string) float64 {
	var counts [256]uint32 // half the stack, and the zeroing, of [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	var h float64
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
