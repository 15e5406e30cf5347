package classify

import (
	"cmp"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// HostRule is one URL rule of the knowledge base or of the operator.
//
// Pattern syntax, in this order:
//
//   - a host: "host" matches exactly that host; "*.host" matches host itself
//     and any subdomain of it. Hosts are compared without regard to case,
//     without port and without a trailing dot. Internationalized names are
//     written in punycode ("xn--…"). The host may be left out, so the
//     pattern starts with "/": the rule then matches the path on any host
//     (self-hosted analytics such as "/matomo.js").
//   - optionally a path: "host/path/prefix" matches the URL path by whole
//     segments: "/tr" matches "/tr" and "/tr/x" but not "/track"; a pattern
//     ending in "/" ("/plugins/") needs something after it. A segment "*"
//     matches any one segment ("connect.facebook.net/*/fbevents.js"), and a
//     single "*" inside a segment matches any run of characters there
//     ("/js/plausible*.js"); end the last segment with "*" for a plain
//     prefix ("/tracker*" matches "/tracker-v2.js"). Paths are compared
//     case-sensitively, the pattern's and the URL's both percent-decoded.
//   - optionally one query condition "?name=prefix": the URL must carry
//     the parameter name with a value that starts with prefix (compared
//     without regard to case, after percent-decoding), e.g.
//     "www.googletagmanager.com/gtag/js?id=AW-". "?name=" only requires the
//     parameter.
type HostRule struct {
	Pattern string
	Purpose purpose.Purpose
	Vendor  string
	// Rule is the decision's Rule when this rule matches; "" means the
	// pattern. An operator option that stands for host rules names itself
	// there ("first_party static.example-cdn.net"), so an audit can tell
	// where a verdict came from.
	Rule string
}

// maxHostPatternLen bounds a pattern: a host name is at most 253 bytes, and
// a URL pattern has no reason to be longer than a long URL.
const maxHostPatternLen = 2048

// hostPattern is a validated, compiled HostRule pattern.
type hostPattern struct {
	host     string // lowercase, no "*." and no trailing dot; "" for any host
	wildcard bool   // "*.host": host and its subdomains
	segs     []pathSegment
	dirSlash bool   // the path ends with "/": something must follow
	pathLen  int    // length of the path as written, for specificity
	qName    string // query parameter name, "" when there is no condition
	qValue   string // lowercase value prefix
	hasQuery bool
}

// pathSegment is one segment of a path pattern: a literal, or a glob with a
// single "*" between prefix and suffix ("*" alone matches any segment).
type pathSegment struct {
	prefix, suffix string
	glob           bool
}

func (s pathSegment) match(seg string) bool {
	if !s.glob {
		return seg == s.prefix
	}
	if s.prefix == "" && s.suffix == "" {
		return seg != ""
	}
	return len(seg) >= len(s.prefix)+len(s.suffix) &&
		strings.HasPrefix(seg, s.prefix) && strings.HasSuffix(seg, s.suffix)
}

// ParseHostPattern reports whether pattern is a valid URL pattern (see
// HostRule). The error says what is wrong and how to write it instead.
func ParseHostPattern(pattern string) error {
	_, err := parseHostPattern(pattern)
	return err
}

func parseHostPattern(p string) (hostPattern, error) {
	var hp hostPattern
	switch {
	case p == "":
		return hp, fmt.Errorf("empty URL pattern: write a host (\"cdn.example.com\"), a host and its subdomains (\"*.example.com\"), optionally followed by a path prefix")
	case len(p) > maxHostPatternLen:
		return hp, fmt.Errorf("URL pattern is %d bytes long; the limit is %d", len(p), maxHostPatternLen)
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c <= ' ' || c == 0x7f:
			return hp, fmt.Errorf("URL pattern %q: whitespace or control character at byte %d; write URLs percent-encoded", p, i)
		case c >= 0x80:
			return hp, fmt.Errorf("URL pattern %q: non-ASCII character at byte %d; write internationalized host names in punycode (xn--…) and paths percent-encoded", p, i)
		case c == '#':
			return hp, fmt.Errorf("URL pattern %q: a fragment (#…) is never sent to a server; remove it", p)
		case c == '\\':
			return hp, fmt.Errorf("URL pattern %q: backslash at byte %d; use '/' to separate path segments", p, i)
		}
	}
	if i := strings.Index(p, "://"); i >= 0 {
		return hp, fmt.Errorf("URL pattern %q includes a scheme; write it without %q (rules match http and https alike)", p, p[:i+3])
	}
	if strings.HasPrefix(p, "//") {
		return hp, fmt.Errorf("URL pattern %q starts with \"//\"; write the host without it", p)
	}

	rest := p
	query := ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query = rest[:i], rest[i+1:]
		if err := hp.parseQuery(p, query); err != nil {
			return hp, err
		}
	}
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if host == "" && path == "" {
		return hp, fmt.Errorf("URL pattern %q has neither host nor path", p)
	}
	if host != "" {
		if err := hp.parseHost(p, host); err != nil {
			return hp, err
		}
	}
	if path != "" {
		if err := hp.parsePath(p, path); err != nil {
			return hp, err
		}
	}
	return hp, nil
}

