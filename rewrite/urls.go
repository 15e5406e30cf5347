package rewrite

import (
	"net"
	"net/url"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"golang.org/x/net/publicsuffix"
)

// resolve parses an attribute value as a browser parses a URL, enough to
// find its host: leading and trailing C0 controls and spaces are trimmed,
// tabs and newlines removed, '\' read as '/' in hierarchical URLs; the
// result is resolved against the document base URL and its host
// lower-cased without a trailing dot. It returns nil for an empty or
// unparsable value.
func (w *Writer) resolve(raw string) *url.URL {
	if u := w.quickResolve(raw); u != nil {
		return u
	}
	s := cleanURL(raw)
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		if u = salvageURL(s); u == nil {
			return nil
		}
	}
	return w.finishURL(u)
}

// finishURL resolves a parsed URL against the document base URL and
// lower-cases its host without a trailing dot.
func (w *Writer) finishURL(u *url.URL) *url.URL {
	if w.baseURL != nil {
		u = w.baseURL.ResolveReference(u)
	}
	if u.Host != "" {
		h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
		if strings.IndexByte(h, ':') >= 0 {
			h = "[" + h + "]"
		}
		if p := u.Port(); p != "" {
			h += ":" + p
		}
		u.Host = h
	}
	return u
}

// plainURL marks the bytes a URL can hold without needing the full parser:
// no escapes, spaces, controls, backslashes, '#', nor the bytes net/url
// escapes in paths ('.' segments are checked separately). '@' is plain in
// a path or query (Google Fonts' "wght@400"); in the authority it fails
// quickResolve's host check, and the full parser takes over.
var plainURL [256]bool

func init() {
	for c := 'a'; c <= 'z'; c++ {
		plainURL[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		plainURL[c] = true
	}
	for _, c := range "-_~$&+,;=:/?.@" { // not !'()*: net/url would keep a RawPath
		plainURL[c] = true
	}
}

// quickResolve builds the URL of the common cases without net/url's parser:
// "https://host/path?query" and "//host/path" with lower-case hosts, and
// "/path?query" or "path?query" against an http(s) base, made only of plain
// bytes and no "." or ".." segments. It returns nil for anything else.
func (w *Writer) quickResolve(s string) *url.URL {
	if s == "" {
		return nil
	}
	dots := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !plainURL[c] {
			if 'A' <= c && c <= 'Z' {
				continue // fine in paths and queries; hosts are checked below
			}
			return nil
		}
		if c == '.' && (i == 0 || s[i-1] == '/') {
			dots = true
		}
	}
	var scheme, host, rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		scheme, rest = "https", s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		scheme, rest = "http", s[len("http://"):]
	case strings.HasPrefix(s, "//"):
		if w.baseURL == nil {
			return nil
		}
		scheme, rest = w.baseURL.Scheme, s[2:]
	default:
		b := w.baseURL
		if dots || b == nil || b.Scheme != "https" && b.Scheme != "http" || b.RawPath != "" || b.Opaque != "" || b.User != nil {
			return nil
		}
		if i := strings.IndexByte(s, ':'); i >= 0 && !strings.ContainsAny(s[:i], "/?") {
			return nil // a scheme of its own
		}
		path, query, hasQuery := strings.Cut(s, "?")
		if path == "" {
			path = b.Path
			if !hasQuery {
				query, hasQuery = b.RawQuery, b.ForceQuery || b.RawQuery != ""
			}
		} else if path[0] != '/' {
			dir := b.Path[:strings.LastIndexByte(b.Path, '/')+1]
			if dir == "" {
				dir = "/"
			}
			path = dir + path
		}
		return w.tmpURL(b.Scheme, b.Host, path, query, hasQuery)
	}
	host, path := rest, ""
	if k := strings.IndexAny(rest, "/?"); k >= 0 {
		host, path = rest[:k], rest[k:]
	}
	if host == "" || strings.IndexByte(host, ':') >= 0 || host[len(host)-1] == '.' {
		return nil // ports, IPv6 and trailing dots take the full path
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return nil
		}
	}
	if dots {
		return nil
	}
	path, query, hasQuery := strings.Cut(path, "?")
	return w.tmpURL(scheme, host, path, query, hasQuery)
}

// tmpURL fills the Writer's reusable URL (classifiers must not retain it).
func (w *Writer) tmpURL(scheme, host, path, query string, hasQuery bool) *url.URL {
	w.url = url.URL{Scheme: scheme, Host: host, Path: path, RawQuery: query, ForceQuery: hasQuery && query == ""}
	return &w.url
}

// relative reports whether a URL has neither a scheme nor a host.
func relative(s string) bool {
	s = strings.TrimLeft(s, " \t\n\f\r")
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, `\\`) || strings.HasPrefix(s, `/\`) || strings.HasPrefix(s, `\/`) {
		return false
	}
	i := strings.IndexByte(s, ':')
	return i < 0 || strings.ContainsAny(s[:i], `/\?#`)
}

