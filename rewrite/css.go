package rewrite

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// CSS loads URLs through url(), image-set() (whose strings are URLs too)
// and @import. The scanner below reads them the way the tokenizer of CSS
// Syntax Level 3 does, as far as it matters for finding them: comments and
// strings are skipped, function names are read as identifiers with their
// escapes decoded (so U\52L( is url(), as browsers read it), and the URL of
// a url() is decoded from its escapes. A url() that is a bad-url token (a
// quote, '(' or white space inside an unquoted URL) loads nothing in a
// browser and is left alone. Everything it cannot read is left as it is:
// a url() that would load is always read, so nothing that loads is missed.

// cssMayLoad reports, from the raw bytes of a style attribute, a tag or a
// <style> block, whether they may hold a URL the scanner would find: a '('
// after "url" or "image-set", an "@import" (block), or a backslash or a
// character reference that could spell one. It is the fast path: most
// style text has none of these.
func cssMayLoad(b []byte, block bool) bool {
	if bytes.IndexByte(b, '\\') >= 0 {
		return true
	}
	for k := 0; ; {
		j := bytes.IndexByte(b[k:], '(')
		if j < 0 {
			break
		}
		p := k + j
		if p >= 3 && equalLower(b[p-3:p], "url") || p >= 9 && equalLower(b[p-9:p], "image-set") {
			return true
		}
		k = p + 1
	}
	if block {
		for k := 0; ; {
			j := bytes.IndexByte(b[k:], '@')
			if j < 0 {
				break
			}
			p := k + j
			if p+7 <= len(b) && equalLower(b[p:p+7], "@import") {
				return true
			}
			k = p + 1
		}
	} else if bytes.Contains(b, []byte("&#")) || bytes.Contains(b, []byte("&lpar")) {
		return true // a character reference may spell '(' or "url" in an attribute
	}
	return false
}

// tagMayLoadCSS is cssMayLoad for a whole tag whose attributes are not
// recorded: first, whether it has a y in either case, which a style
// attribute's name has (names are never decoded). Most tags, the many of
// SVG icons among them, fail that one scan.
func tagMayLoadCSS(tag []byte) bool {
	return (bytes.IndexByte(tag, 'y') >= 0 || bytes.IndexByte(tag, 'Y') >= 0) && cssMayLoad(tag, false)
}

// cssHold returns css with every url(), image-set() and (in a block)
// @import rule through which a URL held by held would load neutralized: a
// url() or image-set() becomes none, an @import rule is removed. changed is
// false, and css is returned as it is, when nothing is held.
func cssHold(css string, block bool, held func(raw string) bool) (out string, changed bool) {
	var b []byte
	last := 0
	cssScan(css, false, block, func(start, end int, url string, set bool) bool {
		if !held(url) {
			return false
		}
		b = append(b, css[last:start]...)
		if !set || css[start] != '@' {
			b = append(b, "none"...)
		}
		last, changed = end, true
		return true
	})
	if !changed {
		return css, false
	}
	return string(append(b, css[last:]...)), true
}