func (hp *hostPattern) parseHost(p, host string) error {
	if host == "*" || host == "*." {
		return fmt.Errorf("URL pattern %q: a host of \"*\" would match every site; write a path-only pattern starting with '/' instead, or choose how unknown hosts are treated", p)
	}
	if strings.HasPrefix(host, "*.") {
		hp.wildcard = true
		host = host[2:]
	}
	if strings.Contains(host, "*") {
		return fmt.Errorf("URL pattern %q: '*' may only begin a host, as \"*.example.com\" (which matches example.com and its subdomains)", p)
	}
	if strings.HasPrefix(host, "[") || strings.Count(host, ":") > 1 {
		return fmt.Errorf("URL pattern %q: IPv6 address hosts are not supported", p)
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		return fmt.Errorf("URL pattern %q: remove the port %q; rules match every port", p, host[i:])
	}
	if strings.IndexByte(host, '@') >= 0 {
		return fmt.Errorf("URL pattern %q: remove the user information before '@'", p)
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return fmt.Errorf("URL pattern %q: the host is empty", p)
	}
	if len(host) > 253 {
		return fmt.Errorf("URL pattern %q: the host is longer than 253 bytes", p)
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" {
			return fmt.Errorf("URL pattern %q: the host has an empty label (\"..\" or a leading dot)", p)
		}
		if len(label) > 63 {
			return fmt.Errorf("URL pattern %q: the host label %q is longer than 63 bytes", p, label)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return fmt.Errorf("URL pattern %q: character %q cannot appear in a host name", p, c)
			}
		}
	}
	hp.host = strings.ToLower(host)
	return nil
}

func (hp *hostPattern) parsePath(p, path string) error {
	hp.pathLen = len(path)
	body := path[1:]
	if body == "" {
		return nil // "host/" is the same as "host"
	}
	if strings.HasSuffix(body, "/") {
		hp.dirSlash = true
		body = body[:len(body)-1]
	}
	for _, seg := range strings.Split(body, "/") {
		if seg == "" {
			return fmt.Errorf("URL pattern %q: the path has an empty segment (\"//\")", p)
		}
		// URLs are matched by their decoded path, so decode the pattern too.
		dec, err := url.PathUnescape(seg)
		if err != nil {
			return fmt.Errorf("URL pattern %q: invalid percent-encoding in path segment %q", p, seg)
		}
		if strings.Contains(dec, "/") {
			return fmt.Errorf("URL pattern %q: path segment %q encodes a '/'; it could never match", p, seg)
		}
		seg = dec
		if seg == "." || seg == ".." {
			return fmt.Errorf("URL pattern %q: the path has a %q segment; write the path as browsers request it", p, seg)
		}
		n := strings.Count(seg, "*")
		switch {
		case n == 0:
			hp.segs = append(hp.segs, pathSegment{prefix: seg})
		case n == 1:
			i := strings.IndexByte(seg, '*')
			hp.segs = append(hp.segs, pathSegment{prefix: seg[:i], suffix: seg[i+1:], glob: true})
		default:
			return fmt.Errorf("URL pattern %q: path segment %q has more than one '*'; '*' matches one segment, or any run of characters within one", p, seg)
		}
	}
	return nil
}

func (hp *hostPattern) parseQuery(p, q string) error {
	if q == "" {
		return fmt.Errorf("URL pattern %q ends with '?'; write a condition such as \"?id=G-\" or remove the '?'", p)
	}
	if strings.ContainsAny(q, "&;?") {
		return fmt.Errorf("URL pattern %q: only one query condition \"?name=prefix\" is allowed", p)
	}
	name, value, ok := strings.Cut(q, "=")
	if !ok {
		return fmt.Errorf("URL pattern %q: write the query condition as \"?%s=\" (parameter present) or \"?%s=prefix\"", p, q, q)
	}
	if name == "" {
		return fmt.Errorf("URL pattern %q: the query condition has no parameter name", p)
	}
	if strings.ContainsAny(q, "*%+") {
		return fmt.Errorf("URL pattern %q: the query condition is a literal prefix; '*', '%%' and '+' are not allowed in it", p)
	}
	hp.qName, hp.qValue, hp.hasQuery = name, strings.ToLower(value), true
	return nil
}

