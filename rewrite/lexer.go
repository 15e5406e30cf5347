package rewrite

import (
	"bytes"

	"golang.org/x/net/html/atom"
)

// Tag lexer phases, after x/net/html's readTag, readTagName, readTagAttrKey
// and readTagAttrVal.
const (
	phName       uint8 = iota // in the tag name
	phBeforeAttr              // white space before an attribute, or '>'
	phKey                     // in an attribute name
	phAfterKey                // after a name: '/', '=' or the next attribute
	phBeforeVal               // after '='
	phQuoted                  // in a quoted value
	phUnquoted                // in an unquoted value
)

// maxName is the longest tag name kept (lower-cased) for lookups; longer
// names are none of the elements the rewriter knows.
const maxName = 32

// attrSpan locates an attribute in its tag. Offsets are relative to the tag's
// '<'.
type attrSpan struct {
	ks, ke int32 // name
	vs, ve int32 // value, without quotes
	end    int32 // end of the attribute: after the value and its closing quote
	q      byte  // the value's quote; 0 when unquoted or absent
	eq     bool  // the attribute has '=' (and so a value, possibly empty)
}

// tagLexer finds the end of a start or end tag and the attributes in it. It
// can stop at the end of a buffer and resume with the next one.
type tagLexer struct {
	start     int64 // stream offset of '<'
	endTag    bool
	phase     uint8
	streaming bool // abandoned (too large): bytes are written out as lexed, not held
	nameEnd   int32
	a         atom.Atom // atom of the lower-cased name; 0 if none
	lname     [maxName]byte
	nlen      int  // length of lname; -1 when the name is too long or was lost
	consent   bool // an attribute name starts with "data-consent"
	fontAttr  bool // a color, face or size attribute (for <font> in foreign content)
	lastUnqGT bool // the last attribute's unquoted value ended at '>'
	prev      byte // streaming: the last byte lexed before the current buffer
	cur       attrSpan
	attrs     []attrSpan
}

// lexStop marks the bytes that end an attribute name (bit 1: white space,
// '/', '>', '='), an unquoted value (bit 2: white space, '>') and a tag name
// (bit 4: white space, '/', '>').
var lexStop [256]uint8

func init() {
	for _, c := range []byte(" \n\r\t\f/>=") {
		lexStop[c] |= 1
	}
	for _, c := range []byte(" \n\r\t\f>") {
		lexStop[c] |= 2
	}
	for _, c := range []byte(" \n\r\t\f/>") {
		lexStop[c] |= 4
	}
}

func (tl *tagLexer) begin(start int64, endTag bool) {
	tl.start = start
	tl.endTag = endTag
	tl.phase = phName
	tl.streaming = false
	tl.a = 0
	tl.nlen = 0
	tl.consent = false
	tl.fontAttr = false
	tl.lastUnqGT = false
	tl.attrs = tl.attrs[:0]
}

