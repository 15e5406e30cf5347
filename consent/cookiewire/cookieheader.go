package cookiewire

import (
	"slices"
	"strings"
)

// CookiePair is one name=value pair of a Cookie request header, with the
// exact bytes it came from.
type CookiePair struct {
	// Name is the name as the server sees it: the text before the first
	// '=', whitespace-trimmed, or "" for a pair without '=' (a nameless
	// cookie, which browsers send as its bare value). Note that some server
	// stacks (Go's net/http, PHP) read such a pair as a name with an empty
	// value instead; Raw carries the bare value for callers that care.
	Name string
	// Raw is the pair as it was, trimmed of surrounding whitespace.
	Raw string
}

// SplitCookieHeader splits a Cookie request header value on ';' into its
// pairs, dropping empty pieces. It has no limit on the number of pairs
// (unlike http.Request.Cookies) and makes a single allocation.
func SplitCookieHeader(line string) []CookiePair {
	// Count first, so that a header of mostly empty pieces (";;;;") does
	// not make a large allocation.
	n := 0
	for rest, more := line, true; more; {
		var piece string
		piece, rest, more = strings.Cut(rest, ";")
		if trimWSP(piece) != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	pairs := make([]CookiePair, 0, n)
	for rest, more := line, true; more; {
		var piece string
		piece, rest, more = strings.Cut(rest, ";")
		if raw := trimWSP(piece); raw != "" {
			pairs = append(pairs, CookiePair{Name: cookiePairName(raw), Raw: raw})
		}
	}
	return pairs
}

// FilterCookieHeader keeps the pairs of a Cookie header value whose name keep
// accepts (keep sees "" for nameless cookies) and rebuilds the header from
// their Raw bytes joined with "; ". It returns "" when no pair is kept, and
// line itself, unchanged, when none is removed. removed lists the names of
// the dropped pairs, each once, in the order first seen. keep is called once
// per pair.
func FilterCookieHeader(line string, keep func(name string) bool) (kept string, removed []string) {
	return FilterCookiePairs(line, func(name, _ string) bool { return keep(name) })
}

// FilterCookiePairs is FilterCookieHeader for a keep function that also
// reads each pair's value: the text after the first '=', trimmed, quotes
// kept ("" for a nameless cookie, whose bare value its name stands for).
func FilterCookiePairs(line string, keep func(name, value string) bool) (kept string, removed []string) {
	var (
		b       strings.Builder
		writing bool // a pair was removed: kept pairs go to b
		seen    map[string]struct{}
	)
	for rest, more := line, true; more; {
		start := len(line) - len(rest)
		var piece string
		piece, rest, more = strings.Cut(rest, ";")
		raw := trimWSP(piece)
		if raw == "" {
			continue
		}
		name, value := cookiePair(raw)
		if keep(name, value) {
			if writing {
				if b.Len() > 0 {
					b.WriteString("; ")
				}
				b.WriteString(raw)
			}
			continue
		}
		if !writing {
			// Everything before this pair was kept: write it out now.
			writing = true
			b.Grow(len(line))
			removed = make([]string, 0, 8)
			for pre, more := line[:start], true; more; {
				var p string
				p, pre, more = strings.Cut(pre, ";")
				if p = trimWSP(p); p != "" {
					if b.Len() > 0 {
						b.WriteString("; ")
					}
					b.WriteString(p)
				}
			}
		}
		removed, seen = appendName(removed, seen, name)
	}
	if !writing {
		return line, nil
	}
	return b.String(), removed
}

// appendName appends name to names unless it is there already. Short lists
// are searched; past 32 names a set takes over.
func appendName(names []string, seen map[string]struct{}, name string) ([]string, map[string]struct{}) {
	if seen != nil {
		if _, ok := seen[name]; ok {
			return names, seen
		}
		seen[name] = struct{}{}
		return append(names, name), seen
	}
	if slices.Contains(names, name) {
		return names, nil
	}
	names = append(names, name)
	if len(names) == 32 {
		seen = make(map[string]struct{}, 64)
		for _, n := range names {
			seen[n] = struct{}{}
		}
	}
	return names, seen
}

// cookiePairName returns the name of a trimmed Cookie header pair: the text
// before the first '=', trimmed, or "" without '='.
func cookiePairName(raw string) string {
	name, _ := cookiePair(raw)
	return name
}

// cookiePair splits a trimmed Cookie header pair at its first '=' into its
// name and value, both trimmed; a pair without '=' is a nameless cookie,
// "" and "".
func cookiePair(raw string) (name, value string) {
	name, value, ok := strings.Cut(raw, "=")
	if !ok {
		return "", ""
	}
	return trimWSP(name), trimWSP(value)
}
