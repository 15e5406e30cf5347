package assetproxy

import (
	"bytes"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// RewriteCSS returns css with the target of every url() and @import
// replaced where to says so: to gets each target as written (without
// quotes; one with a backslash escape is left alone) and returns its
// replacement and true, or false to keep it. Comments and strings
// elsewhere are passed over; everything but the replaced targets is kept
// byte for byte. A replacement is written in the target's own form
// (quoted or not), with the bytes that form cannot hold percent-encoded.
// It returns css itself when nothing changed.
func RewriteCSS(css []byte, to func(target string) (string, bool)) []byte {
	var out []byte // nil until something changes
	done := 0      // css[:done] is in out
	replace := func(start, end int, target string, quote byte) {
		repl, ok := to(target)
		if !ok || repl == target {
			return
		}
		if out == nil {
			out = make([]byte, 0, len(css)+len(css)/8)
		}
		out = append(out, css[done:start]...)
		out = appendCSSURL(out, repl, quote)
		done = end
	}
	afterImport := false // the last token was @import
	for i := 0; i < len(css); {
		c := css[i]
		switch {
		case c == '/' && i+1 < len(css) && css[i+1] == '*':
			end := bytes.Index(css[i+2:], []byte("*/"))
			if end < 0 {
				i = len(css)
			} else {
				i += 2 + end + 2
			}
			continue
		case c == '"' || c == '\'':
			end, ok := stringEnd(css, i)
			if afterImport && ok {
				if t := css[i+1 : end-1]; bytes.IndexByte(t, '\\') < 0 {
					replace(i+1, end-1, string(t), c)
				}
			}
			afterImport = false
			i = end
			continue
		case c == '@' && ascii.HasPrefixFold(css[i:], "@import") && !identByte(at(css, i+7)):
			afterImport = true
			i += 7
			continue
		case (c == 'u' || c == 'U') && ascii.HasPrefixFold(css[i:], "url(") && (i == 0 || !identByte(css[i-1])):
			i = urlToken(css, i+4, replace)
			afterImport = false
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
		default:
			afterImport = false
		}
		i++
	}
	if out == nil {
		return css
	}
	return append(out, css[done:]...)
}

// urlToken reads the url( whose argument starts at css[i] and calls replace
// with its target; it returns the index after the token (after ")" when
// there is one).
func urlToken(css []byte, i int, replace func(start, end int, target string, quote byte)) int {
	for i < len(css) && isSpace(css[i]) {
		i++
	}
	if i < len(css) && (css[i] == '"' || css[i] == '\'') {
		q := css[i]
		end, ok := stringEnd(css, i)
		if ok {
			if t := css[i+1 : end-1]; bytes.IndexByte(t, '\\') < 0 {
				replace(i+1, end-1, string(t), q)
			}
		}
		return end
	}
	start := i
	for ; i < len(css); i++ {
		switch c := css[i]; {
		case c == ')':
			end := i
			for end > start && isSpace(css[end-1]) {
				end--
			}
			if t := css[start:end]; len(t) > 0 && !bytes.ContainsAny(t, "\\ \t\n\r\f") {
				replace(start, end, string(t), 0)
			}
			return i + 1
		case c == '"' || c == '\'' || c == '(' || c == 0x7f || c < ' ' && !isSpace(c):
			return i // a bad url token: left as it is
		}
	}
	return i
}

// stringEnd returns the index after the CSS string that starts with the
// quote at css[i], and whether it was closed (an unescaped newline or the
// end of input ends it unclosed).
func stringEnd(css []byte, i int) (int, bool) {
	q := css[i]
	for j := i + 1; j < len(css); j++ {
		switch css[j] {
		case '\\':
			j++
		case '\n', '\r', '\f':
			return j, false
		case q:
			return j + 1, true
		}
	}
	return len(css), false
}

// appendCSSURL appends a replacement target in the form of the one it
// replaces: inside quotes q, or unquoted when q is 0.
func appendCSSURL(dst []byte, s string, q byte) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c == 0x7f || c == '\\' || c == q || q == 0 && (c == '"' || c == '\'' || c == '(' || c == ')' || c == ' ') {
			dst = append(dst, '%', hex[c>>4], hex[c&15])
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// identByte reports whether c continues a CSS identifier.
func identByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
