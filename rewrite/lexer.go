package rewrite

import (
	"github.com/caddy-consent/caddy-consent/internal/ascii"
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

// maxAttrs bounds the attributes kept for one tag (a tag with more is not
// rewritten), so that memory stays proportional to Options.MaxHeld.
const maxAttrs = 1024

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
	el        uint8     // index in elements of the element named; 0 if none
	lname     [maxName]byte
	nlen      int      // length of the name looked up; -1 when too long or lost, 0 when not looked up
	h         uint32   // nameHash of the lower-cased name, when looked up
	consent   bool     // an attribute name starts with "data-consent"
	ping      bool     // a ping attribute (a and area send it pings)
	fontAttr  bool     // a color, face or size attribute (for <font> in foreign content)
	lastUnqGT bool     // the last attribute's unquoted value ended at '>'
	prev      byte     // streaming: the last byte lexed before the current buffer
	full      bool     // look every name up (in foreign content)
	tooMany   bool     // more than maxAttrs attributes: the rest are not kept
	rec       bool     // record attributes as they are lexed (see wantAttrs, relex)
	recorded  bool     // attrs, consent and fontAttr are filled in
	cur       attrSpan // the attribute being lexed when a buffer ended in it
	// maybeConsent: an attribute name is one noteKey looks for outside
	// font (see noteworthy).
	maybeConsent bool
	attrs        []attrSpan
	names        [nameCacheSize]nameEntry
}

// lexStop marks the bytes that end an attribute name (bit 1: white space,
// '/', '>', '='), an unquoted value (bit 2: white space, '>') and a tag name
// (bit 4: white space, '/', '>'), and white space (bit 8).
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
	for _, c := range []byte(" \n\r\t\f") {
		lexStop[c] |= 8
	}
}

func (tl *tagLexer) begin(start int64, endTag bool, recAll bool) {
	tl.start = start
	tl.endTag = endTag
	tl.phase = phName
	tl.streaming = false
	tl.a = 0
	tl.el = 0
	tl.nlen = 0
	tl.consent = false
	tl.ping = false
	tl.fontAttr = false
	tl.lastUnqGT = false
	tl.tooMany = false
	tl.rec = recAll
	tl.recorded = false
	tl.maybeConsent = false
	tl.attrs = tl.attrs[:0]
}

// relex lexes the complete tag b[ts:te] again, recording its attributes.
// The first pass only finds where a tag ends; most tags need nothing more.
func (tl *tagLexer) relex(b []byte, ts, te int) {
	if tl.rec || tl.recorded || tl.streaming {
		return // recorded in the first pass
	}
	tl.attrs = tl.attrs[:0]
	tl.consent, tl.ping, tl.fontAttr, tl.tooMany = false, false, false, false
	tl.phase, tl.rec = phName, true
	i := ts + 2
	if tl.endTag {
		i++
	}
	tl.lex(b[:te], i, ts)
	tl.rec, tl.recorded = false, true
}