// lex continues lexing at b[i]; ts is the index of the tag's '<' in b (it may
// be negative once streaming). It returns the index after the tag's '>' and
// true, or len(b) and false when b ends first.
func (tl *tagLexer) lex(b []byte, i, ts int) (int, bool) {
	n := len(b)
	for {
		switch tl.phase {
		case phName:
			for i < n && lexStop[b[i]]&4 == 0 {
				i++
			}
			if i >= n {
				return tl.stop(b, n)
			}
			tl.nameDone(b, ts, i)
			if isSpace(b[i]) {
				i++
			}
			tl.phase = phBeforeAttr
		case phBeforeAttr:
			for i < n && isSpace(b[i]) {
				i++
			}
			if i >= n {
				return tl.stop(b, n)
			}
			if b[i] == '>' {
				return i + 1, true
			}
			tl.cur = attrSpan{ks: int32(i - ts)}
			if b[i] == '=' {
				// A leading '=' is part of the name (WHATWG 13.2.5.32).
				i++
			}
			tl.phase = phKey
		case phKey:
			for i < n && lexStop[b[i]]&1 == 0 {
				i++
			}
			if i >= n {
				return tl.stop(b, n)
			}
			tl.cur.ke = int32(i - ts)
			tl.phase = phAfterKey
		case phAfterKey:
			for i < n && isSpace(b[i]) {
				i++
			}
			if i >= n {
				return tl.stop(b, n)
			}
			switch b[i] {
			case '/':
				i++
				tl.cur.end = tl.cur.ke
				tl.record(b, ts)
				tl.phase = phBeforeAttr
			case '=':
				i++
				tl.cur.eq = true
				tl.phase = phBeforeVal
			default:
				tl.cur.end = tl.cur.ke
				tl.record(b, ts)
				tl.phase = phBeforeAttr
			}
		case phBeforeVal:
			for i < n && isSpace(b[i]) {
				i++
			}
			if i >= n {
				return tl.stop(b, n)
			}
			switch c := b[i]; c {
			case '>':
				tl.cur.vs, tl.cur.ve, tl.cur.end = int32(i-ts), int32(i-ts), int32(i-ts)
				tl.record(b, ts)
				tl.phase = phBeforeAttr
			case '"', '\'':
				tl.cur.q = c
				i++
				tl.cur.vs = int32(i - ts)
				tl.phase = phQuoted
			default:
				tl.cur.vs = int32(i - ts)
				tl.phase = phUnquoted
			}
		case phQuoted:
			j := bytes.IndexByte(b[i:], tl.cur.q)
			if j < 0 {
				return tl.stop(b, n)
			}
			i += j
			tl.cur.ve = int32(i - ts)
			i++
			tl.cur.end = int32(i - ts)
			tl.record(b, ts)
			tl.phase = phBeforeAttr
		case phUnquoted:
			for i < n && lexStop[b[i]]&2 == 0 {
				i++
			}
			if i >= n {
				return tl.stop(b, n)
			}
			tl.cur.ve = int32(i - ts)
			tl.cur.end = tl.cur.ve
			gt := b[i] == '>'
			tl.record(b, ts)
			tl.lastUnqGT = gt
			if !gt {
				i++
			}
			tl.phase = phBeforeAttr
		}
	}
}

// stop is lex's return at the end of b.
func (tl *tagLexer) stop(b []byte, n int) (int, bool) {
	if n > 0 {
		tl.prev = b[n-1]
	}
	return n, false
}

// nameDone notes the tag name b[ts+1 or 2 : end].
func (tl *tagLexer) nameDone(b []byte, ts, end int) {
	tl.nameEnd = int32(end - ts)
	if tl.streaming || ts < 0 {
		tl.nlen = -1 // lost: too long to hold
		return
	}
	start := ts + 1
	if tl.endTag {
		start++
	}
	name := b[start:end]
	if len(name) > maxName {
		tl.nlen = -1
		return
	}
	for k, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		tl.lname[k] = c
	}
	tl.nlen = len(name)
	tl.a = atom.Lookup(tl.lname[:tl.nlen])
}

// nameHash returns the hash of the lower-cased tag name, or a value of its
// own when the name was too long to keep.
func (tl *tagLexer) nameHash() uint32 {
	if tl.nlen < 0 {
		return 0
	}
	return nameHash(tl.lname[:tl.nlen])
}

// record saves the current attribute: x/net/html keeps every attribute with
// a non-empty name, the first of the same name winning (see attrIndex).
func (tl *tagLexer) record(b []byte, ts int) {
	tl.lastUnqGT = false
	a := tl.cur
	if a.ke == a.ks || tl.streaming {
		return
	}
	k := b[ts+int(a.ks) : ts+int(a.ke)]
	if tl.a == atom.Font {
		tl.fontAttr = tl.fontAttr || eqFold(k, "face") || eqFold(k, "size") || eqFold(k, "color")
	}
	if len(k) >= 12 && k[0]|0x20 == 'd' && eqFold(k[:12], "data-consent") {
		tl.consent = true
	}
	tl.attrs = append(tl.attrs, a)
}

// eqFold reports whether b equals the lower-case ASCII string s, ignoring
// ASCII case in b.
func eqFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}
