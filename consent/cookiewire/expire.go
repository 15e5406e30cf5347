package cookiewire

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// maxExpiryLines caps how many Set-Cookie lines ExpiryLines returns for one
// cookie name.
const maxExpiryLines = 16

// expiryAttrs ends every line ExpiryLines writes. Max-Age=0 deletes in every
// browser; the Expires date is for clients that know no Max-Age.
const expiryAttrs = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"

// ExpiryLines returns Set-Cookie values that delete cookie name in the
// browser, for a request to host (without port) over TLS (secure) or not.
// It covers every Domain the cookie could have been set with: host-only (no
// Domain attribute), and Domain= each parent of host down to, but not
// including, its public suffix (so "www.shop.example.co.uk" yields host-only,
// example.co.uk, shop.example.co.uk and www.shop.example.co.uk). IP
// addresses ("192.0.2.1", "::1", "[::1]"), single labels such as "localhost",
// hosts ending in a dot, and hosts that are themselves a public suffix get
// host-only lines only. A non-ASCII host is converted to its IDNA (punycode)
// form; upper case is lowered.
//
// Each line is `name=; Path=P; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00
// GMT`, then `; Domain=D` where needed, then `; Secure` when secure. Lines are
// written for "/" and each of paths (for example RequestPathParents of the
// request path; a path must start with '/' and hold no ';', whitespace or
// control character, else it is skipped), path by path, host-only first,
// then the registrable domain, then narrower ones; at most 16 lines in all.
//
// Cookie prefixes, matched without regard to case as browsers have done
// since 2024: a `__Host-` name gets exactly one line (host-only, Path=/,
// Secure), and none when not secure; a `__Secure-` name gets Secure on every
// line, and no lines when not secure. `__Http-` and `__Host-Http-` names,
// which Chromium accepts only with HttpOnly, also get `; HttpOnly`.
//
// It returns nil for a name that no conforming browser stores or that would
// inject attributes into the line: one that is empty, longer than 4096
// bytes, or holds ';', ',', '=', whitespace or a control character.
// It returns nil for the nameless cookie (name "") too, which cannot be
// deleted reliably: the obvious line `=; Max-Age=0` has neither name nor
// value, and RFC 6265bis §5.6 tells browsers to ignore such a line entirely;
// a line with a placeholder value (`=x; Max-Age=0`) relies on nameless-cookie
// handling that differs between browsers and their versions (RFC 6265 of
// 2011 ignores any line with an empty name).
func ExpiryLines(name, host string, secure bool, paths []string) []string {
	if !validExpiryName(name) {
		return nil
	}
	hostPrefix := ascii.HasPrefixFold(name, "__host-")
	secureOnly := hostPrefix || ascii.HasPrefixFold(name, "__secure-") || ascii.HasPrefixFold(name, "__http-")
	httpOnly := ascii.HasPrefixFold(name, "__http-") || ascii.HasPrefixFold(name, "__host-http-")
	if secureOnly && !secure {
		return nil
	}
	var flags string
	if secure {
		flags = "; Secure"
	}
	if httpOnly {
		flags += "; HttpOnly"
	}
	if hostPrefix {
		return []string{name + "=; Path=/" + expiryAttrs + flags}
	}

	var pathList [maxExpiryLines]string
	pathList[0] = "/"
	np := 1
	for _, p := range paths {
		if np == len(pathList) {
			break
		}
		if validExpiryPath(p) && !slices.Contains(pathList[:np], p) {
			pathList[np] = p
			np++
		}
	}

	domains := cookieDomains(host)
	n := min(maxExpiryLines, np*(len(domains)+1))

	// Write all lines into one buffer and slice them out of it.
	size := 0
	for k := range n {
		p, d := pathList[k/(len(domains)+1)], k%(len(domains)+1)
		size += len(name) + len("=; Path=") + len(p) + len(expiryAttrs) + len(flags)
		if d > 0 {
			size += len("; Domain=") + len(domains[d-1])
		}
	}
	var b strings.Builder
	b.Grow(size)
	ends := make([]int, n)
	for k := range n {
		p, d := pathList[k/(len(domains)+1)], k%(len(domains)+1)
		b.WriteString(name)
		b.WriteString("=; Path=")
		b.WriteString(p)
		b.WriteString(expiryAttrs)
		if d > 0 { // d == 0 is host-only
			b.WriteString("; Domain=")
			b.WriteString(domains[d-1])
		}
		b.WriteString(flags)
		ends[k] = b.Len()
	}
	all := b.String()
	lines := make([]string, n)
	start := 0
	for k, end := range ends {
		lines[k], start = all[start:end], end
	}
	return lines
}