// lex continues lexing at b[i]; ts is the index of the tag's '<' in b (it may
// be negative once streaming). It returns the index after the tag's '>' and
// true, or len(b) and false when b ends first.
//
// It is a state machine written with labels: the phase is stored only when
// b ends, and the attribute being lexed lives in local variables (saved in
// tl.cur only then), because writing a span field by field and reading it
// back whole stalls the CPU.
func (tl *tagLexer) lex(b []byte, i, ts int) (int, bool) {
	n := len(b)
	var ks, ke, vs, ve int32
	var q byte
	var eq bool
	if tl.phase > phBeforeAttr {
		c := &tl.cur
		ks, ke, vs, ve, q, eq = c.ks, c.ke, c.vs, c.ve, c.q, c.eq
	}
	switch tl.phase {
	case phBeforeAttr:
		goto beforeAttr
	case phKey:
		goto key
	case phAfterKey:
		goto afterKey
	case phBeforeVal:
		goto beforeVal
	case phQuoted:
		goto quoted
	case phUnquoted:
		goto unquoted
	}

	// phName
	i += span(b[i:], 4)
	if i >= n {
		tl.phase = phName
		return tl.stop(b, n)
	}
	if ts >= 0 && !tl.full && !tl.streaming && nameFilter[min(i-ts, len(nameFilter)-1)]&(1<<(b[ts+1+b2i(tl.endTag)]&31)) == 0 {
		// Not a name the rewriter acts on (see quickElement).
		tl.nameEnd, tl.a, tl.el, tl.nlen = int32(i-ts), 0, 0, 0
	} else {
		tl.nameDone(b, ts, i)
	}
	if lexStop[b[i]]&8 != 0 {
		i++
	}

beforeAttr:
	for i < n && lexStop[b[i]]&8 != 0 {
		i++
	}
	if i >= n {
		tl.phase = phBeforeAttr
		return tl.stop(b, n)
	}
	if b[i] == '>' {
		tl.phase = phBeforeAttr
		return i + 1, true
	}
	ks, vs, ve, q, eq = int32(i-ts), 0, 0, 0, false
	if b[i] == '=' {
		// A leading '=' is part of the name (WHATWG 13.2.5.32).
		i++
	}

key:
	i += span(b[i:], 1)
	if i >= n {
		tl.phase = phKey
		tl.cur = attrSpan{ks: ks}
		return tl.stop(b, n)
	}
	ke = int32(i - ts)
	if n := ke - ks; (n >= 12 || n == 4) && !tl.streaming && noteworthy(b[ts+int(ks):i]) {
		tl.maybeConsent = true
	}

afterKey:
	for i < n && lexStop[b[i]]&8 != 0 {
		i++
	}
	if i >= n {
		tl.phase = phAfterKey
		tl.cur = attrSpan{ks: ks, ke: ke}
		return tl.stop(b, n)
	}
	if b[i] != '=' {
		if b[i] == '/' {
			i++
		}
		if tl.rec {
			tl.record(b, ts, ks, ke, 0, 0, ke, 0, false)
		}
		tl.lastUnqGT = false
		goto beforeAttr
	}
	i++
	eq = true

beforeVal:
	for i < n && lexStop[b[i]]&8 != 0 {
		i++
	}
	if i >= n {
		tl.phase = phBeforeVal
		tl.cur = attrSpan{ks: ks, ke: ke, eq: eq}
		return tl.stop(b, n)
	}
	switch c := b[i]; c {
	case '>':
		if tl.rec {
			p := int32(i - ts)
			tl.record(b, ts, ks, ke, p, p, p, 0, eq)
		}
		tl.lastUnqGT = false
		goto beforeAttr
	case '"', '\'':
		q = c
		i++
		vs = int32(i - ts)
	default:
		vs = int32(i - ts)
		goto unquoted
	}

quoted:
	{
		j := n
		if k := indexByte(b[i:], q); k >= 0 {
			j = i + k
		}
		if j >= n {
			tl.phase = phQuoted
			tl.cur = attrSpan{ks: ks, ke: ke, vs: vs, q: q, eq: eq}
			return tl.stop(b, n)
		}
		i = j + 1
		if tl.rec {
			tl.record(b, ts, ks, ke, vs, int32(j-ts), int32(i-ts), q, eq)
		}
		tl.lastUnqGT = false
		goto beforeAttr
	}

unquoted:
	i += span(b[i:], 2)
	if i >= n {
		tl.phase = phUnquoted
		tl.cur = attrSpan{ks: ks, ke: ke, vs: vs, eq: eq}
		return tl.stop(b, n)
	}
	ve = int32(i - ts)
	if tl.rec {
		tl.record(b, ts, ks, ke, vs, ve, ve, 0, eq)
	}
	tl.lastUnqGT = b[i] == '>'
	if !tl.lastUnqGT {
		i++
	}
	goto beforeAttr
}

// span returns how many bytes at the start of s have none of the lexStop
// bits in mask.
func span(s []byte, mask uint8) int {
	for j, c := range s {
		if lexStop[c]&mask != 0 {
			return j
		}
	}
	return len(s)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// stop is lex's return at the end of b.
func (tl *tagLexer) stop(b []byte, n int) (int, bool) {
	if n > 0 {
		tl.prev = b[n-1]
	}
	return n, false
}

// nameDone notes the tag name b[ts+1 or 2 : end]. Outside foreign content
// (full false) only the names the rewriter acts on are recognized, without
// copying; in foreign content every name is looked up and kept lower-cased.
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
	if !tl.full {
		tl.el = quickElement(name)
		tl.a = elements[tl.el].a
		tl.rec = tl.rec || !tl.endTag && elements[tl.el].record
		if tl.a != atom.Svg && tl.a != atom.Math {
			return
		}
	}
	tl.lookupName(name)
	tl.rec = tl.rec || !tl.endTag && elements[tl.el].record
}

// nameCacheSize is the number of entries of tagLexer.names: foreign
// content (SVG icons) repeats a few names many times.
const nameCacheSize = 32

// nameEntry caches the atom, element and hash of a lower-cased name of up
// to 8 bytes.
type nameEntry struct {
	key uint64 // the lower-cased name's bytes, little-endian
	n   uint8  // its length; 0 for an empty entry
	el  uint8
	a   atom.Atom
	h   uint32
}

