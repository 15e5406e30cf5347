package classify

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// Inline-script signatures: vendor-specific tokens that identify a tracker
// snippet inside an inline <script>. A script no signature matches is left
// alone: first-party and unknown inline code is never touched.
//
// Speed matters, because inline scripts can be large (frameworks inline
// 100 KB bundles and state blobs). The matcher never looks at every byte in
// Go code. Each token is anchored on one byte of its literal text, chosen
// from a short list of bytes that are rare in JavaScript (anchorOrder); the
// script is scanned once per anchor byte with bytes.IndexByte, which runs on
// vector instructions, and only at those rare positions is a token checked,
// forwards and backwards from its anchor. The cost is three fast passes
// plus a few tens of nanoseconds per occurrence of an anchor byte. Scripts
// of up to smallScriptMax bytes also get the tokens marked small, and a
// few more passes (see ScriptRule.Small).
//
// Token notation (ScriptRule.Spec):
//
//	'  a quote: ', " or ` (the same one throughout a token)
//	~  optional whitespace
//	#  one or more decimal digits
//	*  (at the end) the token is a prefix: no boundary is required after it
//
// Everything else is literal and case-sensitive. A token that starts (ends)
// with a letter, digit, '_' or '$' only matches where the byte before
// (after) it is none of those, so "_paq" does not match inside "__paq" and
// "gtm.js" not inside "gtm.jsx"; "fbq(~'track*" matches "fbq('trackCustom'".

// ScriptRule is one inline-script signature token and what it means. The
// built-in tokens are the script rows of the knowledge base (kb/*.tsv);
// operator tokens come from rules files (see ParseRules).
type ScriptRule struct {
	// Spec is the token, in the notation above: "fbq(~'init'".
	Spec string
	// Purpose is the purpose of a script that carries the token.
	Purpose purpose.Purpose
	// Vendor names whose code the token is.
	Vendor string
	// With, when set, must also occur somewhere in the script: Spec is
	// then a cheap trigger found by its anchor, and With the vendor's
	// token, looked for only once the trigger is found. The Rule shows
	// both, as "[a].q + clarity.ms/tag/".
	With string
	// Small marks a token looked for only in scripts of up to 4 KB
	// (smallScriptMax), the size of a dedicated snippet: a call of a
	// vendor's API, which a large first-party script may make in a click
	// handler without being the vendor's tag.
	Small bool
	// gtag, when set, means the Google tag decides, by the tag ids the
	// whole script configures (see refineGtag), instead of Purpose and
	// Vendor: gtagLoader tokens always match, gtagID tokens only when the
	// script configures a known tag id. Only built-in tokens set it.
	gtag uint8
}

// Values of ScriptRule.gtag.
const (
	gtagLoader = 1 + iota
	gtagID
)

// smallScriptMax is the size up to which a script also gets the tokens
// marked small: a dedicated tracking snippet is smaller.
const smallScriptMax = 4 << 10

// Token element kinds.
const (
	sigLiteral uint8 = iota
	sigQuote
	sigSpace
	sigDigits
)

type sigElem struct {
	kind uint8
	b    byte // for sigLiteral
}

// compiledSig is a token ready for matching at its anchor.
type compiledSig struct {
	tok    *ScriptRule
	elems  []sigElem
	anchor int    // index in elems of the anchor literal
	rule   string // the token as shown in Decision.Rule
	identL bool   // the token starts with an identifier byte
	identR bool   // the token ends with an identifier byte
	// prev and next are the literal bytes just before and after the
	// anchor, 0 when there is none: a quick test before matchAt.
	prev, next byte
	// decision is what a match decides, unless tok.gtag is set. It comes
	// last, after the fields the matcher reads at every candidate.
	decision Decision
}

// sigMatcher holds the compiled signatures grouped by anchor byte, twice:
// the tokens looked for in every script, and all of them for small
// scripts.
type sigMatcher struct {
	strong  []anchorGroup       // tokens not marked small, in anchorOrder order
	every   []anchorGroup       // all tokens, in anchorOrder order
	all     []*compiledSig      // in listing order
	vendors map[string]struct{} // distinct vendors
	source  string              // Decision.Source of its matches
}

// compileSignatures compiles the tokens of one tier, keeping the first
// listing of a token listed twice. fast requires every token not marked
// small to be anchored on one of the first fastAnchors bytes of
// anchorOrder, the speed rule of the built-in knowledge base.
func compileSignatures(toks []ScriptRule, source string, fast bool) (*sigMatcher, error) {
	m := &sigMatcher{vendors: make(map[string]struct{}), source: source}
	seen := make(map[string]bool)
	for i := range toks {
		t := &toks[i]
		if seen[t.Spec] {
			continue
		}
		seen[t.Spec] = true
		cs, err := compileSig(t, fast)
		if err != nil {
			return nil, err
		}
		cs.decision = Decision{Purpose: t.Purpose, Vendor: t.Vendor, Rule: cs.rule, Source: source}
		m.all = append(m.all, cs)
		if t.Vendor != "" {
			m.vendors[t.Vendor] = struct{}{}
		}
	}
	var strong []*compiledSig
	for _, cs := range m.all {
		if !cs.tok.Small {
			strong = append(strong, cs)
		}
	}
	m.strong = buildAnchorGroups(strong)
	m.every = buildAnchorGroups(m.all)
	return m, nil
}

