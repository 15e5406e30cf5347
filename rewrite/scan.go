package rewrite

import (
	"bytes"
)

// Script data sub-states (HTML standard 13.2.5.4 and following).
const (
	sData uint8 = iota
	sEsc
	sEscDash
	sEscDD
	sDbl
	sDblDash
	sDblDD
)

// scan advances the scanner over b (b[0] is at stream offset w.base) from
// w.pos. It writes out what is decided and sets w.hold to the first offset
// that must be kept for the next call. final means b ends the document.
func (w *Writer) scan(b []byte, final bool) {
	for w.err == nil {
		var more bool
		switch w.st {
		case stData:
			more = w.scanData(b, final)
		case stTag:
			more = w.scanTag(b, final)
		case stComment:
			more = w.scanComment(b, final)
		case stBogus:
			more = w.scanBogus(b, final)
		case stCDATA:
			more = w.scanCDATA(b, final)
		case stRaw:
			more = w.scanRaw(b, final)
		case stScript:
			more = w.scanScript(b, final)
		case stPlaintext:
			w.pos = w.base + int64(len(b))
			w.hold = w.pos
		}
		if !more {
			break
		}
	}
	if w.err != nil {
		w.hold = w.base + int64(len(b))
		return
	}
	if final {
		w.hold = w.base + int64(len(b))
	}
	if w.pending {
		if final || w.pos > charsetWindow {
			w.insertAt(b, 0) // where it was found to go
		} else {
			w.hold = min(w.hold, w.pendAt)
		}
	}
	w.passTo(b, w.rel(w.hold))
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isSpace reports HTML white space as x/net/html's tokenizer sees it.
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}

var bom = []byte("\xef\xbb\xbf")

// fastPaths enables bareTag and skipTag; tests turn it off to check that
// the fast paths give the same output as the full lexer.
var fastPaths = true

// scanData scans text for the next markup.
func (w *Writer) scanData(b []byte, final bool) bool {
	i := w.rel(w.pos)
	n := len(b)
	if !w.inserted && w.pos == 0 {
		// A byte order mark is not content: insert after it.
		if n < 3 && !final && bytes.HasPrefix(bom, b) {
			w.hold = 0
			return false
		}
		if bytes.HasPrefix(b, bom) {
			i = 3
		}
	}
	// Whether the fast paths apply; nothing that changes it happens
	// without scanData returning.
	fast := w.inserted && w.trace == nil && !w.fs.active() && fastPaths
	for {
		j := indexByte(b[i:], '<')
		end := n
		if j >= 0 {
			end = i + j
		}
		if !w.inserted {
			w.textBeforeHead(b, i, end)
		}
		if j < 0 {
			w.pos = w.base + int64(n)
			w.hold = w.pos
			return false
		}
		lt := end
		if lt+1 >= n {
			if final {
				w.pos = w.base + int64(n)
				w.hold = w.pos
				return false
			}
			w.pos = w.base + int64(lt)
			w.hold = w.pos
			return false
		}
		switch c := b[lt+1]; {
		case isLetter(c):
			te := 0
			if fast {
				te = w.bareTag(b, lt, lt+1)
			}
			if te > 0 {
				i = te
				continue
			}
			if te = w.quickTag(b, lt, false, -te); te > 0 {
				i = te
				continue
			}
			return true
		case c == '/':
			if lt+2 >= n {
				if final {
					w.pos = w.base + int64(n)
					w.hold = w.pos
					return false
				}
				w.pos = w.base + int64(lt)
				w.hold = w.pos
				return false
			}
			c2 := b[lt+2]
			if c2 == '>' {
				// "</>" is no token at all; x/net/html reports an empty comment.
				w.traceTok(tokComment, lt, lt+3)
				i = lt + 3
				continue
			}
			if isLetter(c2) {
				te := 0
				if fast {
					te = w.bareTag(b, lt, lt+2)
				}
				if te > 0 {
					i = te
					continue
				}
				if te = w.quickTag(b, lt, true, -te); te > 0 {
					i = te
					continue
				}
				return true
			}
			w.cStart = w.base + int64(lt)
			w.pos = w.base + int64(lt+2)
			w.st = stBogus
			return true
		case c == '!':
			if lt+3 >= n && !final {
				w.pos = w.base + int64(lt)
				w.hold = w.pos
				return false
			}
			w.cStart = w.base + int64(lt)
			if lt+3 < n && b[lt+2] == '-' && b[lt+3] == '-' {
				w.cContent = w.base + int64(lt+4)
				w.cSum = w.cContent
				w.cAllDash = true
				w.pos = w.cContent
				w.st = stComment
				return true
			}
			if w.fs.cdata() {
				const cd = "<![CDATA["
				m := min(n-lt, len(cd))
				if string(b[lt:lt+m]) == cd[:m] {
					if m < len(cd) && !final {
						w.pos = w.base + int64(lt)
						w.hold = w.pos
						return false
					}
					if m == len(cd) {
						w.cContent = w.base + int64(lt+len(cd))
						w.pos = w.cContent
						w.st = stCDATA
						return true
					}
				}
			}
			w.pos = w.base + int64(lt+2)
			w.st = stBogus
			return true
		case c == '?':
			w.cStart = w.base + int64(lt)
			w.pos = w.base + int64(lt+1)
			w.st = stBogus
			return true
		default:
			i = lt + 1
		}
	}
}

