package cookiewire

import (
	"net/netip"
	"strings"
	"time"

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
	hostPrefix := hasPrefixFoldASCII(name, "__host-")
	secureOnly := hostPrefix || hasPrefixFoldASCII(name, "__secure-") || hasPrefixFoldASCII(name, "__http-")
	httpOnly := hasPrefixFoldASCII(name, "__http-") || hasPrefixFoldASCII(name, "__host-http-")
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
		if validExpiryPath(p) && !containsString(pathList[:np], p) {
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
	if last := h[strings.LastIndexByte(h, '.')+1:]; last == "" || isDigit(last[0]) && strings.Trim(last, "0123456789") == "" || strings.HasPrefix(last, "0x") {
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

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// dateDelims marks the delimiters of the cookie-date grammar (RFC 6265
// §5.1.1): %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. Chromium's date
// reader splits on the same set.
var dateDelims = func() (t [256]bool) {
	for c := range t {
		t[c] = c == 0x09 || 0x20 <= c && c <= 0x2f || 0x3b <= c && c <= 0x40 ||
			0x5b <= c && c <= 0x60 || 0x7b <= c && c <= 0x7e
	}
	return t
}()

// isDateDelim reports whether c is a cookie-date delimiter.
func isDateDelim(c byte) bool { return dateDelims[c] }

// nextDateToken returns the next run of non-delimiters in s from i on, and
// the index after it; tok is "" at the end.
func nextDateToken(s string, i int) (tok string, next int) {
	for i < len(s) && isDateDelim(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !isDateDelim(s[j]) {
		j++
	}
	return s[i:j], j
}

// parseCookieDate reads an Expires value with the cookie-date algorithm of
// RFC 6265 §5.1.1 (unchanged in RFC 6265bis), returning Unix seconds. It
// takes "Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00
// GMT", "Wed Oct 21 07:28:00 2015" and most other orders and separators;
// two-digit years 70-99 are 19xx and 00-69 are 20xx; years before 1601 and
// dates that do not exist (Feb 30) fail.
func parseCookieDate(s string) (int64, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, month, year     int
	)
	for i := 0; ; {
		var tok string
		tok, i = nextDateToken(s, i)
		if tok == "" {
			break
		}
		if !foundTime {
			if h, m, sec, ok := matchTime(tok); ok {
				hour, minute, second, foundTime = h, m, sec, true
				continue
			}
		}
		if !foundDay {
			if d, ok := matchLeadingDigits(tok, 1, 2); ok {
				day, foundDay = d, true
				continue
			}
		}
		if !foundMonth {
			if m := matchMonth(tok); m > 0 {
				month, foundMonth = m, true
				continue
			}
		}
		if !foundYear {
			if y, ok := matchLeadingDigits(tok, 2, 4); ok {
				year, foundYear = y, true
				continue
			}
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return 0, false
	}
	if 70 <= year && year <= 99 {
		year += 1900
	} else if 0 <= year && year <= 69 {
		year += 2000
	}
	if day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return 0, false
	}
	return unixDate(year, month, day, hour, minute, second)
}

// parseCookieDateChromium reads an Expires value the way Chromium does
// (cookie_util::ParseCookieExpirationTime), which is not quite RFC 6265: a
// token starting with a letter may be the month; one holding ':' the time
// ("%2u:%2u:%2u", trailing bytes ignored); other numeric tokens of up to two
// bytes the day, then of up to five bytes the year, each read as far as its
// digits go. There is no lower bound on the year.
func parseCookieDateChromium(s string) (int64, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, month, year     int
	)
	for i := 0; ; {
		var tok string
		tok, i = nextDateToken(s, i)
		if tok == "" {
			break
		}
		switch {
		case !isDigit(tok[0]):
			if !foundMonth {
				if m := matchMonth(tok); m > 0 {
					month, foundMonth = m, true
				}
			}
		case strings.IndexByte(tok, ':') >= 0:
			if !foundTime {
				if h, m, sec, ok := scanTimeChromium(tok); ok {
					hour, minute, second, foundTime = h, m, sec, true
				}
			}
		case !foundDay && len(tok) <= 2:
			day, foundDay = atoiPrefix(tok), true
		case !foundYear && len(tok) <= 5:
			year, foundYear = atoiPrefix(tok), true
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return 0, false
	}
	if 70 <= year && year <= 99 {
		year += 1900
	} else if 0 <= year && year <= 69 {
		year += 2000
	}
	if day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 {
		return 0, false
	}
	return unixDate(year, month, day, hour, minute, second)
}

// unixDate returns the Unix time of the given UTC date, failing for dates
// that do not exist.
func unixDate(year, month, day, hour, minute, second int) (int64, bool) {
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return 0, false
	}
	return t.Unix(), true
}

// matchTime matches the time production of RFC 6265 §5.1.1:
// 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then the end or a non-digit.
func matchTime(tok string) (h, m, s int, ok bool) {
	var f [3]int
	i := 0
	for k := range f {
		if k > 0 {
			if i >= len(tok) || tok[i] != ':' {
				return 0, 0, 0, false
			}
			i++
		}
		j := i
		for j < len(tok) && isDigit(tok[j]) {
			j++
		}
		if j == i || j-i > 2 {
			return 0, 0, 0, false
		}
		f[k] = atoiPrefix(tok[i:j])
		i = j
	}
	return f[0], f[1], f[2], true
}

// scanTimeChromium is sscanf(tok, "%2u:%2u:%2u") == 3: before each number
// C whitespace is skipped, each number is one or two digits, and whatever
// follows the third is ignored.
func scanTimeChromium(tok string) (h, m, s int, ok bool) {
	var f [3]int
	i := 0
	for k := range f {
		if k > 0 {
			if i >= len(tok) || tok[i] != ':' {
				return 0, 0, 0, false
			}
			i++
		}
		for i < len(tok) && (tok[i] == ' ' || '\t' <= tok[i] && tok[i] <= '\r') {
			i++
		}
		j := i
		for j < len(tok) && j-i < 2 && isDigit(tok[j]) {
			j++
		}
		if j == i {
			return 0, 0, 0, false
		}
		f[k] = atoiPrefix(tok[i:j])
		i = j
	}
	return f[0], f[1], f[2], true
}

// matchLeadingDigits matches min to max digits, then the end or a non-digit
// (the day-of-month and year productions of RFC 6265 §5.1.1).
func matchLeadingDigits(tok string, min, max int) (int, bool) {
	n := 0
	for n < len(tok) && isDigit(tok[n]) {
		n++
	}
	if n < min || n > max {
		return 0, false
	}
	return atoiPrefix(tok[:n]), true
}

// matchMonth returns 1-12 when tok starts with a month's first three letters
// (any ASCII case), else 0.
func matchMonth(tok string) int {
	if len(tok) < 3 {
		return 0
	}
	var b [3]byte
	for i := range b {
		b[i] = toLowerASCII(tok[i])
	}
	switch string(b[:]) {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

// atoiPrefix reads the leading digits of s, like C's atoi on a string that
// starts with a digit. Callers keep s short enough not to overflow.
func atoiPrefix(s string) int {
	n := 0
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
