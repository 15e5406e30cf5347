package rewrite

import (
	"github.com/caddy-consent/caddy-consent/internal/ascii"
	"golang.org/x/net/html/atom"
)

// scanTag continues lexing the current tag. A tag is held until its '>' so
// that it can be rewritten, unless it grows past Options.MaxHeld: then it is
// abandoned and streamed through unmodified.
func (w *Writer) scanTag(b []byte, final bool) bool {
	tl := &w.tl
	ts := w.rel(tl.start)
	limit := len(b)
	if !tl.streaming {
		limit = min(limit, ts+w.o.MaxHeld)
	}
	i, done := tl.lex(b[:limit], w.rel(w.pos), ts)
	if done {
		w.tagEnded(b, ts, i)
		return true
	}
	w.pos = w.base + int64(limit)
	if limit < len(b) {
		w.abandonTag(b, ts, limit)
		return true
	}
	if final {
		// An unterminated tag passes through as is.
		if !tl.streaming && !w.inserted {
			w.insertAt(b, ts)
		}
		w.hold = w.pos
		return false
	}
	if tl.streaming {
		w.hold = w.pos
	} else {
		w.hold = tl.start
	}
	return false
}

// abandonTag gives up holding a tag larger than Options.MaxHeld: what was
// lexed so far is written out and the rest streams through.
func (w *Writer) abandonTag(b []byte, ts, limit int) {
	tl := &w.tl
	tl.streaming = true
	if !w.inserted && (w.pending || w.insertsBefore()) {
		w.insertAt(b, ts)
	}
	w.passTo(b, limit)
	w.event(Event{Kind: tagKind(tl.el), Action: ActionAbandoned})
}

// tagEnded acts on the complete tag b[ts:te].
func (w *Writer) tagEnded(b []byte, ts, te int) {
	tl := &w.tl
	w.pos = w.base + int64(te)
	w.st = stData
	if tl.maybeConsent {
		tl.relex(b, ts, te) // the name was not one whose attributes are kept
	}
	if tl.endTag {
		w.endTagDone(b, ts, te)
	} else {
		w.startTagDone(b, ts, te)
	}
}

// insertsBefore reports whether Options.Insert, not yet placed, goes right
// before the current tag: any start tag but <html> and <head>, and the end
// tags </head>, </body>, </html> and </br> (HTML standard, "before head").
func (w *Writer) insertsBefore() bool {
	tl := &w.tl
	if tl.endTag {
		switch tl.a {
		case atom.Head, atom.Body, atom.Html, atom.Br:
			return true
		}
		return false
	}
	if tl.phase == phName {
		return true // name not known yet: too long to be html or head
	}
	return tl.a != atom.Html && tl.a != atom.Head
}

// startTagDone acts on a complete start tag b[ts:te].
func (w *Writer) startTagDone(b []byte, ts, te int) {
	tl := &w.tl
	info := tagInfo{a: tl.a, selfClosing: w.selfClosing(b, ts, te)}
	if w.fs.active() || tl.a == atom.Svg || tl.a == atom.Math {
		info.h = tl.nameHash()
		info.fontBreak = tl.fontAttr
		if tl.a == atom.AnnotationXml && !tl.streaming {
			info.annHTML = w.annotationHTML(b[ts:te])
		}
	}
	ns := w.fs.start(&info)
	isHTML := ns == nsHTML
	if w.trace != nil {
		w.traceTag(b, ts, te, info.selfClosing)
	}
	if !w.inserted && !tl.streaming && !w.pendingStart(b, ts, te) && w.insertsBefore() {
		w.insertAt(b, ts)
	}
	w.allowSet = false
	if w.tmpl == 0 && !tl.streaming && !tl.tooMany && w.o.Classifier != nil && tl.a != atom.Script && tl.a != atom.Style && w.mayHoldStyle(b, ts, te) {
		w.styleHold(b, ts, te)
	}
	e := &elements[tl.el]
	if isHTML {
		switch e.content {
		case contentScript:
			w.st = stScript
			w.ss = sData
			w.scriptTag = w.base + int64(ts)
		case contentRaw:
			w.st = stRaw
			w.rawName = e.name
		case contentPlaintext:
			w.st = stPlaintext
		}
		if w.tmpl == 0 && !tl.streaming {
			if tl.tooMany {
				w.event(Event{Kind: tagKind(tl.el), Action: ActionAbandoned})
			} else {
				w.rewrite(b, ts, te)
			}
			if tl.a == atom.Style && w.o.Classifier != nil && !tl.consent && w.emitted <= w.base+int64(ts) {
				w.holdStyleBlock(ts, te)
			}
		}
		if tl.a == atom.Template {
			w.tmpl++
		}
	}
	if ns == nsSVG && e.svgHref && w.tmpl == 0 && !tl.streaming && !tl.tooMany && (w.o.Classifier != nil || w.o.BlockUnknown || tl.consent) {
		w.svgHref(b, ts, te)
	}
	w.styleOnly(b, ts, te)
	if w.allowSet {
		w.reportAllowed()
	}
	if !w.inserted && tl.a == atom.Head {
		w.pendInsert(b, te)
	}
}

// endTagDone acts on a complete end tag b[ts:te].
func (w *Writer) endTagDone(b []byte, ts, te int) {
	tl := &w.tl
	htmlRules := true
	if w.fs.active() {
		info := tagInfo{a: tl.a, h: tl.nameHash()}
		htmlRules = w.fs.end(&info)
	}
	if htmlRules && tl.a == atom.Template && w.tmpl > 0 {
		w.tmpl--
	}
	if w.trace != nil {
		w.traceEnd(b, ts, te)
	}
	if !w.inserted && !tl.streaming && w.insertsBefore() {
		w.insertAt(b, ts)
	}
}

// selfClosing reports whether the start tag b[ts:te] ends with "/>" the way
// x/net/html's readStartTag decides it: the '/' must not end the value of
// the last attribute it keeps.
func (w *Writer) selfClosing(b []byte, ts, te int) bool {
	tl := &w.tl
	prev := tl.prev
	if te-2 >= 0 {
		prev = b[te-2]
	}
	if prev != '/' {
		return false
	}
	if !tl.lastUnqGT {
		return true
	}
	tl.relex(b, ts, te)
	if tl.streaming || tl.tooMany || len(tl.attrs) == 0 {
		return false
	}
	// The last attribute owns the '/'; it decides unless x/net/html dropped
	// it as a duplicate.
	tag := b[ts:te]
	last := tl.attrs[len(tl.attrs)-1]
	k := tag[last.ks:last.ke]
	for _, a := range tl.attrs[:len(tl.attrs)-1] {
		if ascii.EqualFold(tag[a.ks:a.ke], k) {
			return true
		}
	}
	return false
}

// annotationHTML reports whether an annotation-xml tag's encoding makes it
// an HTML integration point.
func (w *Writer) annotationHTML(tag []byte) bool {
	i := w.attrIndex(tag, "encoding")
	if i < 0 {
		return false
	}
	v := w.attrView(tag, i)
	return ascii.EqualFold(v, "text/html") || ascii.EqualFold(v, "application/xhtml+xml")
}