// lookupName sets tl.a, tl.el, tl.h, tl.lname and tl.nlen from a tag name
// of at most maxName bytes.
func (tl *tagLexer) lookupName(name []byte) {
	tl.nlen = len(name)
	if len(name) <= 8 {
		var k uint64
		for i, c := range name {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			k |= uint64(c) << (8 * i)
		}
		e := &tl.names[(k*0x9E3779B97F4A7C15)>>59]
		if e.n == uint8(len(name)) && e.key == k && e.n != 0 {
			tl.a, tl.el, tl.h = e.a, e.el, e.h
			return
		}
		for i := range name {
			tl.lname[i] = byte(k >> (8 * i))
		}
		tl.a = atom.Lookup(tl.lname[:len(name)])
		tl.el = elementOf(tl.a)
		tl.h = nameHash(tl.lname[:len(name)])
		*e = nameEntry{key: k, n: uint8(len(name)), el: tl.el, a: tl.a, h: tl.h}
		return
	}
	for k, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		tl.lname[k] = c
	}
	tl.a = atom.Lookup(tl.lname[:len(name)])
	tl.el = elementOf(tl.a)
	tl.h = nameHash(tl.lname[:len(name)])
}

// nameHash returns the hash of the lower-cased tag name, or a value of its
// own when the name was too long to keep or was not looked up.
func (tl *tagLexer) nameHash() uint32 {
	if tl.nlen <= 0 {
		return 0
	}
	return tl.h
}

// record saves an attribute: x/net/html keeps every attribute with a
// non-empty name, the first of the same name winning (see attrIndex). The
// fields are stored one by one into the slice: building a span and copying
// it whole stalls the CPU.
func (tl *tagLexer) record(b []byte, ts int, ks, ke, vs, ve, end int32, q byte, eq bool) {
	if ke == ks || tl.streaming {
		return
	}
	if n, c := ke-ks, b[ts+int(ks)]|0x20; n >= 12 && c == 'd' || n == 4 && c == 'p' || tl.a == atom.Font {
		tl.noteKey(b[ts+int(ks) : ts+int(ke)])
	}
	n := len(tl.attrs)
	if n >= maxAttrs {
		tl.tooMany = true
		return
	}
	if n == cap(tl.attrs) {
		tl.attrs = append(tl.attrs, attrSpan{})[:n]
	}
	tl.attrs = tl.attrs[:n+1]
	a := &tl.attrs[n]
	a.ks, a.ke, a.vs, a.ve, a.end, a.q, a.eq = ks, ke, vs, ve, end, q, eq
}

// noteworthy reports whether an attribute name is one noteKey looks for
// in any tag: data-consent... or ping. Sites put long data-* attributes on
// many elements; only these send a tag the rewriter ignores down the full
// path.
func noteworthy(k []byte) bool {
	switch {
	case len(k) >= 12:
		return k[0]|0x20 == 'd' && equalLower(k[:12], "data-consent")
	case len(k) == 4:
		return k[0]|0x20 == 'p' && equalLower(k, "ping")
	}
	return false
}

// isStyle reports whether an attribute name is style.
func isStyle(k []byte) bool { return k[0]|0x20 == 's' && equalLower(k, "style") }

// noteKey notes the attribute names that matter before the tag ends.
func (tl *tagLexer) noteKey(k []byte) {
	if tl.a == atom.Font {
		tl.fontAttr = tl.fontAttr || ascii.EqualFold(k, "face") || ascii.EqualFold(k, "size") || ascii.EqualFold(k, "color")
	}
	if ascii.HasPrefixFold(k, "data-consent") {
		tl.consent = true
	}
	if ascii.EqualFold(k, "ping") {
		tl.ping = true
	}
}

// skipTag is tagLexer.lex for the commonest tag, one the rewriter ignores
// (bareTag vetted its name): it finds the end of the tag whose attributes
// start at b[i] with the same rules, recording nothing. It returns the
// index after '>', or -1 when b ends first or an attribute name may be one
// noteKey looks for; quickTag then lexes the tag in full.
func skipTag(b []byte, i int) int {
	n := len(b)
	for {
		for i < n && lexStop[b[i]]&8 != 0 {
			i++
		}
		if i >= n {
			return -1
		}
		if b[i] == '>' {
			return i + 1
		}
		ks := i
		if b[i] == '=' {
			i++ // a leading '=' is part of the name
		}
		i += span(b[i:], 1)
		if i >= n {
			return -1
		}
		// A style attribute sends the tag to the full lexer too: it may
		// load CSS URLs (see styleHold).
		if k := i - ks; (k >= 12 || k == 4 || k == 5) && (noteworthy(b[ks:i]) || k == 5 && isStyle(b[ks:i])) {
			return -1
		}
		for i < n && lexStop[b[i]]&8 != 0 {
			i++
		}
		if i >= n {
			return -1
		}
		if b[i] != '=' {
			if b[i] == '/' {
				i++
			}
			continue
		}
		i++
		for i < n && lexStop[b[i]]&8 != 0 {
			i++
		}
		if i >= n {
			return -1
		}
		switch c := b[i]; c {
		case '>':
			return i + 1
		case '"', '\'':
			k := indexByte(b[i+1:], c)
			if k < 0 {
				return -1
			}
			i += k + 2
		default:
			i += span(b[i:], 2)
			if i >= n {
				return -1
			}
			if b[i] != '>' {
				i++
			}
		}
	}
}
