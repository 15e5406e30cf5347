package rewrite

import (
	"strings"
	"unsafe"

	"golang.org/x/net/html"
)

// attrIndex returns the index in w.tl.attrs of the attribute named name
// (lower-case), or -1. The first of several with the same name wins, as in
// x/net/html and in browsers.
func (w *Writer) attrIndex(tag []byte, name string) int {
	for i, a := range w.tl.attrs {
		if int(a.ke-a.ks) == len(name) && eqFold(tag[a.ks:a.ke], name) {
			return i
		}
	}
	return -1
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

// firstOfName reports whether attribute j is the first of its name.
func (w *Writer) firstOfName(tag []byte, j int) bool {
	a := w.tl.attrs[j]
	k := tag[a.ks:a.ke]
	for _, o := range w.tl.attrs[:j] {
		if eqFoldBytes(tag[o.ks:o.ke], k) {
			return false
		}
	}
	return true
}

// attrKey returns an attribute name as x/net/html reports it: lower-cased,
// NUL replaced by U+FFFD.
func attrKey(k []byte) string {
	s := string(lowerASCII(k))
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
		if k := string(lowerASCII(tag[a.ks:a.ke])); !seen[k] {
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

// lowerASCII returns a lower-cased copy of b (ASCII only, as x/net/html).
func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
