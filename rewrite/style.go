package rewrite

import (
	"net/url"
	"strings"
	"unsafe"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// A style attribute or <style> block that loads a held URL (see css.go)
// is held like a URL attribute, so that consent can bring it back: a
// style attribute moves to data-consent-style and a style of the same
// declarations with the held url()s and image-set()s made none takes its
// place, so that the element keeps its layout; a <style> block keeps its
// rules but for the held url()s (none) and @import rules (removed), its
// original text in data-consent-css. Both get data-consent="PURPOSE"
// (an element held for its own URLs keeps the purpose of those, and its
// style comes back with them). As for <img> and stylesheets, an Unknown
// third party is kept, but in <noscript>.

// styleHeld is a style attribute of the current tag to hold.
type styleHeld struct {
	on   bool
	attr int    // its index in tl.attrs
	add  string // ` style="..."`: the neutralized value
	v    Verdict
	u    *url.URL // a copy
}

// cssHeldURL decides a URL found in CSS.
func (w *Writer) cssHeldURL(raw string) (v Verdict, u *url.URL, held bool) {
	if u = w.resolve(raw); u == nil {
		return v, nil, false
	}
	v, held = w.decide(u)
	if held && v.Purpose == purpose.Unknown && !w.inNoscript {
		held = false
	}
	return v, u, held
}

// cssHoldText is cssHold with cssHeldURL, returning the verdict and (a
// copy of) the URL of the first held URL. The URLs of a granted purpose
// are not reported as allowed: the event would name the wrong kind.
func (w *Writer) cssHoldText(css string, block bool) (neutral string, v Verdict, u *url.URL, changed bool) {
	allow := w.allowSet
	neutral, changed = cssHold(css, block, func(raw string) bool {
		hv, hu, held := w.cssHeldURL(raw)
		if held && u == nil {
			c := *hu
			v, u = hv, &c
		}
		return held
	})
	w.allowSet = allow
	return neutral, v, u, changed
}

// mayHoldStyle is the fast test of the start tag b[ts:te] for styleHold:
// its style attribute, when its attributes are recorded, or else the whole
// tag may load a CSS URL (cssMayLoad).
func (w *Writer) mayHoldStyle(b []byte, ts, te int) bool {
	tl := &w.tl
	if !tl.rec && !tl.recorded {
		return tagMayLoadCSS(b[ts:te])
	}
	i := w.attrIndex(b[ts:te], "style")
	if i < 0 {
		return false
	}
	a := tl.attrs[i]
	return cssMayLoad(b[ts+int(a.vs):ts+int(a.ve)], false)
}

// styleHold notes, in w.sty, the style attribute of the start tag b[ts:te]
// if it loads a held URL. The element's own handling then moves it with
// its URL attributes (applyOps), or styleOnly holds it alone.
func (w *Writer) styleHold(b []byte, ts, te int) {
	w.tl.relex(b, ts, te)
	if w.tl.tooMany {
		return
	}
	tag := b[ts:te]
	if w.tl.consent && w.attrIndex(tag, "data-consent") >= 0 {
		return // the site's own mark decides
	}
	i := w.attrIndex(tag, "style")
	if i < 0 {
		return
	}
	if a := w.tl.attrs[i]; !cssMayLoad(tag[a.vs:a.ve], false) {
		return
	}
	neutral, v, u, changed := w.cssHoldText(w.attrValue(tag, i), false)
	if !changed {
		return
	}
	s := escapeAttr([]byte(` style="`), neutral)
	w.sty = styleHeld{on: true, attr: i, add: string(append(s, '"')), v: v, u: u}
}

// styleOps applies a held style attribute to the ops of the current tag:
// it moves to data-consent-style and its neutralized value is added.
func (w *Writer) styleOps(add string, ops []op) string {
	w.sty.on = false
	if ops[w.sty.attr].kind != opKeep {
		return add
	}
	ops[w.sty.attr] = op{opRename, "data-consent-style"}
	return add + w.sty.add
}

// styleOnly holds the style attribute noted by styleHold when the
// element's own handling did not rewrite the tag b[ts:te].
func (w *Writer) styleOnly(b []byte, ts, te int) {
	if !w.sty.on {
		return
	}
	if w.emitted >= w.base+int64(te) {
		w.sty.on = false // rewritten otherwise (an iframe's srcdoc)
		return
	}
	ops := w.ops[:0]
	for range w.tl.attrs {
		ops = append(ops, op{})
	}
	w.ops = ops
	v, u := w.sty.v, w.sty.u
	s := w.applyOps(b[ts:te], w.consentAttr(false, v.Purpose), ops)
	w.replace(b, ts, te, nil, s)
	w.report(KindStyle, ActionNeutralized, v, u)
}

// holdStyleBlock starts holding the text of the <style> element whose
// start tag is b[ts:te], until its end tag (styleBlockEnd).
func (w *Writer) holdStyleBlock(ts, te int) {
	w.cssHeld = true
	w.cssStart, w.cssTagEnd, w.cssNameEnd = w.base+int64(ts), w.base+int64(te), int(w.tl.nameEnd)
}

// holdingCSS keeps the <style> block being scanned held, unless it has
// grown past Options.MaxHeld: it then streams through as it is.
func (w *Writer) holdingCSS() {
	if w.pos-w.cssStart > int64(w.o.MaxHeld) {
		w.cssHeld = false
		w.event(Event{Kind: KindStyle, Action: ActionAbandoned})
		return
	}
	w.hold = w.cssStart
}

// styleBlockEnd neutralizes the held <style> block that ends at buffer
// index end, if it loads a held URL.
func (w *Writer) styleBlockEnd(b []byte, end int) {
	w.cssHeld = false
	if w.base+int64(end)-w.cssStart > int64(w.o.MaxHeld) {
		w.event(Event{Kind: KindStyle, Action: ActionAbandoned})
		return
	}
	ts, te := w.rel(w.cssStart), w.rel(w.cssTagEnd)
	text := b[te:end]
	if len(text) == 0 || !cssMayLoad(text, true) {
		return
	}
	neutral, v, u, changed := w.cssHoldText(unsafe.String(&text[0], len(text)), true)
	if !changed || strings.Contains(strings.ToLower(neutral), "</style") {
		return
	}
	tag := b[ts:te]
	s := append(w.scratch[:0], tag[:w.cssNameEnd]...)
	s = append(s, w.consentAttr(false, v.Purpose)...)
	s = append(s, ` data-consent-css="`...)
	s = escapeAttr(s, unsafe.String(&text[0], len(text)))
	s = append(s, '"')
	s = append(s, tag[w.cssNameEnd:]...)
	s = append(s, neutral...)
	w.scratch = s
	w.replace(b, ts, end, nil, s)
	w.report(KindStyle, ActionNeutralized, v, u)
}
