package classify

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Decision explains one classification.
type Decision struct {
	// Purpose is the purpose decided.
	Purpose purpose.Purpose
	// Vendor names who the cookie belongs to, e.g. "Google Analytics"; ""
	// when unknown.
	Vendor string
	// Rule is the pattern that matched, as written: "_ga", "_ga_*",
	// "/^_pk_id\\./"; "" when none did. A URL rule may name itself
	// otherwise (HostRule.Rule).
	Rule string
	// Source says which table the rule came from: "operator", "builtin",
	// "cookie_db", or "none".
	Source string
}

// The values of Decision.Source.
const (
	sourceOperator = "operator"
	sourceBuiltin  = "builtin"
	sourceCookieDB = "cookie_db"
	sourceNone     = "none"
)

// CookieRule is one cookie pattern. Pattern syntax: an exact name
// ("PHPSESSID"), a prefix ending in "*" ("_ga_*"), or a regular expression
// between slashes ("/^mp_[0-9a-f]+_mixpanel$/"). A regular expression is
// matched as Go's regexp package does, anywhere in the name: anchor it with
// ^ and $ to match the whole name.
type CookieRule struct {
	// Pattern is the name, prefix or regular expression matched.
	Pattern string
	// Purpose is the purpose of the cookies it matches.
	Purpose purpose.Purpose
	// Vendor names who sets them; it may be empty.
	Vendor string
}

// maxCookiePatternLen bounds a pattern; browsers bound a cookie's name and
// value together to 4096 bytes.
const maxCookiePatternLen = 4096

// patternKind orders pattern kinds by specificity: a greater kind is more
// specific. The zero kind means "no match".
type patternKind uint8

const (
	kindNone patternKind = iota
	kindRegex
	kindPrefix
	kindExact
)

// parsedPattern is a validated pattern.
type parsedPattern struct {
	kind patternKind
	text string         // the exact name or the prefix (without "*")
	re   *regexp.Regexp // for kindRegex
	lit  string         // for kindRegex: a literal every matching name starts with
	suf  string         // for kindRegex: a literal every matching name ends with
}

// ParseCookiePattern reports whether pattern is a valid cookie pattern: an
// exact name, a prefix ending in "*", or a regular expression between
// slashes. The error says what is wrong and how to write it instead.
func ParseCookiePattern(pattern string) error {
	_, err := parseCookiePattern(pattern)
	return err
}

func parseCookiePattern(p string) (parsedPattern, error) {
	switch {
	case p == "":
		return parsedPattern{}, fmt.Errorf("empty cookie pattern: write a cookie name, a prefix ending in '*', or a /regexp/")
	case len(p) > maxCookiePatternLen:
		return parsedPattern{}, fmt.Errorf("cookie pattern is %d bytes long; the limit is %d", len(p), maxCookiePatternLen)
	case p[0] == '/':
		if len(p) < 2 || p[len(p)-1] != '/' {
			return parsedPattern{}, fmt.Errorf("cookie pattern %q starts with '/' but does not end with '/': write a regular expression as /expr/", p)
		}
		expr := p[1 : len(p)-1]
		if expr == "" {
			return parsedPattern{}, fmt.Errorf("cookie pattern %q is an empty regular expression", p)
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return parsedPattern{}, fmt.Errorf("cookie pattern %q: invalid regular expression: %v", p, err)
		}
		lit, suf := anchoredLiterals(expr)
		return parsedPattern{kind: kindRegex, text: expr, re: re, lit: lit, suf: suf}, nil
	}
	kind, text := kindExact, p
	if p[len(p)-1] == '*' {
		kind, text = kindPrefix, p[:len(p)-1]
		if text == "" {
			return parsedPattern{}, fmt.Errorf("cookie pattern \"*\" alone would match every cookie: write a prefix such as \"_ga_*\" (or /^/ if every cookie is really meant)")
		}
	}
	if strings.Contains(text, "*") {
		return parsedPattern{}, fmt.Errorf("cookie pattern %q: '*' may only end a pattern (as in \"_ga_*\"); use a /regexp/ for other wildcards", p)
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c <= ' ' || c == 0x7f || c == ';' || c == '=' || c == ',' || c == '"' {
			return parsedPattern{}, fmt.Errorf("cookie pattern %q: character %q at byte %d cannot appear in a cookie name", p, c, i)
		}
	}
	return parsedPattern{kind: kind, text: text}, nil
}

// anchoredLiterals returns the literal that every name matched by expr
// must start with, when expr is anchored at the start ("^_pk_id\\." gives
// "_pk_id."), and the literal it must end with, when expr is anchored at the
// end ("_mixpanel$" gives "_mixpanel"); "" otherwise. They let Classify
// skip a regular expression with string comparisons.
func anchoredLiterals(expr string) (prefix, suffix string) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return "", ""
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return "", ""
	}
	subs := re.Sub
	if subs[0].Op == syntax.OpBeginText {
		var b strings.Builder
		for _, s := range subs[1:] {
			if !literalRunes(&b, s) {
				break
			}
		}
		prefix = b.String()
	}
	if last := len(subs) - 1; subs[last].Op == syntax.OpEndText {
		// Collect the literals before $ from the end backwards.
		i := last
		for i > 0 && subs[i-1].Op == syntax.OpLiteral && subs[i-1].Flags&syntax.FoldCase == 0 {
			i--
		}
		var b strings.Builder
		for _, s := range subs[i:last] {
			if !literalRunes(&b, s) {
				b.Reset() // keep only the literals after an unusable one
			}
		}
		suffix = b.String()
	}
	return prefix, suffix
}