// cssScan calls f with each URL in css and the span [start, end) that
// loads it: the whole url() token, the whole image-set() (set true, f is
// called with each of its URLs until it returns true) or the whole @import
// rule (block only; the span starts at '@'). strURLs reads strings as
// URLs (inside image-set). f returning true ends the current span.
func cssScan(css string, strURLs, block bool, f func(start, end int, url string, set bool) bool) {
	n := len(css)
	for i := 0; i < n; {
		c := css[i]
		switch {
		case c == '/' && i+1 < n && css[i+1] == '*':
			j := strings.Index(css[i+2:], "*/")
			if j < 0 {
				return
			}
			i += j + 4
		case c == '"' || c == '\'':
			s, e, ok := cssString(css, i)
			if ok && strURLs {
				f(i, e, s, false)
			}
			i = e
		case c == '@' && block:
			name, j := cssIdent(css, i+1)
			if !ascii.EqualFold(name, "import") {
				i = max(j, i+1)
				continue
			}
			end := cssRuleEnd(css, j)
			k := cssSkipSpace(css, j)
			var url string
			ok := false
			if k < n && (css[k] == '"' || css[k] == '\'') {
				url, _, ok = cssString(css, k)
			} else if fn, p := cssIdent(css, k); p < n && css[p] == '(' && ascii.EqualFold(fn, "url") {
				url, _, ok = cssURL(css, p+1)
			}
			if ok {
				f(i, end, url, true)
			}
			i = end
		case c == '\\' || c == '-' || c == '_' || isLetter(c) || c >= 0x80:
			name, j := cssIdent(css, i)
			if j == i {
				i++ // a lone '-' or an escape of a newline
				continue
			}
			if j >= n || css[j] != '(' {
				i = j
				continue
			}
			switch {
			case ascii.EqualFold(name, "url"):
				url, e, ok := cssURL(css, j+1)
				if ok {
					f(i, e, url, false)
				}
				i = e
			case ascii.EqualFold(name, "image-set") || ascii.EqualFold(name, "-webkit-image-set"):
				e := cssBlockEnd(css, j+1)
				inner := css[j+1 : e]
				if e < n {
					e++
				}
				start, hit := i, false
				cssScan(inner, true, false, func(_, _ int, url string, _ bool) bool {
					hit = hit || f(start, e, url, true)
					return hit
				})
				i = e
			default:
				i = j + 1
			}
		default:
			i++
		}
	}
}

// cssIdent reads the identifier at css[i] (escapes decoded), returning it
// and the index after it; j == i when there is none.
func cssIdent(css string, i int) (name string, j int) {
	var b []byte
	plain := true
	j = i
	for j < len(css) {
		c := css[j]
		switch {
		case c == '-' || c == '_' || isLetter(c) || ascii.IsDigit(c) || c >= 0x80:
			if !plain {
				b = append(b, c)
			}
			j++
		case c == '\\' && j+1 < len(css) && css[j+1] != '\n' && css[j+1] != '\r' && css[j+1] != '\f':
			if plain {
				b = append(b, css[i:j]...)
				plain = false
			}
			var r string
			r, j = cssEscape(css, j+1)
			b = append(b, r...)
		default:
			goto done
		}
	}
done:
	if plain {
		return css[i:j], j
	}
	return string(b), j
}

// cssEscape decodes the escape whose first byte after '\' is css[i]: up to
// six hex digits and one white space, or one character.
func cssEscape(css string, i int) (string, int) {
	if i >= len(css) {
		return "\ufffd", i
	}
	k := i
	for k < len(css) && k-i < 6 && ascii.IsHex(css[k]) {
		k++
	}
	if k == i {
		_, size := utf8.DecodeRuneInString(css[i:])
		return css[i : i+size], i + size
	}
	r := rune(0)
	for _, c := range []byte(css[i:k]) {
		r = r<<4 | rune(ascii.HexValue(c))
	}
	if k < len(css) && isSpace(css[k]) {
		if css[k] == '\r' && k+1 < len(css) && css[k+1] == '\n' {
			k++
		}
		k++
	}
	if r == 0 || r > utf8.MaxRune || 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError
	}
	return string(r), k
}

// cssString reads the string whose quote is at css[i]: its value with
// escapes decoded, the index after it, and false for a bad string (one
// that a newline ends), which loads nothing.
func cssString(css string, i int) (s string, end int, ok bool) {
	q := css[i]
	var b []byte
	for j := i + 1; j < len(css); {
		switch c := css[j]; {
		case c == q:
			return string(b), j + 1, true
		case c == '\n' || c == '\r' || c == '\f':
			return "", j, false
		case c == '\\':
			if j+1 < len(css) && (css[j+1] == '\n' || css[j+1] == '\r' || css[j+1] == '\f') {
				j += 2 // a continued line
				continue
			}
			var r string
			r, j = cssEscape(css, j+1)
			b = append(b, r...)
		default:
			b = append(b, c)
			j++
		}
	}
	return string(b), len(css), true // the end of the text ends a string
}