// compileSig compiles one token; fast is as for compileSignatures.
func compileSig(t *ScriptRule, fast bool) (*compiledSig, error) {
	cs := &compiledSig{tok: t, anchor: -1}
	spec, prefix := strings.CutSuffix(t.Spec, "*")
	if spec == "" {
		return nil, fmt.Errorf("signature %q is empty", t.Spec)
	}
	var rule strings.Builder
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		switch c {
		case '\'':
			cs.elems = append(cs.elems, sigElem{kind: sigQuote})
			rule.WriteByte('\'')
		case '~':
			cs.elems = append(cs.elems, sigElem{kind: sigSpace})
			if i > 0 && spec[i-1] == ',' {
				rule.WriteByte(' ')
			}
		case '#':
			cs.elems = append(cs.elems, sigElem{kind: sigDigits})
			rule.WriteByte('#')
		default:
			cs.elems = append(cs.elems, sigElem{kind: sigLiteral, b: c})
			rule.WriteByte(c)
		}
	}
	if t.With != "" {
		rule.WriteString(" + ")
		rule.WriteString(t.With)
	}
	cs.rule = rule.String()
	best := len(anchorOrder)
	for i, e := range cs.elems {
		if e.kind != sigLiteral {
			continue
		}
		if k := strings.IndexByte(anchorOrder, e.b); k >= 0 && k < best {
			best, cs.anchor = k, i
		}
	}
	if cs.anchor < 0 {
		return nil, fmt.Errorf("signature %q has no anchor byte: it must contain one of %q", t.Spec, anchorOrder)
	}
	if fast && !t.Small && best >= fastAnchors {
		return nil, fmt.Errorf("signature %q is looked for in every script, so it must contain one of %q; choose another token or mark it small", t.Spec, anchorOrder[:fastAnchors])
	}
	if a := cs.anchor; a > 0 && cs.elems[a-1].kind == sigLiteral {
		cs.prev = cs.elems[a-1].b
	}
	if a := cs.anchor; a+1 < len(cs.elems) && cs.elems[a+1].kind == sigLiteral {
		cs.next = cs.elems[a+1].b
	}
	first, last := cs.elems[0], cs.elems[len(cs.elems)-1]
	cs.identL = first.kind == sigLiteral && isIdentByte(first.b) || first.kind == sigDigits
	cs.identR = !prefix && (last.kind == sigLiteral && isIdentByte(last.b) || last.kind == sigDigits)
	if t.gtag == 0 && (t.Purpose == purpose.Unknown || t.Purpose > purpose.Social || t.Vendor == "") {
		return nil, fmt.Errorf("signature %q needs a purpose and a vendor", t.Spec)
	}
	return cs, nil
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
}

func isQuoteByte(c byte) bool { return c == '\'' || c == '"' || c == '`' }

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// matchAt reports whether the token matches text with its anchor at p, and
// where the match starts.
func (cs *compiledSig) matchAt(text []byte, p int) (start int, ok bool) {
	var quote byte
	// Backwards from the anchor.
	i := p - 1
	for k := cs.anchor - 1; k >= 0; k-- {
		switch e := cs.elems[k]; e.kind {
		case sigLiteral:
			if i < 0 || text[i] != e.b {
				return 0, false
			}
			i--
		case sigQuote:
			if i < 0 || !isQuoteByte(text[i]) || quote != 0 && text[i] != quote {
				return 0, false
			}
			quote = text[i]
			i--
		case sigSpace:
			for i >= 0 && isSpaceByte(text[i]) {
				i--
			}
		case sigDigits:
			if i < 0 || !ascii.IsDigit(text[i]) {
				return 0, false
			}
			for i >= 0 && ascii.IsDigit(text[i]) {
				i--
			}
		}
	}
	start = i + 1
	if cs.identL && i >= 0 && isIdentByte(text[i]) {
		return 0, false
	}
	// Forwards from the anchor.
	j := p + 1
	for k := cs.anchor + 1; k < len(cs.elems); k++ {
		switch e := cs.elems[k]; e.kind {
		case sigLiteral:
			if j >= len(text) || text[j] != e.b {
				return 0, false
			}
			j++
		case sigQuote:
			if j >= len(text) || !isQuoteByte(text[j]) || quote != 0 && text[j] != quote {
				return 0, false
			}
			quote = text[j]
			j++
		case sigSpace:
			for j < len(text) && isSpaceByte(text[j]) {
				j++
			}
		case sigDigits:
			if j >= len(text) || !ascii.IsDigit(text[j]) {
				return 0, false
			}
			for j < len(text) && ascii.IsDigit(text[j]) {
				j++
			}
		}
	}
	if cs.identR && j < len(text) && isIdentByte(text[j]) {
		return 0, false
	}
	return start, true
}