// matchPath reports whether path (as in url.URL.Path) matches the pattern's
// path by whole segments.
func (hp *hostPattern) matchPath(path string) bool {
	if len(hp.segs) == 0 {
		return true
	}
	if len(path) == 0 || path[0] != '/' {
		return false
	}
	rest := path[1:]
	more := false
	for i := range hp.segs {
		if i > 0 && !more {
			return false
		}
		seg := rest
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			seg, rest, more = rest[:j], rest[j+1:], true
		} else {
			rest, more = "", false
		}
		if !hp.segs[i].match(seg) {
			return false
		}
	}
	return !hp.dirSlash || more
}

// matchQuery reports whether rawQuery carries the pattern's parameter with a
// value starting with the pattern's prefix. It does not allocate.
func (hp *hostPattern) matchQuery(rawQuery string) bool {
	if !hp.hasQuery {
		return true
	}
	for rawQuery != "" {
		var param string
		if i := strings.IndexByte(rawQuery, '&'); i >= 0 {
			param, rawQuery = rawQuery[:i], rawQuery[i+1:]
		} else {
			param, rawQuery = rawQuery, ""
		}
		name, value, _ := strings.Cut(param, "=")
		if name == hp.qName && hasDecodedPrefixFold(value, hp.qValue) {
			return true
		}
	}
	return false
}

// hasDecodedPrefixFold reports whether the query value raw, once
// percent-decoded ('+' as space), starts with the lowercase ASCII prefix,
// without regard to case. A malformed escape compares as itself.
func hasDecodedPrefixFold(raw, prefix string) bool {
	i := 0
	for k := 0; k < len(prefix); k++ {
		if i >= len(raw) {
			return false
		}
		c := raw[i]
		switch {
		case c == '%' && i+2 < len(raw) && ascii.IsHex(raw[i+1]) && ascii.IsHex(raw[i+2]):
			c = ascii.HexValue(raw[i+1])<<4 | ascii.HexValue(raw[i+2])
			i += 3
		case c == '+':
			c = ' '
			i++
		default:
			i++
		}
		if ascii.Lower(c) != prefix[k] {
			return false
		}
	}
	return true
}

// urlRule is a compiled rule with the decision it gives.
type urlRule struct {
	hostPattern
	decision Decision
	order    int // listing order, the last tie-breaker
}

// moreSpecific orders the candidates of one host: longer path first, then
// a query condition before none, then an exact host before a wildcard, then
// listing order.
func (r *urlRule) moreSpecific(o *urlRule) bool {
	if r.pathLen != o.pathLen {
		return r.pathLen > o.pathLen
	}
	if r.hasQuery != o.hasQuery {
		return r.hasQuery
	}
	if r.wildcard != o.wildcard {
		return !r.wildcard
	}
	return r.order < o.order
}

// urlRuleSet is one tier of rules (operator or built-in), indexed by host,
// and the path-only rules by their first path segment, so that a URL no
// rule knows (most of a page's) costs a few map lookups.
type urlRuleSet struct {
	byHost  map[string][]*urlRule // host (without "*.") -> rules, most specific first
	bySeg   map[string][]*urlRule // path-only rules by literal first segment, most specific first
	anySeg  []*urlRule            // path-only rules whose first segment is a glob, most specific first
	count   int
	vendors int
}

func buildURLRuleSet(rules []HostRule, source string) (urlRuleSet, error) {
	s := urlRuleSet{byHost: make(map[string][]*urlRule), bySeg: make(map[string][]*urlRule)}
	seen := make(map[string]bool, len(rules))
	vendors := make(map[string]bool)
	for i, r := range rules {
		hp, err := parseHostPattern(r.Pattern)
		if err != nil {
			return s, fmt.Errorf("%s URL rule %d: %v", source, i+1, err)
		}
		if r.Purpose > purpose.Social {
			return s, fmt.Errorf("%s URL rule %d: URL pattern %q: invalid purpose %d", source, i+1, r.Pattern, r.Purpose)
		}
		if seen[r.Pattern] {
			continue // the first listing wins, as for cookie rules
		}
		seen[r.Pattern] = true
		ur := &urlRule{
			hostPattern: hp,
			decision:    Decision{Purpose: r.Purpose, Vendor: r.Vendor, Rule: cmp.Or(r.Rule, r.Pattern), Source: source},
			order:       i,
		}
		switch {
		case hp.host != "":
			s.byHost[hp.host] = append(s.byHost[hp.host], ur)
		case len(hp.segs) > 0 && !hp.segs[0].glob:
			s.bySeg[hp.segs[0].prefix] = append(s.bySeg[hp.segs[0].prefix], ur)
		default:
			s.anySeg = append(s.anySeg, ur)
		}
		if r.Vendor != "" {
			vendors[r.Vendor] = true
		}
		s.count++
	}
	sortRules := func(l []*urlRule) {
		sort.SliceStable(l, func(i, j int) bool { return l[i].moreSpecific(l[j]) })
	}
	for _, l := range s.byHost {
		sortRules(l)
	}
	for _, l := range s.bySeg {
		sortRules(l)
	}
	sortRules(s.anySeg)
	s.vendors = len(vendors)
	return s, nil
}

