package choices

import (
	"unicode/utf8"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// What the gateway inserts into a page (the head block, placeholders) is
// written in ASCII: the page may be in windows-1252, ISO-8859-1 or any
// other ASCII-compatible charset, and ASCII reads the same in all of them.
// Characters beyond it become character references in markup and \u
// escapes in the inline script's JSON, so no charset needs to be known.

// asciiHTML escapes s for HTML text or a double-quoted attribute value,
// in ASCII (see ascii.AppendHTML).
func asciiHTML(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			return string(ascii.AppendHTML(make([]byte, 0, len(s)+16), s))
		}
	}
	return s
}

// asciiJSON rewrites JSON text (as encoding/json writes it: valid UTF-8,
// non-ASCII only inside strings) in ASCII: every non-ASCII character
// becomes a \uXXXX escape, a surrogate pair beyond the Basic Multilingual
// Plane. The value it denotes is unchanged.
func asciiJSON(js []byte) []byte {
	k := 0
	for k < len(js) && js[k] < utf8.RuneSelf {
		k++
	}
	if k == len(js) {
		return js
	}
	b := make([]byte, 0, len(js)+64)
	b = append(b, js[:k]...)
	for _, r := range string(js[k:]) {
		if r < utf8.RuneSelf {
			b = append(b, byte(r))
			continue
		}
		if r > 0xFFFF {
			r -= 0x10000
			b = appendU(b, 0xD800+(r>>10))
			r = 0xDC00 + r&0x3FF
		}
		b = appendU(b, r)
	}
	return b
}

// appendU appends the JSON escape \uXXXX of a UTF-16 code unit.
func appendU(b []byte, u rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[u>>12&15], hex[u>>8&15], hex[u>>4&15], hex[u&15])
}