// literalRunes appends the runes of a case-sensitive literal to b, and
// reports false, having appended nothing more, for anything else or for
// U+FFFD: invalid UTF-8 in a name decodes as U+FFFD for the regexp but would
// not compare equal byte for byte.
func literalRunes(b *strings.Builder, re *syntax.Regexp) bool {
	if re.Op != syntax.OpLiteral || re.Flags&syntax.FoldCase != 0 {
		return false
	}
	for _, r := range re.Rune {
		if r == utf8.RuneError {
			return false
		}
	}
	for _, r := range re.Rune {
		b.WriteRune(r)
	}
	return true
}

// CookieClassifier labels cookie names with a purpose. It holds the
// operator's rules, which always win, and the built-in knowledge base merged
// with an optional Open Cookie Database. It is immutable once built and safe
// for concurrent use.
type CookieClassifier struct {
	operator ruleSet
	base     ruleSet // built-in rules first, then cookie database rules
}

// NewCookieClassifier builds a classifier from the operator's rules, the
// built-in knowledge base and the rules of a cookie database (see
// LoadCookieDB); operator and cookieDB may be nil. Within the operator's
// rules, and between built-in and database rules, a pattern listed twice
// keeps its first listing (a built-in rule before a database rule).
func NewCookieClassifier(operator []CookieRule, cookieDB []CookieRule) (*CookieClassifier, error) {
	c := new(CookieClassifier)
	var ob ruleSetBuilder
	for i, r := range operator {
		if err := ob.add(r, sourceOperator); err != nil {
			return nil, fmt.Errorf("operator cookie rule %d: %v", i+1, err)
		}
	}
	c.operator = ob.build()
	kb, err := builtinKB()
	if err != nil {
		return nil, err
	}
	bb := ruleSetBuilder{
		exact:    make(map[string]int32, len(kb.cookies)+len(cookieDB)),
		prefixes: make(map[string]int32),
	}
	bb.set.decisions = make([]Decision, 0, len(kb.cookies)+len(cookieDB))
	for i, r := range kb.cookies {
		bb.addParsed(kb.cookiePats[i], r, sourceBuiltin)
	}
	for i, r := range cookieDB {
		if err := bb.add(r, sourceCookieDB); err != nil {
			return nil, fmt.Errorf("cookie database rule %d: %v", i+1, err)
		}
	}
	c.base = bb.build()
	return c, nil
}

var noDecision = Decision{Purpose: purpose.Unknown, Source: sourceNone}

// Classify decides the purpose of a cookie by its name. Operator rules win
// over the others; within a table the most specific rule wins: an exact name
// over a prefix, a longer prefix over a shorter one, a prefix over a regular
// expression, and the first regular expression listed over later ones.
// Between a built-in and a database rule of the same specificity, the
// built-in rule wins. A name carrying the __Secure- or __Host- prefix
// (matched without regard to case, as browsers do) is also looked up
// without it, and the more specific of the two lookups wins, the full name
// on a tie. An empty name, or one no rule matches, is Unknown with Source
// "none". Classify does not allocate.
func (c *CookieClassifier) Classify(name string) Decision {
	if name == "" {
		return noDecision
	}
	inner := lookThroughCookiePrefix(name)
	for _, set := range [...]*ruleSet{&c.operator, &c.base} {
		if len(set.decisions) == 0 {
			continue
		}
		m := set.best(name)
		if inner != "" {
			if mi := set.best(inner); mi.better(m) {
				m = mi
			}
		}
		if m.kind != kindNone {
			return set.decisions[m.rule]
		}
	}
	return noDecision
}

// RuleCount returns how many distinct patterns the built-in knowledge base
// and the cookie database hold together.
func (c *CookieClassifier) RuleCount() int { return len(c.base.decisions) }

// VendorCount returns how many distinct vendors the built-in knowledge base
// and the cookie database name together.
func (c *CookieClassifier) VendorCount() int {
	seen := make(map[string]struct{})
	for _, d := range c.base.decisions {
		if d.Vendor != "" {
			seen[d.Vendor] = struct{}{}
		}
	}
	return len(seen)
}

// lookThroughCookiePrefix returns name without a leading __Secure- or
// __Host- (compared case-insensitively), or "" when it has neither or
// nothing follows it.
func lookThroughCookiePrefix(name string) string {
	const secure, host = "__Secure-", "__Host-"
	if len(name) > len(secure) && strings.EqualFold(name[:len(secure)], secure) {
		return name[len(secure):]
	}
	if len(name) > len(host) && strings.EqualFold(name[:len(host)], host) {
		return name[len(host):]
	}
	return ""
}