// bareTag is the fastest path, for a tag (its '<' at b[lt], its name at
// b[ns]) whose name the rewriter ignores: "</div>" and "<li>" are skipped
// here, and so are tags with attributes when skipTag can end them. It
// returns the index after the tag; or minus the index where the name ends,
// for quickTag to lex the attributes in full; or 0 to take the other paths.
// scanData calls it only outside foreign content, after the insertion and
// when not tracing.
func (w *Writer) bareTag(b []byte, lt, ns int) int {
	i := ns + 1
	for i < len(b) && lexStop[b[i]]&4 == 0 {
		i++
	}
	if i >= len(b) {
		return 0
	}
	// nameFilter[k] covers the names of length k-1 (see its init).
	if nameFilter[min(i-ns+1, len(nameFilter)-1)]&(1<<(b[ns]&31)) != 0 {
		if el := quickElement(b[ns:i]); el != 0 {
			switch elements[el].skip {
			case skipAlways:
			case skipUnlessImage:
				if b[i] == '>' {
					break
				}
				e := skipTag(b[:min(len(b), lt+w.o.MaxHeld)], i)
				if e < 0 || mayBeImage(b[i:e]) {
					return 0
				}
				return e
			default:
				return 0
			}
		}
	}
	if b[i] == '>' {
		return i + 1
	}
	if e := skipTag(b[:min(len(b), lt+w.o.MaxHeld)], i); e > 0 {
		return e
	}
	return -i
}

// mayBeImage reports whether an input tag's attributes (raw) may make it
// type=image: they hold "image" in any case, or a character reference that
// could spell it.
func mayBeImage(attrs []byte) bool {
	if bytes.IndexByte(attrs, '&') >= 0 {
		return true
	}
	// Look for the 'g' of "image", in either case, with IndexByte.
	for _, g := range [2]byte{'g', 'G'} {
		for k := 0; ; {
			j := bytes.IndexByte(attrs[k:], g)
			if j < 0 {
				break
			}
			p := k + j
			if p >= 3 && p+2 <= len(attrs) && equalLower(attrs[p-3:p+2], "image") {
				return true
			}
			k = p + 1
		}
	}
	return false
}

// quickTag lexes the tag at b[lt]. When the tag is complete in b and
// nothing needs to know about it (outside foreign content, a name the
// rewriter ignores, no data-consent mark, Insert placed), it returns the
// index after it: the caller just scans on. Otherwise it returns 0, having
// acted on a complete tag or left an incomplete one to scanTag. nameEnd,
// when positive, is where bareTag saw an ignored name end: lexing resumes
// there, before the attributes.
func (w *Writer) quickTag(b []byte, lt int, endTag bool, nameEnd int) int {
	tl := &w.tl
	tl.full = w.fs.active()
	tl.begin(w.base+int64(lt), endTag, w.trace != nil && !w.traceLazy)
	i := lt + 2
	if endTag {
		i++
	}
	if nameEnd > 0 && nameEnd-lt < w.o.MaxHeld {
		tl.nameEnd, tl.phase, i = int32(nameEnd-lt), phBeforeAttr, nameEnd
	}
	limit := min(len(b), lt+w.o.MaxHeld)
	te, done := tl.lex(b[:limit], i, lt)
	if !done {
		w.pos = w.base + int64(te)
		w.st = stTag
		return 0
	}
	if tl.a == 0 && !tl.maybeConsent && !tl.full && w.inserted && w.trace == nil && !tagMayLoadCSS(b[lt:te]) {
		return te
	}
	w.tagEnded(b, lt, te)
	return 0
}

// textBeforeHead looks at text met before Options.Insert found its place:
// the first byte that is not white space marks where the head would begin.
func (w *Writer) textBeforeHead(b []byte, i, end int) {
	for k := i; k < end; k++ {
		if !isSpace(b[k]) {
			w.insertAt(b, k)
			return
		}
	}
}

