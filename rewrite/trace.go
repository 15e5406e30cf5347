package rewrite

import (
	"strings"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
	"golang.org/x/net/html"
)

// The scanner reports its tokens to a trace function in tests, which compare
// them with x/net/html's tokenizer.

type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokSelfClosing
	tokEnd
	tokComment // comments, doctypes, bogus comments and "</>"
)

type traceToken struct {
	kind       tokKind
	start, end int64 // stream offsets of the token's raw bytes
	name       string
	attrs      []html.Attribute
	truncated  bool // more than maxAttrs attributes: attrs holds the first ones
}

func (w *Writer) traceTok(k tokKind, start, end int) {
	if w.trace == nil {
		return
	}
	w.trace(traceToken{kind: k, start: w.base + int64(start), end: w.base + int64(end)})
}

// traceEnd reports an end tag b[ts:te].
func (w *Writer) traceEnd(b []byte, ts, te int) {
	t := traceToken{kind: tokEnd, start: w.base + int64(ts), end: w.base + int64(te)}
	if !w.tl.streaming {
		t.name = w.traceName(b[ts:te])
	}
	w.trace(t)
}

// traceTag reports a start tag b[ts:te].
func (w *Writer) traceTag(b []byte, ts, te int, selfClosing bool) {
	k := tokStart
	if selfClosing {
		k = tokSelfClosing
	}
	t := traceToken{kind: k, start: w.base + int64(ts), end: w.base + int64(te)}
	if !w.tl.streaming {
		tag := b[ts:te]
		t.name, t.attrs, t.truncated = w.traceName(tag), w.attrs(tag), w.tl.tooMany
	}
	w.trace(t)
}

// traceName returns the tag name as x/net/html reports it.
func (w *Writer) traceName(tag []byte) string {
	start := 1
	if w.tl.endTag {
		start = 2
	}
	name := string(ascii.AppendLower(make([]byte, 0, w.tl.nameEnd), tag[start:w.tl.nameEnd]))
	return strings.ReplaceAll(name, "\x00", "\ufffd")
}
