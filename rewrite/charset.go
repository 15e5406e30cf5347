package rewrite

import (
	"strings"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
	"golang.org/x/net/html/atom"
)

// charsetWindow is how far into a document browsers look for a <meta>
// that declares its charset (the HTML standard's prescan reads the first
// 1024 bytes).
const charsetWindow = 1024

// Options.Insert goes first in <head>, but after the page's charset
// declaration when that comes early: inserted before it, the block (a few
// kilobytes) would push the declaration past charsetWindow, where browsers
// no longer see it. So when the place for the Insert is found within the
// window (after <head>, or before a <meta> or <title> that opens the head),
// the Writer holds the output from there (the Insert is pending) while only
// white space, comments, <meta> and <title> follow. A <meta> declaring a
// charset that ends within the window takes the Insert right after it;
// anything else (another element, text, an end tag that places the Insert,
// the end of the window or of the document) places it where it would have
// gone. Nothing but meta, title, comments and white space comes between
// the two places, so the block still precedes every script, and at most
// charsetWindow bytes are held.

// pendInsert makes the Insert pending at buffer index x, if x is within
// the window; otherwise it places it there.
func (w *Writer) pendInsert(b []byte, x int) {
	if w.base+int64(x) > charsetWindow {
		w.insertAt(b, x)
		return
	}
	w.passTo(b, x)
	w.pending = true
	w.pendAt = w.base + int64(x)
}

// headStart reports whether the current start tag may precede the
// charset declaration without the Insert being placed first: <meta> and
// <title>, which neither run nor load anything.
func (w *Writer) headStart(b []byte, ts int) bool {
	tl := &w.tl
	if tl.a == atom.Title {
		return true
	}
	return tl.a == 0 && tl.phase != phName && equalLower(b[ts+1:ts+int(tl.nameEnd)], "meta")
}

// declaresCharset reports whether the complete <meta> tag b[ts:te]
// declares the document's charset, as the prescan reads it: a charset
// attribute, or http-equiv="content-type" with a content naming a charset.
func (w *Writer) declaresCharset(b []byte, ts, te int) bool {
	w.tl.relex(b, ts, te) // a meta's attributes are not recorded as it is lexed
	tag := b[ts:te]
	if w.tl.tooMany || w.tl.streaming {
		return false
	}
	if i := w.attrIndex(tag, "charset"); i >= 0 {
		return trimSpace(w.attrView(tag, i)) != ""
	}
	he, ci := w.attrIndex(tag, "http-equiv"), w.attrIndex(tag, "content")
	if he < 0 || ci < 0 || !ascii.EqualFold(trimSpace(w.attrView(tag, he)), "content-type") {
		return false
	}
	c := strings.ToLower(w.attrView(tag, ci))
	for {
		k := strings.Index(c, "charset")
		if k < 0 {
			return false
		}
		c = strings.TrimLeft(c[k+len("charset"):], " \t\n\f\r")
		if strings.HasPrefix(c, "=") {
			return trimSpace(c[1:]) != ""
		}
	}
}

// pendingStart handles a complete start tag b[ts:te] while the Insert is
// not yet placed, before the tag is acted on. It reports whether the tag
// has been dealt with as far as the Insert is concerned.
func (w *Writer) pendingStart(b []byte, ts, te int) bool {
	if !w.headStart(b, ts) {
		if w.pending {
			w.insertAt(b, ts)
			return true
		}
		return false
	}
	if !w.pending {
		if w.base+int64(ts) > charsetWindow {
			return false
		}
		w.pendInsert(b, ts)
	}
	if w.tl.a == 0 && w.base+int64(te) <= charsetWindow && w.declaresCharset(b, ts, te) {
		w.pending = false
		w.insertAt(b, te)
	}
	return true
}