// scanComment finds the end of a comment, as x/net/html's readComment does:
// "-->", "--!>", or "<!-->" and "<!--->" at the very beginning.
func (w *Writer) scanComment(b []byte, final bool) bool {
	i := w.rel(w.pos)
	n := len(b)
	content := w.rel(w.cContent)
	for {
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			break
		}
		gt := i + j
		sum := max(w.rel(w.cSum), 0)
		end := false
		if w.cAllDash {
			end = true
			for k := sum; k < gt; k++ {
				if b[k] != '-' {
					end = false
					break
				}
			}
			w.cAllDash = false
		}
		if !end && gt-2 >= content && b[gt-1] == '-' && b[gt-2] == '-' {
			end = true
		}
		if !end && gt-3 >= content && b[gt-1] == '!' && b[gt-2] == '-' && b[gt-3] == '-' {
			end = true
		}
		w.cSum = w.base + int64(gt)
		if end {
			w.traceTok(tokComment, w.rel(w.cStart), gt+1)
			w.pos = w.base + int64(gt+1)
			w.st = stData
			return true
		}
		i = gt + 1
	}
	if final {
		w.traceTok(tokComment, w.rel(w.cStart), n)
		w.pos = w.base + int64(n)
		w.hold = w.pos
		return false
	}
	// Keep the last three bytes of content: they decide an end at the next '>'.
	h := max(n-3, content, w.rel(w.emitted))
	if w.cAllDash {
		for k := max(w.rel(w.cSum), 0); k < h; k++ {
			if b[k] != '-' {
				w.cAllDash = false
				break
			}
		}
	}
	if w.rel(w.cSum) < h {
		w.cSum = w.base + int64(h)
	}
	w.pos = w.base + int64(n)
	w.hold = w.base + int64(h)
	return false
}

// scanBogus finds the '>' that ends a bogus comment, a doctype, "<?..." or
// "</ ...".
func (w *Writer) scanBogus(b []byte, final bool) bool {
	i := w.rel(w.pos)
	if j := bytes.IndexByte(b[i:], '>'); j >= 0 {
		w.traceTok(tokComment, w.rel(w.cStart), i+j+1)
		w.pos = w.base + int64(i+j+1)
		w.st = stData
		return true
	}
	if final {
		w.traceTok(tokComment, w.rel(w.cStart), len(b))
	}
	w.pos = w.base + int64(len(b))
	w.hold = w.pos
	return false
}

// scanCDATA finds the "]]>" that ends a CDATA section.
func (w *Writer) scanCDATA(b []byte, final bool) bool {
	i := w.rel(w.pos)
	content := w.rel(w.cContent)
	for {
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			break
		}
		gt := i + j
		if gt-2 >= content && b[gt-1] == ']' && b[gt-2] == ']' {
			w.pos = w.base + int64(gt+1)
			w.st = stData
			return true
		}
		i = gt + 1
	}
	n := len(b)
	w.pos = w.base + int64(n)
	w.hold = w.pos
	if !final {
		w.hold = w.base + int64(max(n-2, content, w.rel(w.emitted)))
	}
	return false
}

// endTagMatch reports whether b[i:] starts with name (ASCII
// case-insensitively) followed by white space, '/' or '>'. It returns -1
// when b ends before that is known.
func endTagMatch(b []byte, i int, name string) int {
	for k := 0; k < len(name); k++ {
		if i+k >= len(b) {
			return -1
		}
		if b[i+k]|0x20 != name[k] {
			return 0
		}
	}
	if i+len(name) >= len(b) {
		return -1
	}
	switch b[i+len(name)] {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return 1
	}
	return 0
}

// scanRaw scans RAWTEXT or RCDATA for "</" + w.rawName.
func (w *Writer) scanRaw(b []byte, final bool) bool {
	i := w.rel(w.pos)
	n := len(b)
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			i = n
			break
		}
		lt := i + j
		if lt+1 >= n {
			i = lt
			break
		}
		if b[lt+1] != '/' {
			i = lt + 1
			continue
		}
		m := endTagMatch(b, lt+2, w.rawName)
		if m < 0 {
			i = lt
			break
		}
		if m > 0 {
			w.rawEnd(b, lt)
			w.pos = w.base + int64(lt)
			w.st = stData
			return true
		}
		i = lt + 2
	}
	if final {
		i = n
		w.rawEnd(b, n)
		w.pos = w.base + int64(n)
		w.hold = w.pos
		return false
	}
	w.pos = w.base + int64(i)
	w.hold = w.pos
	if w.feeding {
		w.feed(b, i)
	}
	if w.cssHeld {
		w.holdingCSS()
	}
	return false
}

