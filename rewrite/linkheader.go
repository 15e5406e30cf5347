package rewrite

import (
	"net/url"
	"strings"
)

// hintRels are the Link relations that make a browser contact a host before
// any tag asks for it (RFC 8288 Link headers, also in 103 Early Hints).
var hintRels = []string{"preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload", "prerender"}

// LinkHint is one resource hint of a Link header field.
type LinkHint struct {
	// URL is the target, resolved against the page URL.
	URL *url.URL
	// Rel is the first hint relation of the link (e.g. "preconnect").
	Rel string
}

// FilterLinkHeader removes from one Link header field value the links whose
// relation is a resource hint and for which drop returns true. Links that
// are not hints, and values it cannot parse, are kept byte for byte: a
// browser that cannot parse them will not act on them either. It returns
// the new value ("" when every link was dropped) and how many were dropped.
func FilterLinkHeader(value string, base *url.URL, drop func(LinkHint) bool) (string, int) {
	type span struct{ start, end int }
	var keep []span
	dropped := 0
	i := 0
	for i < len(value) {
		start := i
		end, target, rel, ok := scanLink(value, i)
		if !ok {
			return value, 0
		}
		i = end
		if i < len(value) && value[i] == ',' {
			i++
		}
		if rel != "" {
			if u, err := resolveRef(base, target); err == nil && drop(LinkHint{URL: u, Rel: rel}) {
				dropped++
				continue
			}
		}
		keep = append(keep, span{start, end})
	}
	if dropped == 0 {
		return value, 0
	}
	var b strings.Builder
	for _, s := range keep {
		part := strings.TrimSpace(value[s.start:s.end])
		if part == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(part)
	}
	return b.String(), dropped
}

// scanLink reads one link-value starting at i: `<target>` and its
// parameters, up to the next top-level comma. It returns where the link
// ends (at the comma or the end), the target, the first hint relation
// ("" when none) and whether the syntax was understood.
func scanLink(v string, i int) (end int, target, rel string, ok bool) {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
		i++
	}
	if i == len(v) {
		return i, "", "", true // trailing empty element
	}
	if v[i] != '<' {
		return 0, "", "", false
	}
	closeAt := strings.IndexByte(v[i:], '>')
	if closeAt < 0 {
		return 0, "", "", false
	}
	target = strings.TrimSpace(v[i+1 : i+closeAt])
	i += closeAt + 1
	for {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		if i == len(v) || v[i] == ',' {
			return i, target, rel, true
		}
		if v[i] != ';' {
			return 0, "", "", false
		}
		i++
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		nameStart := i
		for i < len(v) && v[i] != '=' && v[i] != ';' && v[i] != ',' && v[i] != ' ' && v[i] != '\t' {
			i++
		}
		name := strings.ToLower(v[nameStart:i])
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		var val string
		if i < len(v) && v[i] == '=' {
			i++
			for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
				i++
			}
			if i < len(v) && v[i] == '"' {
				var b strings.Builder
				i++
				for i < len(v) && v[i] != '"' {
					if v[i] == '\\' && i+1 < len(v) {
						i++
					}
					b.WriteByte(v[i])
					i++
				}
				if i == len(v) {
					return 0, "", "", false
				}
				i++ // closing quote
				val = b.String()
			} else {
				valStart := i
				for i < len(v) && v[i] != ';' && v[i] != ',' {
					i++
				}
				val = strings.TrimSpace(v[valStart:i])
			}
		}
		if name == "rel" && rel == "" {
			rel = firstHintRel(val)
		}
	}
}

func firstHintRel(val string) string {
	for _, r := range strings.Fields(strings.ToLower(val)) {
		for _, h := range hintRels {
			if r == h {
				return h
			}
		}
	}
	return ""
}

// resolveRef resolves a link target against base (nil base: absolute only).
func resolveRef(base *url.URL, ref string) (*url.URL, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return nil, err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u, nil
}
