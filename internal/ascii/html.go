package ascii

import (
	"strconv"
	"unicode/utf8"
)

// AppendHTML appends s escaped for HTML text or a double-quoted attribute
// value, written in ASCII: &, <, >, " and ' as references, every other
// non-ASCII character as &#xHEX; (an invalid UTF-8 byte as U+FFFD). What
// the gateway inserts into a page reads the same whatever the page's
// ASCII-compatible charset (windows-1252, ISO-8859-1, UTF-8...).
func AppendHTML(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		case '\'':
			dst = append(dst, "&#39;"...)
		default:
			if c < utf8.RuneSelf {
				dst = append(dst, c)
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			dst = append(dst, "&#x"...)
			dst = strconv.AppendUint(dst, uint64(r), 16)
			dst = append(dst, ';')
			i += n - 1
		}
	}
	return dst
}
