package cookiewire

import (
	"strings"
	"time"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// The cookie-date grammar: how browsers read the Expires attribute. A
// Set-Cookie line is persistent or a deletion depending on how its date
// reads, so the gateway reads dates the way the browsers do (RFC 6265
// §5.1.1, and Chromium's variant where it differs).

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
		case !ascii.IsDigit(tok[0]):
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
		for j < len(tok) && ascii.IsDigit(tok[j]) {
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
		for j < len(tok) && j-i < 2 && ascii.IsDigit(tok[j]) {
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
	for n < len(tok) && ascii.IsDigit(tok[n]) {
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
		b[i] = ascii.Lower(tok[i])
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
	for i := 0; i < len(s) && ascii.IsDigit(s[i]); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