// maxHostLen is the longest host name ClassifyURL looks up.
const maxHostLen = 253

// lookup returns the most specific rule of s for the normalized host, or
// nil. host may be empty (a relative URL): only path-only rules apply then.
func (s *urlRuleSet) lookup(host []byte, path, rawQuery string) *urlRule {
	exact := true
	for len(host) > 0 {
		// The map index with a converted []byte does not allocate.
		for _, r := range s.byHost[string(host)] {
			if (exact || r.wildcard) && r.matchPath(path) && r.matchQuery(rawQuery) {
				return r
			}
		}
		exact = false
		i := 0
		for i < len(host) && host[i] != '.' {
			i++
		}
		if i >= len(host) {
			break
		}
		host = host[i+1:]
	}
	// Path-only rules: those whose first segment is the URL's, and those
	// whose first segment is a glob; the more specific match wins.
	first := path
	if len(first) > 0 && first[0] == '/' {
		first = first[1:]
	}
	if i := strings.IndexByte(first, '/'); i >= 0 {
		first = first[:i]
	}
	var best *urlRule
	for _, l := range [...][]*urlRule{s.bySeg[first], s.anySeg} {
		for _, r := range l {
			if r.matchPath(path) && r.matchQuery(rawQuery) {
				if best == nil || r.moreSpecific(best) {
					best = r
				}
				break
			}
		}
	}
	return best
}

// URLClassifier labels URLs and inline scripts with a purpose: the
// operator's URL rules and script tokens, which always win, then the
// built-in knowledge base (BuiltinHostRules and the built-in inline-script
// signatures). It is immutable once built and safe for concurrent use.
type URLClassifier struct {
	operator     urlRuleSet
	builtin      *urlRuleSet // shared by every classifier
	operatorSigs *sigMatcher // nil when the operator has no script tokens
	builtinSigs  *sigMatcher // shared by every classifier
}

// NewURLClassifier builds a classifier from the operator's URL rules (nil
// for none) and the built-in knowledge base. A pattern the operator lists
// twice keeps its first listing. The error names the first invalid rule.
// NewClassifiers also takes the operator's script tokens.
func NewURLClassifier(operator []HostRule) (*URLClassifier, error) {
	return newURLClassifier(operator, nil)
}

// ClassifyURL decides the purpose of an absolute http(s) URL (a
// scheme-relative URL must already be resolved against the page). The host
// is compared without regard to case, without port and trailing dot.
// Operator rules win over built-in ones; within each, the rule matching the
// longest part of the host wins (an exact host before "*." on the same
// host, and any host rule before a path-only one), then the one with the
// longest path, then one with a query condition. A URL of another scheme (data:, javascript:,
// blob:, …), a nil URL, or one no rule matches is Unknown with Source
// "none". A URL without host (relative) is matched against path-only rules
// only. ClassifyURL does not allocate for URLs of ordinary length.
func (c *URLClassifier) ClassifyURL(u *url.URL) Decision {
	if u == nil {
		return noDecision
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss", "":
	default:
		if !isWebSchemeFold(u.Scheme) {
			return noDecision
		}
	}
	var buf [maxHostLen]byte
	host := normalizeURLHost(buf[:0], u.Host)
	path := u.Path
	if path == "" {
		path = "/"
	}
	for _, set := range [...]*urlRuleSet{&c.operator, c.builtin} {
		if r := set.lookup(host, path, u.RawQuery); r != nil {
			return r.decision
		}
	}
	return noDecision
}

// isWebSchemeFold is the slow path of the scheme check, for a URL built by
// hand with an uppercase scheme (url.Parse lowercases it).
func isWebSchemeFold(s string) bool {
	for _, w := range [...]string{"http", "https", "ws", "wss"} {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// normalizeURLHost appends to dst the host of hostport lowercased, without
// port, brackets and trailing dots. It returns an empty slice when the host
// does not fit (no host rule could match a longer one).
func normalizeURLHost(dst []byte, hostport string) []byte {
	h := hostport
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i >= 0 {
			h = h[1:i]
		} else {
			h = h[1:]
		}
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	for len(h) > 0 && h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	if len(h) > cap(dst)-len(dst) {
		return dst[:0]
	}
	return ascii.AppendLower(dst, h)
}

// RuleCount returns how many distinct URL patterns the built-in knowledge
// base holds.
func (c *URLClassifier) RuleCount() int { return c.builtin.count }

// VendorCount returns how many distinct vendors the built-in URL knowledge
// base names.
func (c *URLClassifier) VendorCount() int { return c.builtin.vendors }