// RequestPathParents returns the default paths (RFC 6265 §5.1.4) that a
// cookie set without a Path attribute could have been given on the way to
// path, shortest first: "/a/b/c" gives "/", "/a", "/a/b". It returns at most
// max of them. Pass the request path as sent (http.Request.URL.EscapedPath),
// as that is what browsers take the default path from; a query or fragment
// is cut off.
func RequestPathParents(path string, max int) []string {
	if max <= 0 {
		return nil
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	out := []string{"/"}
	last := strings.LastIndexByte(path, '/')
	if last <= 0 || path[0] != '/' {
		return out
	}
	dir := path[:last] // the default path of path
	for i := 1; i <= len(dir) && len(out) < max; i++ {
		if i == len(dir) || dir[i] == '/' {
			if p := dir[:i]; p != out[len(out)-1] {
				out = append(out, p)
			}
		}
	}
	return out
}

// cookieDomains returns the Domain attribute values a cookie on host could
// carry: the registrable domain first, then each narrower parent down to
// host itself. It returns nil where only host-only cookies can exist.
func cookieDomains(host string) []string {
	h, ok := normalizeCookieHost(host)
	if !ok {
		return nil
	}
	site, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return nil
	}
	// Walk from host up to site, then reverse: broadest first.
	domains := []string{site}
	for d := h; len(d) > len(site); d = d[strings.IndexByte(d, '.')+1:] {
		domains = append(domains, d)
	}
	for i, j := 1, len(domains)-1; i < j; i, j = i+1, j-1 {
		domains[i], domains[j] = domains[j], domains[i]
	}
	return domains
}

// normalizeCookieHost lower-cases host and converts it to ASCII. It reports
// false for hosts that can only have host-only cookies: IP addresses, single
// labels, names ending in a dot, and anything that is not a plain host name.
func normalizeCookieHost(host string) (string, bool) {
	h := host
	if strings.HasPrefix(h, "[") {
		return "", false // an IPv6 literal, with or without port
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return "", false
	}
	for i := 0; i < len(h); i++ {
		if h[i] >= 0x80 {
			a, err := idna.Lookup.ToASCII(h)
			if err != nil {
				return "", false
			}
			h = a
			break
		}
	}
	h = strings.ToLower(h)
	if h == "" || h[0] == '.' || h[len(h)-1] == '.' || !strings.Contains(h, ".") || strings.Contains(h, "..") {
		return "", false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", false
		}
	}
	// Browsers read a host whose last label is a number ("10.1", "1.0x7f")
	// as an IPv4 address (WHATWG URL host parsing).
	if last := h[strings.LastIndexByte(h, '.')+1:]; last == "" || ascii.IsDigit(last[0]) && strings.Trim(last, "0123456789") == "" || strings.HasPrefix(last, "0x") {
		return "", false
	}
	return h, true
}

// validExpiryName reports whether a cookie name can be written into a
// Set-Cookie line as it is and read back as the same name.
func validExpiryName(name string) bool {
	if name == "" || len(name) > 4096 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c == 0x7f || c == ';' || c == ',' || c == '=' {
			return false
		}
	}
	return true
}

// validExpiryPath reports whether p can be written as a Path attribute and
// read back unchanged.
func validExpiryPath(p string) bool {
	if p == "" || p[0] != '/' || len(p) > maxAttrValue {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c == 0x7f || c == ';' {
			return false
		}
	}
	return true
}
