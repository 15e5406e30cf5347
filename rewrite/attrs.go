package rewrite

import (
	"strings"
	"unsafe"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
	"golang.org/x/net/html"
)

// attrIndex returns the index in w.tl.attrs of the attribute named name
// (lower-case), or -1. The first of several with the same name wins, as in
// x/net/html and in browsers.
func (w *Writer) attrIndex(tag []byte, name string) int {
	for i, a := range w.tl.attrs {
		if int(a.ke-a.ks) == len(name) && equalLower(tag[a.ks:a.ke], name) {
			return i
		}
	}
	return -1
}

// equalLower reports whether b equals the lower-case ASCII string lower,
// ignoring ASCII case in b: ascii.EqualFold folding one side only. The
// per-tag and per-attribute paths use it (attrIndex, quickElement,
// noteworthy, moveOps, mayBeImage): measured on attrIndex (8 lookups in a
// 10-attribute <img>), it takes 58.5 ns where ascii.EqualFold takes 62.4.
func equalLower(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		if ascii.Lower(b[i]) != lower[i] {
			return false
		}
	}
	return true
}

// needsDecoding reports whether a raw attribute value differs from its
// value: it holds a character reference, a carriage return or a NUL.
func needsDecoding(raw []byte) bool {
	for _, c := range raw {
		if c == '&' || c == '\r' || c == 0 {
			return true
		}
	}
	return false
}

// attrValue returns the value of attribute i of tag, decoded exactly as
// x/net/html's tokenizer decodes it.
func (w *Writer) attrValue(tag []byte, i int) string {
	a := w.tl.attrs[i]
	if !a.eq {
		return ""
	}
	raw := tag[a.vs:a.ve]
	if !needsDecoding(raw) {
		return string(raw)
	}
	return unescapeAttr(raw)
}

// attrView is attrValue for a comparison: when the raw value needs no
// decoding it returns a view of the tag's bytes instead of a copy. The view
// is valid only while the tag is being handled; it must not be kept (no
// URL, Event or map key may hold it).
func (w *Writer) attrView(tag []byte, i int) string {
	a := w.tl.attrs[i]
	if !a.eq || a.ve == a.vs {
		return ""
	}
	raw := tag[a.vs:a.ve]
	if !needsDecoding(raw) {
		return unsafe.String(&raw[0], len(raw))
	}
	return unescapeAttr(raw)
}

// attrKey returns an attribute name as x/net/html reports it: lower-cased,
// NUL replaced by U+FFFD.
func attrKey(k []byte) string {
	s := string(ascii.AppendLower(make([]byte, 0, len(k)), k))
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\ufffd")
	}
	return s
}

// attrs returns every attribute of the current tag as x/net/html reports it
// (for tests).
func (w *Writer) attrs(tag []byte) []html.Attribute {
	var out []html.Attribute
	seen := make(map[string]bool)
	for i, a := range w.tl.attrs {
		if k := string(ascii.AppendLower(nil, tag[a.ks:a.ke])); !seen[k] {
			seen[k] = true
			out = append(out, html.Attribute{Key: attrKey(tag[a.ks:a.ke]), Val: w.attrValue(tag, i)})
		}
	}
	return out
}

// escapeAttr escapes s for a double-quoted attribute value.
func escapeAttr(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// trimSpace trims ASCII white space as the HTML standard defines it.
func trimSpace(s string) string {
	return strings.Trim(s, " \t\n\f\r")
}