// cleanURL applies the URL parser's preprocessing: strip leading and
// trailing C0 control or space, remove ASCII tab and newline, and read '\'
// as '/' before the query when the URL is relative or has a special scheme.
func cleanURL(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	if strings.IndexByte(s, '\\') >= 0 && hierarchical(s) {
		end := len(s)
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			end = i
		}
		s = strings.ReplaceAll(s[:end], `\`, "/") + s[end:]
	}
	return s
}

// hierarchical reports whether s is relative or has a special scheme.
func hierarchical(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 0 || strings.ContainsAny(s[:i], `/\?#`) {
		return true
	}
	switch strings.ToLower(s[:i]) {
	case "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// salvageURL finds the scheme and host of a URL that net/url rejects (an
// invalid percent escape in the path, say) but a browser would load.
func salvageURL(s string) *url.URL {
	scheme := ""
	rest := s
	if i := strings.IndexByte(s, ':'); i > 0 && !strings.ContainsAny(s[:i], "/?#") {
		scheme, rest = strings.ToLower(s[:i]), s[i+1:]
	}
	if !strings.HasPrefix(rest, "//") {
		return nil
	}
	rest = rest[2:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	u, err := url.Parse(scheme + "://" + rest + "/")
	if scheme == "" {
		u, err = url.Parse("//" + rest + "/")
	}
	if err != nil || u.Host == "" {
		return nil
	}
	return u
}

// siteOf returns a lower-cased host and its registrable domain (eTLD+1), or
// the host itself for IP addresses and names without one.
func siteOf(host string) (h, site string) {
	h = strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "" || net.ParseIP(h) != nil {
		return h, h
	}
	s, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return h, h
	}
	return h, s
}

// firstParty reports whether u is the page's own: no host (relative URLs
// without PageURL, data:, blob:, about:, javascript:) or the same
// registrable domain as PageURL.
func (w *Writer) firstParty(u *url.URL) bool {
	h := u.Hostname()
	if h == "" {
		return true
	}
	if w.pageHost == "" {
		return false
	}
	if h == w.pageHost {
		return true
	}
	// A page loads from a handful of hosts, many times each: remember the
	// last few answers rather than ask the public suffix list every time.
	for i := range w.sites {
		if e := &w.sites[i]; e.host == h && e.host != "" {
			return e.same
		}
	}
	_, site := siteOf(h)
	same := site == w.pageSite
	w.sites[w.nextSite%len(w.sites)] = siteEntry{strings.Clone(h), same}
	w.nextSite++
	return same
}

// siteEntry caches whether a host is first party (see firstParty).
type siteEntry struct {
	host string
	same bool
}

// decide classifies a URL and reports whether it is blocked: its purpose is
// not granted, or it is an Unknown third party and BlockUnknown is set. The
// first third-party URL of a granted purpose (or of an Unknown third party
// not blocked) in an element is noted for an ActionAllowed event (only when
// OnEvent is set).
func (w *Writer) decide(u *url.URL) (v Verdict, blocked bool) {
	if w.o.Classifier != nil {
		v = w.o.Classifier.ClassifyURL(u)
	}
	if v.Purpose == purpose.Unknown && w.firstParty(u) {
		return v, false
	}
	blocked = !w.granted(v.Purpose)
	// An Unknown third party released (unknown_tags keep, or "Other
	// services" granted) is reported too, so the inventory lists it where
	// no visitor ever saw it held (opt_out mode).
	if !blocked && !w.allowSet && w.o.OnEvent != nil && (v.Purpose != purpose.Unknown || w.o.ReportUnknownAllowed) && !w.firstParty(u) {
		// Reported when the element is done, unless something else was.
		w.allow = Event{Action: ActionAllowed, Purpose: v.Purpose, Vendor: v.Vendor, URL: u.String(), Rule: v.Rule}
		w.allowSet = true
	}
	return v, blocked
}

// srcsetURLs calls f with each URL of a srcset attribute value until f
// returns true.
func srcsetURLs(s string, f func(string) bool) {
	for {
		s = strings.TrimLeft(s, " \t\n\f\r,")
		if s == "" {
			return
		}
		i := strings.IndexAny(s, " \t\n\f\r")
		if i < 0 {
			i = len(s)
		}
		u := s[:i]
		s = s[i:]
		if t := strings.TrimRight(u, ","); len(t) < len(u) {
			u = t // a URL ending in commas ends its candidate
		} else {
			// Skip the descriptors up to the next comma outside parentheses.
			depth := 0
			j := 0
			for ; j < len(s); j++ {
				switch s[j] {
				case '(':
					depth++
				case ')':
					if depth > 0 {
						depth--
					}
				case ',':
					if depth == 0 {
						goto found
					}
				}
			}
		found:
			s = s[j:]
		}
		if u != "" && f(u) {
			return
		}
	}
}

// Site returns the site of a host, as the rewriter's first-party rule sees
// it: its registrable domain (eTLD+1, lower-cased), or the host itself for
// IP addresses and names without one.
func Site(host string) string {
	_, site := siteOf(host)
	return site
}

// SameSite reports whether two hosts belong to the same site as the
// rewriter counts it for first party: the same registrable domain (eTLD+1),
// or the same host for IP addresses and names without one.
func SameSite(a, b string) bool {
	_, sa := siteOf(a)
	_, sb := siteOf(b)
	return sa == sb
}
