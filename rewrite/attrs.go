package rewrite

import (
	"bytes"
	"strings"

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
// x/net/html's tokenizer decodes it. Attribute i must be the first of its
// name (see attrIndex).
func (w *Writer) attrValue(tag []byte, i int) string {
	a := w.tl.attrs[i]
	if !a.eq {
		return ""
	}
	raw := tag[a.vs:a.ve]
	if !needsDecoding(raw) {
		return string(raw)
	}
	if !w.decOK {
		w.decodeTag(tag)
	}
	if k := w.keptIndex(tag, i); k < len(w.dec) {
		return w.dec[k].Val
	}
	return string(raw) // not reached
}

// keptIndex returns the index among the attributes x/net/html keeps (the
// first of each name) of attribute i, which must be the first of its name.
func (w *Writer) keptIndex(tag []byte, i int) int {
	if len(w.tl.attrs) <= 16 {
		k := 0
		for j := 0; j < i; j++ {
			if w.firstOfName(tag, j) {
				k++
			}
		}
		return k
	}
	if w.decIdx == nil {
		seen := make(map[string]bool, len(w.tl.attrs))
		w.decIdx = make([]int32, len(w.tl.attrs))
		k := int32(0)
		for j, a := range w.tl.attrs {
			key := string(lowerASCII(tag[a.ks:a.ke]))
			if seen[key] {
				w.decIdx[j] = -1
				continue
			}
			seen[key] = true
			w.decIdx[j] = k
			k++
		}
	}
	return int(w.decIdx[i])
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

// decodeTag has x/net/html tokenize the tag for exact attribute values.
func (w *Writer) decodeTag(tag []byte) {
	w.dec = w.dec[:0]
	w.decOK = true
	w.decIdx = nil
	z := html.NewTokenizer(bytes.NewReader(tag))
	switch z.Next() {
	case html.StartTagToken, html.SelfClosingTagToken:
	default:
		return
	}
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		if k == nil {
			break
		}
		w.dec = append(w.dec, html.Attribute{Key: string(k), Val: string(v)})
	}
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
