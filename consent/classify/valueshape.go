package classify

import (
	"fmt"
	"regexp"
	"strings"
)

// valueShape is a value row of the knowledge base (kb/values.tsv): a
// regular expression over a cookie's value that names its vendor.
type valueShape struct {
	re  *regexp.Regexp
	lit string // every matching value starts with lit
	valuePrefilter
	d Decision
}

// maxShapedValue bounds the part of a value the shapes look at: every
// vendor shape is recognised by its start, and a cookie's name and value
// together are at most 4096 bytes in browsers.
const maxShapedValue = 4096

// parseValuePattern reads the pattern of a value row: a regular expression
// between slashes, anchored at the start of the value with ^.
func parseValuePattern(p string) (parsedPattern, error) {
	pp, err := parseCookiePattern(p)
	if err != nil {
		return pp, err
	}
	if pp.kind != kindRegex || !strings.HasPrefix(pp.text, "^") {
		return parsedPattern{}, fmt.Errorf("value pattern %q: write a regular expression anchored at the start, as /^GA1\\.\\d\\./", p)
	}
	return pp, nil
}

// newValueShape compiles a value row. Its decision's rule names the shape
// by the literal every value starts with ("GA1."), or by the pattern when
// there is none, and the vendor.
func newValueShape(r CookieRule, pp parsedPattern) valueShape {
	label := pp.lit
	if label == "" {
		label = r.Pattern
	}
	return valueShape{re: pp.re, lit: pp.lit, valuePrefilter: newValuePrefilter(pp.text), d: Decision{
		Purpose: r.Purpose,
		Vendor:  r.Vendor,
		Rule:    "heuristic: value shape " + label + " (" + r.Vendor + ")",
		Source:  sourceHeuristic,
	}}
}

// matchValueShape returns the first shape value matches.
func matchValueShape(shapes []valueShape, value string) (Decision, bool) {
	value = shapedPart(value)
	if value == "" {
		return Decision{}, false
	}
	for i := range shapes {
		s := &shapes[i]
		if s.match(value) {
			return s.d, true
		}
	}
	return Decision{}, false
}

// shapedPart returns the part of a cookie value the shapes look at: the
// value without its quotes, at most maxShapedValue bytes.
func shapedPart(value string) string {
	value = unquoteValue(value)
	if len(value) > maxShapedValue {
		value = value[:maxShapedValue]
	}
	return value
}

// match reports whether value, unquoted and bounded, has the shape s. The
// checks before the regular expression are the ones it implies: a value
// that fails one cannot match, and most unknown values fail the first.
func (s *valueShape) match(value string) bool {
	return len(value) >= s.minLen && (value == "" || s.first.has(value[0])) &&
		strings.HasPrefix(value, s.lit) &&
		len(value) >= s.at+len(s.atLit) && strings.HasPrefix(value[s.at:], s.atLit) &&
		strings.Contains(value, s.inner) &&
		s.re.MatchString(value)
}

// unquoteValue removes one pair of surrounding double quotes, as RFC 6265
// allows around a cookie value, written plainly or percent-encoded.
func unquoteValue(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	if len(v) >= 6 && strings.HasPrefix(v, "%22") && strings.HasSuffix(v, "%22") {
		return v[3 : len(v)-3]
	}
	return v
}
