package classify

import (
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// valuePrefilter holds what every value a shape's regular expression
// matches must have, read from the expression's syntax tree, so that a
// value lacking it is refused without running the expression. Each part
// errs on the side of admitting: where the tree does not tell, it admits
// every value.
type valuePrefilter struct {
	first  byteSet // the bytes a matching value can start with
	minLen int     // the fewest bytes a matching value has
	at     int     // where atLit stands
	atLit  string  // a literal every matching value holds at byte at, past lit
	inner  string  // a literal every matching value contains, past lit
}

// byteSet is a set of bytes, one bit each.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

func (s *byteSet) union(t byteSet) {
	for i := range s {
		s[i] |= t[i]
	}
}

func (s *byteSet) addRange(lo, hi int) {
	for c := lo; c <= hi; c++ {
		s.add(byte(c))
	}
}

// allBytes admits every first byte.
var allBytes = byteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// newValuePrefilter derives the prefilter of a value pattern (the
// expression between the slashes). A pattern that does not parse, which
// regexp.Compile has already refused, admits everything.
func newValuePrefilter(expr string) valuePrefilter {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return valuePrefilter{first: allBytes}
	}
	a := analyse(re)
	p := valuePrefilter{first: allBytes, minLen: a.minLen}
	// The first bytes hold only for a match that starts where the value
	// does, which ^ at the head of the top-level sequence ensures; and an
	// expression that can match nothing at all starts with no byte.
	if re.Op == syntax.OpConcat && len(re.Sub) > 0 && re.Sub[0].Op == syntax.OpBeginText {
		if !a.nullable {
			p.first = a.first
		}
		p.at, p.atLit = fixedLiteral(re.Sub[1:])
	}
	if p.inner = innerLiteral(re); p.inner == p.atLit {
		p.inner = ""
	}
	return p
}

// shapeFacts is what analyse knows of a subexpression: the bytes its
// matches can start with, whether it can match the empty string (then
// what follows it may supply the first byte), and the bytes its shortest
// match has.
type shapeFacts struct {
	first    byteSet
	nullable bool
	minLen   int
}

// analyse returns the facts of re. Runes are counted as one byte each in
// minLen, since an invalid byte of the value matches U+FFFD; a rune past
// ASCII may start with any byte from 0x80.
func analyse(re *syntax.Regexp) shapeFacts {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return shapeFacts{nullable: true}
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return shapeFacts{nullable: true}
		}
		var f shapeFacts
		f.minLen = len(re.Rune)
		r := re.Rune[0]
		addRune(&f.first, r)
		if re.Flags&syntax.FoldCase != 0 {
			for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
				addRune(&f.first, o)
			}
		}
		return f
	case syntax.OpCharClass:
		var f shapeFacts
		f.minLen = 1
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if lo < utf8.RuneSelf {
				f.first.addRange(int(lo), int(min(hi, utf8.RuneSelf-1)))
			}
			if hi >= utf8.RuneSelf {
				f.first.addRange(utf8.RuneSelf, 0xff)
			}
		}
		return f
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return shapeFacts{first: allBytes, minLen: 1}
	case syntax.OpCapture, syntax.OpPlus:
		return analyse(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		f := analyse(re.Sub[0])
		f.nullable, f.minLen = true, 0
		return f
	case syntax.OpRepeat:
		if re.Max == 0 {
			return shapeFacts{nullable: true}
		}
		f := analyse(re.Sub[0])
		if re.Min == 0 {
			f.nullable, f.minLen = true, 0
		} else {
			f.minLen *= re.Min
		}
		return f
	case syntax.OpConcat:
		f := shapeFacts{nullable: true}
		for _, sub := range re.Sub {
			s := analyse(sub)
			if f.nullable {
				f.first.union(s.first)
				f.nullable = s.nullable
			}
			f.minLen += s.minLen
		}
		return f
	case syntax.OpAlternate:
		var f shapeFacts
		for i, sub := range re.Sub {
			s := analyse(sub)
			f.first.union(s.first)
			f.nullable = f.nullable || s.nullable
			if i == 0 || s.minLen < f.minLen {
				f.minLen = s.minLen
			}
		}
		return f
	}
	// An operator analyse does not know (OpNoMatch): admit all.
	return shapeFacts{first: allBytes, nullable: true}
}

// addRune adds the first bytes a value can hold where the expression
// reads r.
func addRune(s *byteSet, r rune) {
	if r < utf8.RuneSelf {
		s.add(byte(r))
	} else {
		s.addRange(utf8.RuneSelf, 0xff)
	}
}

// innerLiteral returns the longest literal of the top-level sequence of
// re past its start, of at least two bytes ("MCIDTS", ".utmcsr="): every
// match contains it. A literal at the start is left out, since valueShape
// compares it as lit; "" when there is none.
func innerLiteral(re *syntax.Regexp) string {
	if re.Op != syntax.OpConcat {
		return ""
	}
	var best string
	for i, sub := range re.Sub {
		if i == 0 || i == 1 && re.Sub[0].Op == syntax.OpBeginText {
			continue
		}
		var b strings.Builder
		if literalRunes(&b, sub) && b.Len() > len(best) {
			best = b.String()
		}
	}
	if len(best) < 2 {
		return ""
	}
	return best
}

// fixedLiteral returns the first literal of an anchored sequence that
// stands at a fixed offset past the sequence's start, other than one at
// the start (valueShape's lit): "." at 16 in [0-9a-f]{16}\.\d{10}. It reads
// up to the first part of varying width; "" when no literal comes before.
func fixedLiteral(seq []*syntax.Regexp) (at int, lit string) {
	for _, sub := range seq {
		if at > 0 && sub.Op == syntax.OpLiteral {
			var b strings.Builder
			if literalRunes(&b, sub) && asciiOnly(sub.Rune) {
				return at, b.String()
			}
		}
		w, ok := fixedWidth(sub)
		if !ok {
			break
		}
		at += w
	}
	return 0, ""
}

// fixedWidth returns the bytes every match of re has, when all its matches
// have the same number: ASCII literals and classes, exact repeats of them,
// and sequences of those.
func fixedWidth(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpBeginText:
		return 0, true
	case syntax.OpLiteral:
		return len(re.Rune), re.Flags&syntax.FoldCase == 0 && asciiOnly(re.Rune)
	case syntax.OpCharClass:
		return 1, len(re.Rune) > 0 && re.Rune[len(re.Rune)-1] < utf8.RuneSelf
	case syntax.OpCapture:
		return fixedWidth(re.Sub[0])
	case syntax.OpRepeat:
		w, ok := fixedWidth(re.Sub[0])
		return w * re.Min, ok && re.Min == re.Max
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			w, ok := fixedWidth(sub)
			if !ok {
				return 0, false
			}
			n += w
		}
		return n, true
	}
	return 0, false
}

// asciiOnly reports whether every rune of rs is ASCII, one byte in UTF-8.
func asciiOnly(rs []rune) bool {
	for _, r := range rs {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