// purposeRank orders purposes from least to most restrictive, for a script
// that carries several vendors' tags: it gets the purpose a visitor is least
// likely to grant.
func purposeRank(p purpose.Purpose) int {
	switch p {
	case purpose.Retargeting:
		return 6
	case purpose.Beacon:
		return 5
	case purpose.Social:
		return 4
	case purpose.Analytics:
		return 3
	case purpose.Functional:
		return 2
	case purpose.Necessary:
		return 1
	}
	return 0
}

// classify finds the signatures in text. When several vendors' tokens
// match, the most restrictive purpose wins, and among equals the token that
// comes first in the script.
func (m *sigMatcher) classify(text []byte) (Decision, bool) {
	var (
		best     Decision
		bestPos  = -1
		found    bool
		gtagDone bool
		gtagDec  Decision
		gtagIDs  bool
		withSeen [4]withAnswer // whether each "with" token occurs in text
		nWith    int
	)
	consider := func(d Decision, pos int) {
		if !found || purposeRank(d.Purpose) > purposeRank(best.Purpose) ||
			purposeRank(d.Purpose) == purposeRank(best.Purpose) && pos < bestPos {
			best, bestPos, found = d, pos, true
		}
	}
	groups := m.strong
	if len(text) <= smallScriptMax {
		groups = m.every
	}
	var hits [8][]*compiledSig
	for gi := range groups {
		g := &groups[gi]
		for off := 0; off < len(text); {
			i := bytes.IndexByte(text[off:], g.b)
			if i < 0 {
				break
			}
			p := off + i
			off = p + 1
			n := 0
			for k := range g.windows {
				w := &g.windows[k]
				lo := p + w.off
				if lo < 0 || lo+4 > len(text) {
					continue
				}
				if c := w.lookup(binary.LittleEndian.Uint32(text[lo:])); c != nil {
					hits[n] = c
					n++
				}
			}
			if n == 0 && len(g.fallback) == 0 {
				continue
			}
			hits[n] = g.fallback
			n++
			var before, after byte // 0 at the ends: no token has a NUL
			if p > 0 {
				before = text[p-1]
			}
			if p+1 < len(text) {
				after = text[p+1]
			}
			for _, cands := range hits[:n] {
				for _, cs := range cands {
					if cs.prev != 0 && cs.prev != before || cs.next != 0 && cs.next != after {
						continue
					}
					start, ok := cs.matchAt(text, p)
					if !ok {
						continue
					}
					t := cs.tok
					if t.With != "" && !hasWith(text, t.With, withSeen[:], &nWith) {
						continue
					}
					if t.gtag != 0 {
						if !gtagDone {
							gtagDec, gtagIDs = refineGtag(text)
							gtagDec.Source = m.source
							gtagDone = true
						}
						if t.gtag == gtagLoader || gtagIDs {
							consider(gtagDec, start)
						}
						continue
					}
					consider(cs.decision, start)
				}
			}
		}
	}
	return best, found
}

// withAnswer remembers whether a script contains a "with" token.
type withAnswer struct {
	with string
	has  bool
}

// hasWith reports whether text contains with, remembering answers in
// seen[:*n] while there is room.
func hasWith(text []byte, with string, seen []withAnswer, n *int) bool {
	for _, w := range seen[:*n] {
		if w.with == with {
			return w.has
		}
	}
	has := bytes.Contains(text, []byte(with))
	if *n < len(seen) {
		seen[*n].with, seen[*n].has = with, has
		*n++
	}
	return has
}

// ClassifyInlineScript decides the purpose of the text of an inline
// <script> by the vendor signatures it carries. ok is false when no
// signature matches: first-party and unknown inline scripts are never
// touched, and neither is a script that only sets Google Consent Mode
// defaults or updates. The Decision's Rule is the token that matched, as
// in "fbq('init'". Calls of a vendor's API without its loader or
// configuration (fbq('track', …), _paq.push(…)) count only in scripts of
// up to 4 KB, dedicated snippets, so that a large first-party script that
// merely calls a vendor is not held back. A script carrying several
// vendors' tags gets the most restrictive of their purposes (retargeting,
// then beacon, social, analytics, functional, necessary). The operator's
// script rules, when any match, win over the built-in ones; operator URL
// rules do not apply to inline scripts. The caller should skip scripts
// whose type is not JavaScript (JSON, templates). ClassifyInlineScript
// does not allocate unless a script configures several Google tag ids.
func (c *URLClassifier) ClassifyInlineScript(text []byte) (Decision, bool) {
	if c.operatorSigs != nil {
		if d, ok := c.operatorSigs.classify(text); ok {
			return d, true
		}
	}
	return c.builtinSigs.classify(text)
}

// SignatureCount returns how many inline-script signature tokens the
// built-in knowledge base holds.
func (c *URLClassifier) SignatureCount() int { return len(c.builtinSigs.all) }
