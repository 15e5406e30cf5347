package rewrite

import (
	"strings"
	"unsafe"
)

// proxyAssets points the URL attributes of the start tag b[ts:te] that
// Options.ProxyAsset proxies at their first-party URLs. It runs after the
// tag's handling, and only on a tag that handling left as it was: a tag
// held for another of its URLs keeps its held URLs as they were.
func (w *Writer) proxyAssets(b []byte, ts, te int) {
	tag := b[ts:te]
	e := &elements[w.tl.el]
	switch e.handle {
	case hScript:
		if !w.jsType(tag) {
			return
		}
	case hImg:
	case hLink:
		// Every link that loads or prepares a load: a hint to a proxied
		// host then prepares the first-party URL, and no connection to
		// the CDN is made.
		if ri := w.attrIndex(tag, "rel"); ri < 0 || linkRel(w.attrView(tag, ri)) == relOther {
			return
		}
	case hLoads:
		if e = w.elementAttrs(tag); e == nil {
			return
		}
	default:
		return
	}
	var (
		at   [maxMoves]int // attribute index per replacement, in e.urls order
		vals [maxMoves]string
		n    int
	)
	for _, a := range e.urls {
		i := w.attrIndex(tag, a.name)
		if i < 0 {
			continue
		}
		if v, ok := w.proxyValue(w.attrView(tag, i), a.list); ok {
			at[n], vals[n] = i, v
			n++
		}
	}
	if n == 0 {
		return
	}
	s := append(w.scratch[:0], tag[:w.tl.nameEnd]...)
	p := int(w.tl.nameEnd)
	for i, a := range w.tl.attrs {
		for k := range n {
			if at[k] == i {
				s = append(s, tag[p:a.ke]...)
				s = append(s, `="`...)
				s = escapeAttr(s, vals[k])
				s = append(s, '"')
				p = int(a.end)
			}
		}
	}
	s = append(s, tag[p:]...)
	w.scratch = s
	w.replace(b, ts, te, nil, s)
}

// proxyValue returns an attribute value with its proxied URLs replaced,
// and whether there was one: the value is one URL, or a srcset whose
// descriptors are kept.
func (w *Writer) proxyValue(val string, list uint8) (string, bool) {
	switch list {
	case urlOne:
		if u := w.resolve(val); u != nil {
			return w.o.ProxyAsset(u)
		}
	case urlSrcset:
		var out strings.Builder
		done := 0 // val[:done] is in out
		srcsetURLs(val, func(s string) bool {
			u := w.resolve(s)
			if u == nil {
				return false
			}
			repl, ok := w.o.ProxyAsset(u)
			if !ok {
				return false
			}
			// s is a substring of val: its offset is the distance between them.
			at := int(uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(unsafe.StringData(val))))
			out.WriteString(val[done:at])
			out.WriteString(repl)
			done = at + len(s)
			return false
		})
		if done > 0 {
			out.WriteString(val[done:])
			return out.String(), true
		}
	}
	return "", false
}