// rawEnd ends raw text at buffer index end.
func (w *Writer) rawEnd(b []byte, end int) {
	if w.cssHeld {
		w.styleBlockEnd(b, end)
	}
	if w.feeding {
		w.feed(b, end)
		w.feeding = false
		w.err = errOr(w.err, w.nested.Close())
	}
}

// feed hands the <noscript> contents up to buffer index x to the nested
// rewriter.
func (w *Writer) feed(b []byte, x int) {
	if e := w.rel(w.emitted); x > e {
		if _, err := w.nested.Write(b[e:x]); err != nil {
			w.err = errOr(w.err, err)
		}
		w.emitted = w.base + int64(x)
	}
}

func errOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// scanScript scans script data for its end tag, following the escape
// states of the HTML standard.
func (w *Writer) scanScript(b []byte, final bool) bool {
	i := w.rel(w.pos)
	n := len(b)
	hold := -1 // a '<' that cannot be decided yet
	end := -1  // the '<' of the end tag
loop:
	for i < n {
		switch w.ss {
		case sData:
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				i = n
				break loop
			}
			i += j
			if i+1 >= n {
				hold = i
				break loop
			}
			switch b[i+1] {
			case '/':
				switch endTagMatch(b, i+2, "script") {
				case -1:
					hold = i
					break loop
				case 1:
					end = i
					break loop
				}
				i += 2
			case '!':
				if i+2 >= n {
					hold = i
					break loop
				}
				if b[i+2] != '-' {
					i += 2
					continue
				}
				if i+3 >= n {
					hold = i
					break loop
				}
				if b[i+3] != '-' {
					i += 3
					continue
				}
				w.ss = sEscDD
				i += 4
			default:
				i++
			}
		case sEsc, sEscDash, sEscDD:
			c := b[i]
			switch c {
			case '-':
				if w.ss == sEsc {
					w.ss = sEscDash
				} else {
					w.ss = sEscDD
				}
				i++
			case '>':
				if w.ss == sEscDD {
					w.ss = sData
				} else {
					w.ss = sEsc
				}
				i++
			case '<':
				if i+1 >= n {
					hold = i
					break loop
				}
				c1 := b[i+1]
				switch {
				case c1 == '/':
					switch endTagMatch(b, i+2, "script") {
					case -1:
						hold = i
						break loop
					case 1:
						end = i
						break loop
					}
					w.ss = sEsc
					i += 2
				case isLetter(c1):
					switch endTagMatch(b, i+1, "script") {
					case -1:
						hold = i
						break loop
					case 1:
						w.ss = sDbl
						i += 8 // "<script" and the character after it
					default:
						w.ss = sEsc
						i++
					}
				default:
					// The standard stays in the escaped state; x/net/html
					// returns to script data. Browsers follow the standard.
					if w.diverged < 0 {
						w.diverged = w.scriptTag
					}
					w.ss = sEsc
					i++
				}
			default:
				w.ss = sEsc
				i++
			}
		default: // sDbl, sDblDash, sDblDD
			c := b[i]
			switch c {
			case '-':
				if w.ss == sDbl {
					w.ss = sDblDash
				} else {
					w.ss = sDblDD
				}
				i++
			case '>':
				if w.ss == sDblDD {
					w.ss = sData
				} else {
					w.ss = sDbl
				}
				i++
			case '<':
				if i+1 >= n {
					hold = i
					break loop
				}
				w.ss = sDbl
				if b[i+1] != '/' {
					i++
					continue
				}
				switch endTagMatch(b, i+2, "script") {
				case -1:
					hold = i
					break loop
				case 1:
					w.ss = sEsc
					i += 9 // "</script" and the character after it
				default:
					i += 2
				}
			default:
				w.ss = sDbl
				i++
			}
		}
	}
	if end >= 0 {
		w.scriptEnd(b, end)
		w.pos = w.base + int64(end)
		w.st = stData
		return true
	}
	if final {
		w.scriptEnd(b, n)
		w.pos = w.base + int64(n)
		w.hold = w.pos
		return false
	}
	if hold < 0 {
		hold = n
	}
	w.pos = w.base + int64(hold)
	w.hold = w.pos
	if w.held {
		if w.pos-w.heldStart > int64(w.o.MaxHeld) {
			w.abandonScript()
		} else {
			w.hold = w.heldStart
		}
	}
	return false
}
