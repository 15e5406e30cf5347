package classify

import "strings"

// anchorOrder ranks the bytes tokens are anchored on, from the rarest in
// JavaScript (minified or not) to the most common, except that '(' is
// moved up: it is common, but one pass over a small script finds every
// API call token. A token is anchored on the first byte of this list that
// appears in its literal text. Each anchor byte costs a vectorized pass
// over the script, so the tokens looked for in every script must use one
// of the first fastAnchors bytes; the small-script tokens may use any, and
// TestBuiltinSignatures keeps their count low.
const anchorOrder = "jq_" + "WYVXZJKQzGUHPO$" + "(" + "SIFkxyvbBwLRMTDNACE0123456789[]{}|:-/mfpghduclsoainrte.),=;!?<>*+&%#@^"

// fastAnchors is how many bytes of anchorOrder anchor the tokens looked for
// in every script.
const fastAnchors = 3

// anchorGroup holds the tokens anchored on one byte. At each occurrence of
// the byte, the four bytes around it are looked up in a small hash table per
// window placement, so a hit costs a few loads, not one comparison per
// token. Tokens with fewer than four literal bytes around their anchor are
// checked one by one (fallback).
type anchorGroup struct {
	b        byte
	windows  []windowTable
	fallback []*compiledSig
}

// windowTable maps the four literal bytes at a fixed offset from the anchor
// (off is -3..0) to the tokens that have them there. It is an
// open-addressing table whose size is a power of two.
type windowTable struct {
	off   int
	shift uint
	slots []windowSlot
}

type windowSlot struct {
	key   uint32
	cands []*compiledSig // nil: empty slot
}

const windowHashMul = 0x9E3779B1

func (t *windowTable) lookup(key uint32) []*compiledSig {
	mask := uint32(len(t.slots) - 1)
	for h := (key * windowHashMul) >> t.shift; ; h = (h + 1) & mask {
		s := &t.slots[h]
		if s.cands == nil || s.key == key {
			return s.cands
		}
	}
}

func (t *windowTable) insert(key uint32, cs *compiledSig) {
	mask := uint32(len(t.slots) - 1)
	for h := (key * windowHashMul) >> t.shift; ; h = (h + 1) & mask {
		s := &t.slots[h]
		if s.cands == nil || s.key == key {
			s.key = key
			s.cands = append(s.cands, cs)
			return
		}
	}
}

// window returns the four literal bytes of cs at offset off (-3..0) from
// its anchor as a little-endian word; ok is false when they are not all
// literal.
func (cs *compiledSig) window(off int) (key uint32, ok bool) {
	lo, hi := cs.anchor+off, cs.anchor+off+4
	if lo < 0 || hi > len(cs.elems) {
		return 0, false
	}
	for i := lo; i < hi; i++ {
		if cs.elems[i].kind != sigLiteral {
			return 0, false
		}
		key |= uint32(cs.elems[i].b) << (8 * uint(i-lo))
	}
	return key, true
}

// buildAnchorGroup spreads the tokens anchored on a over as few window
// placements as it can (each placement costs a lookup at every occurrence
// of a): it takes the placement most of the remaining tokens can use, until
// none can use any; those are checked one by one.
func buildAnchorGroup(a byte, toks []*compiledSig) anchorGroup {
	g := anchorGroup{b: a}
	left := toks
	for len(left) > 0 {
		bestOff, bestN := 0, 0
		for off := -3; off <= 0; off++ {
			n := 0
			for _, cs := range left {
				if _, ok := cs.window(off); ok {
					n++
				}
			}
			if n > bestN {
				bestOff, bestN = off, n
			}
		}
		if bestN == 0 {
			g.fallback = left
			break
		}
		bits := uint(1)
		for 1<<bits < 4*bestN {
			bits++
		}
		t := windowTable{off: bestOff, shift: 32 - bits, slots: make([]windowSlot, 1<<bits)}
		var rest []*compiledSig
		for _, cs := range left {
			if key, ok := cs.window(bestOff); ok {
				t.insert(key, cs)
			} else {
				rest = append(rest, cs)
			}
		}
		g.windows = append(g.windows, t)
		left = rest
	}
	return g
}

// buildAnchorGroups groups toks by anchor byte, the rarest byte first.
func buildAnchorGroups(toks []*compiledSig) []anchorGroup {
	var byAnchor [256][]*compiledSig
	var anchors []byte
	for _, cs := range toks {
		a := cs.elems[cs.anchor].b
		if byAnchor[a] == nil {
			anchors = append(anchors, a)
		}
		byAnchor[a] = append(byAnchor[a], cs)
	}
	sortBytesBy(anchors, anchorOrder)
	groups := make([]anchorGroup, 0, len(anchors))
	for _, a := range anchors {
		groups = append(groups, buildAnchorGroup(a, byAnchor[a]))
	}
	return groups
}

func sortBytesBy(b []byte, order string) {
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && strings.IndexByte(order, b[j]) < strings.IndexByte(order, b[j-1]); j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
}