// ruleSet is one table of rules compiled for lookup: a map for exact names,
// a sorted slice for prefixes, and the regular expressions in order.
type ruleSet struct {
	decisions []Decision       // one per distinct pattern, in listing order
	exact     map[string]int32 // name -> decision index
	// prefixes is sorted; prefixRule[i] is its decision index and
	// prefixParent[i] the index of the longest other prefix that prefixes[i]
	// starts with, or -1.
	prefixes     []string
	prefixRule   []int32
	prefixParent []int32
	regexes      []regexRule
}

type regexRule struct {
	re   *regexp.Regexp
	lit  string // a name must start with lit to match
	suf  string // and end with suf
	rule int32
}

// ruleMatch is the best match of one lookup: its kind and, to rank matches
// of one kind, the prefix length or minus the regexp's listing order.
type ruleMatch struct {
	kind patternKind
	rank int
	rule int32
}

// better reports whether m is strictly more specific than o.
func (m ruleMatch) better(o ruleMatch) bool {
	if m.kind != o.kind {
		return m.kind > o.kind
	}
	return m.rank > o.rank
}

// best returns the most specific rule of s that matches name.
func (s *ruleSet) best(name string) ruleMatch {
	if i, ok := s.exact[name]; ok {
		return ruleMatch{kind: kindExact, rule: i}
	}
	if i := s.longestPrefix(name); i >= 0 {
		return ruleMatch{kind: kindPrefix, rank: len(s.prefixes[i]), rule: s.prefixRule[i]}
	}
	for k := range s.regexes {
		r := &s.regexes[k]
		if strings.HasPrefix(name, r.lit) && strings.HasSuffix(name, r.suf) && r.re.MatchString(name) {
			return ruleMatch{kind: kindRegex, rank: -k, rule: r.rule}
		}
	}
	return ruleMatch{}
}

// longestPrefix returns the index in s.prefixes of the longest prefix of
// name, or -1. The greatest prefix that sorts at or before name is either a
// prefix of name or has the longest prefix of name among its ancestors, so
// one binary search and a short walk up the parent chain find it.
func (s *ruleSet) longestPrefix(name string) int {
	lo, hi := 0, len(s.prefixes) // find the first prefix > name
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s.prefixes[mid] <= name {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for i := lo - 1; i >= 0; i = int(s.prefixParent[i]) {
		if strings.HasPrefix(name, s.prefixes[i]) {
			return i
		}
	}
	return -1
}

// ruleSetBuilder collects rules in listing order, keeping the first listing
// of each pattern.
type ruleSetBuilder struct {
	set      ruleSet
	exact    map[string]int32
	prefixes map[string]int32
	regexes  map[string]bool
}

func (b *ruleSetBuilder) add(r CookieRule, source string) error {
	pp, err := parseCookiePattern(r.Pattern)
	if err != nil {
		return err
	}
	if r.Purpose > purpose.Social {
		return fmt.Errorf("cookie pattern %q: invalid purpose %d", r.Pattern, r.Purpose)
	}
	b.addParsed(pp, r, source)
	return nil
}

func (b *ruleSetBuilder) addParsed(pp parsedPattern, r CookieRule, source string) {
	idx := int32(len(b.set.decisions))
	switch pp.kind {
	case kindExact:
		if b.exact == nil {
			b.exact = make(map[string]int32)
		}
		if _, dup := b.exact[pp.text]; dup {
			return
		}
		b.exact[pp.text] = idx
	case kindPrefix:
		if b.prefixes == nil {
			b.prefixes = make(map[string]int32)
		}
		if _, dup := b.prefixes[pp.text]; dup {
			return
		}
		b.prefixes[pp.text] = idx
	case kindRegex:
		if b.regexes == nil {
			b.regexes = make(map[string]bool)
		}
		if b.regexes[pp.text] {
			return
		}
		b.regexes[pp.text] = true
		b.set.regexes = append(b.set.regexes, regexRule{re: pp.re, lit: pp.lit, suf: pp.suf, rule: idx})
	}
	b.set.decisions = append(b.set.decisions, Decision{
		Purpose: r.Purpose,
		Vendor:  r.Vendor,
		Rule:    r.Pattern,
		Source:  source,
	})
}

func (b *ruleSetBuilder) build() ruleSet {
	s := b.set
	s.exact = b.exact
	s.prefixes = make([]string, 0, len(b.prefixes))
	for p := range b.prefixes {
		s.prefixes = append(s.prefixes, p)
	}
	sort.Strings(s.prefixes)
	s.prefixRule = make([]int32, len(s.prefixes))
	s.prefixParent = make([]int32, len(s.prefixes))
	var stack []int32 // the chain of prefixes the current one starts with
	for i, p := range s.prefixes {
		s.prefixRule[i] = b.prefixes[p]
		for len(stack) > 0 && !strings.HasPrefix(p, s.prefixes[stack[len(stack)-1]]) {
			stack = stack[:len(stack)-1]
		}
		s.prefixParent[i] = -1
		if len(stack) > 0 {
			s.prefixParent[i] = stack[len(stack)-1]
		}
		stack = append(stack, int32(i))
	}
	return s
}