// cssURL reads the argument of a url( whose '(' ends before css[i]: a
// quoted or unquoted URL, escapes decoded, and the index after ')'. ok is
// false for a bad-url (which loads nothing) and for an empty URL.
func cssURL(css string, i int) (url string, end int, ok bool) {
	n := len(css)
	i = cssSkipSpace(css, i)
	if i < n && (css[i] == '"' || css[i] == '\'') {
		s, e, sok := cssString(css, i)
		e = cssSkipSpace(css, e)
		if e < n && css[e] == ')' {
			e++
		} else {
			e = cssBlockEnd(css, e)
			if e < n {
				e++
			}
		}
		return s, e, sok && s != ""
	}
	var b []byte
	for j := i; j < n; {
		c := css[j]
		switch {
		case c == ')':
			return string(b), j + 1, len(b) > 0
		case isSpace(c):
			k := cssSkipSpace(css, j)
			if k >= n || css[k] == ')' {
				return string(b), min(k+1, n), len(b) > 0
			}
			return "", badURLEnd(css, k), false
		case c == '"' || c == '\'' || c == '(' || c < 0x20 || c == 0x7f:
			return "", badURLEnd(css, j), false
		case c == '\\':
			if j+1 >= n || css[j+1] == '\n' || css[j+1] == '\r' || css[j+1] == '\f' {
				return "", badURLEnd(css, j), false
			}
			var r string
			r, j = cssEscape(css, j+1)
			b = append(b, r...)
		default:
			b = append(b, c)
			j++
		}
	}
	return string(b), n, len(b) > 0 // the end of the text ends a url()
}

// badURLEnd returns the index after the ')' that ends a bad-url token
// (escapes skipped), or the end of the text.
func badURLEnd(css string, j int) int {
	for ; j < len(css); j++ {
		switch css[j] {
		case ')':
			return j + 1
		case '\\':
			j++
		}
	}
	return len(css)
}

// cssBlockEnd returns the index of the ')' that closes the parenthesis
// opened before css[i], skipping strings, comments and nested ones; the
// end of the text if none does.
func cssBlockEnd(css string, i int) int {
	depth := 0
	for i < len(css) {
		switch c := css[i]; c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		case '"', '\'':
			_, i, _ = cssString(css, i)
			continue
		case '\\':
			i++
		case '/':
			if i+1 < len(css) && css[i+1] == '*' {
				j := strings.Index(css[i+2:], "*/")
				if j < 0 {
					return len(css)
				}
				i += j + 4
				continue
			}
		}
		i++
	}
	return len(css)
}

// cssRuleEnd returns the index after the ';' that ends the at-rule whose
// prelude starts at css[i] (outside strings, comments and parentheses), or
// the '}' or end of text that ends it first.
func cssRuleEnd(css string, i int) int {
	for i < len(css) {
		switch c := css[i]; c {
		case ';':
			return i + 1
		case '}', '{':
			return i
		case '(':
			i = cssBlockEnd(css, i+1)
			if i < len(css) {
				i++
			}
			continue
		case '"', '\'':
			_, i, _ = cssString(css, i)
			continue
		case '\\':
			i++
		case '/':
			if i+1 < len(css) && css[i+1] == '*' {
				j := strings.Index(css[i+2:], "*/")
				if j < 0 {
					return len(css)
				}
				i += j + 4
				continue
			}
		}
		i++
	}
	return len(css)
}

// cssSkipSpace skips white space and comments from css[i].
func cssSkipSpace(css string, i int) int {
	for i < len(css) {
		if isSpace(css[i]) {
			i++
			continue
		}
		if css[i] == '/' && i+1 < len(css) && css[i+1] == '*' {
			j := strings.Index(css[i+2:], "*/")
			if j < 0 {
				return len(css)
			}
			i += j + 4
			continue
		}
		break
	}
	return i
}
