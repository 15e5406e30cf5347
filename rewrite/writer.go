package rewrite

import (
	"errors"
	"io"
	"net/url"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Scanner states.
const (
	stData      uint8 = iota // text
	stTag                    // inside a start or end tag (w.tl)
	stComment                // <!-- comment
	stBogus                  // up to the next '>': bogus comment, doctype, <?...
	stCDATA                  // <![CDATA[ in foreign content
	stRaw                    // RAWTEXT or RCDATA up to </w.rawName
	stScript                 // script data, sub-state w.ss
	stPlaintext              // everything to the end
)

// maxNesting bounds the rewriters nested for <noscript> contents and
// srcdoc documents.
const maxNesting = 2

// outBufSize is the default size of the output buffer (see
// Options.OutputBuffer); input runs at least this long are written to the
// destination directly.
const outBufSize = 16 << 10

// errClosed is returned by Write and Flush after Close.
var errClosed = errors.New("rewrite: write after close")

// Writer rewrites an HTML document streamed through it and writes the result
// to a destination writer. It is not safe for concurrent use.
type Writer struct {
	dst    io.Writer
	o      Options
	err    error
	closed bool
	depth  int // nesting level: 0 for the document
	// inNoscript is set on the Writer of <noscript> contents (and the
	// writers nested in it).
	inNoscript bool

	// Input held back: buf[0] is at stream offset base.
	buf  []byte
	base int64

	pos     int64 // next stream offset to scan
	emitted int64 // input before this offset has been written out (or replaced)
	hold    int64 // set by the scan: input from here on must be kept

	st uint8
	tl tagLexer

	// Comments and CDATA sections.
	cStart   int64 // the '<' (for the trace)
	cContent int64 // first byte of the content
	cSum     int64 // content before this offset is summarized by cAllDash
	cAllDash bool

	// Raw text.
	rawName   string // lower-case element name whose end tag ends stRaw
	ss        uint8  // script data sub-state
	scriptTag int64  // the '<' of the current <script> start tag

	// An inline script held back until its content is classified.
	held       bool
	heldStart  int64 // the '<' of <script>
	heldTagEnd int64 // just after the start tag's '>'

	// A <style> block held back until its end tag (see styleBlockEnd), and
	// a style attribute of the current tag to hold (see styleHold).
	cssHeld    bool
	cssStart   int64 // the '<' of <style>
	cssTagEnd  int64 // just after the start tag's '>'
	cssNameEnd int   // the end of its name, from the '<'
	sty        styleHeld

	// A rewriter fed the contents of <noscript>, rescanned as markup.
	nested  *Writer
	feeding bool

	fs       foreignStack
	tmpl     int // open <template> elements (HTML)
	inserted bool
	pending  bool     // the Insert waits for a charset declaration (see pendInsert)
	pendAt   int64    // where it goes if none comes; output is held from here
	baseURL  *url.URL // document base URL: PageURL resolved with the first <base href>
	baseSet  bool
	pageHost string
	pageSite string // registrable domain of PageURL, or its host
	sites    [4]siteEntry
	nextSite int

	// The first third-party URL of a granted purpose in the current tag,
	// reported with ActionAllowed unless the tag reports another event.
	allow    Event
	allowSet bool

	ob      []byte // output not yet written to dst
	scratch []byte
	ops     []op
	url     url.URL // reused by quickResolve

	// For tests.
	trace     func(traceToken)
	traceLazy bool  // trace attributes only as the rewriter records them, not all
	diverged  int64 // stream offset of a <script> whose script data the HTML standard and x/net/html end differently; -1 if none
}

// NewWriter returns a streaming rewriter writing to dst. Write may be called
// with any chunking and the output is identical whatever the split. Flush
// writes out everything that can be decided now and calls nothing on dst
// but Write. Close finishes the document: it emits anything held back (an
// unterminated tag passes through as is) and never adds closing markup.
func NewWriter(dst io.Writer, opts *Options) *Writer {
	w := new(Writer)
	w.Reset(dst, opts)
	return w
}

// Reset discards the Writer's state and makes it write to dst with opts, so
// that a Writer can be reused (e.g. from a sync.Pool).
func (w *Writer) Reset(dst io.Writer, opts *Options) {
	buf, ob, scratch, attrs, fse, nested := w.buf, w.ob, w.scratch, w.tl.attrs, w.fs.e, w.nested
	// Do not let a pooled Writer keep a large buffer alive.
	if cap(buf) > 4*outBufSize {
		buf = nil
	}
	if cap(scratch) > 4*outBufSize {
		scratch = nil
	}
	if cap(ob) > 64<<10 {
		ob = nil
	}
	*w = Writer{}
	w.buf, w.ob, w.scratch, w.tl.attrs, w.fs.e, w.nested = buf[:0], ob[:0], scratch[:0], attrs[:0], fse[:0], nested
	w.dst = dst
	if opts != nil {
		w.o = *opts
	}
	if w.o.MaxHeld <= 0 {
		w.o.MaxHeld = DefaultMaxHeld
	}
	if w.o.OutputBuffer <= 0 {
		w.o.OutputBuffer = outBufSize
	}
	if w.o.ChoicesURL == "" {
		w.o.ChoicesURL = DefaultChoicesURL
	}
	w.inserted = len(w.o.Insert) == 0
	w.diverged = -1
	if u := w.o.PageURL; u != nil {
		w.baseURL = u
		w.pageHost, w.pageSite = siteOf(u.Hostname())
	}
}

// Write rewrites p. Input that cannot be decided yet (an unfinished tag, an
// inline script being classified) is held until a later Write or Close.
func (w *Writer) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errClosed
	}
	if w.err != nil {
		return 0, w.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if len(w.buf) == 0 {
		// Scan the caller's bytes in place; keep only what is held.
		w.base = w.pos
		w.scan(p, false)
		w.buf = append(w.buf[:0], p[w.hold-w.base:]...)
	} else {
		w.buf = append(w.buf, p...)
		w.scan(w.buf, false)
		if k := int(w.hold - w.base); k > 0 {
			n := copy(w.buf, w.buf[k:])
			w.buf = w.buf[:n]
		}
	}
	w.base = w.hold
	if !w.o.BufferOutput {
		w.flushOut()
	}
	if w.err != nil {
		return 0, w.err
	}
	return len(p), nil
}

// Flush writes out everything decided so far. It calls nothing on the
// destination but Write.
func (w *Writer) Flush() error {
	if w.closed {
		return errClosed
	}
	w.flushOut()
	return w.err
}

// Close finishes the document: held input is decided and written out, and
// Options.Insert is written if the document gave no place for it. Close does
// not close the destination.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	w.scan(w.buf, true)
	w.buf = w.buf[:0]
	if !w.inserted {
		w.out(w.o.Insert)
		w.inserted = true
	}
	w.flushOut()
	return w.err
}

// out queues b for the destination.
func (w *Writer) out(b []byte) {
	if w.err != nil || len(b) == 0 {
		return
	}
	size := w.o.OutputBuffer
	if len(b) >= size {
		w.flushOut()
		if w.err == nil {
			_, w.err = w.dst.Write(b)
		}
		return
	}
	if len(w.ob)+len(b) > size {
		w.flushOut()
	}
	if cap(w.ob) < size {
		w.ob = make([]byte, 0, size)
	}
	w.ob = append(w.ob, b...)
}

func (w *Writer) flushOut() {
	if len(w.ob) == 0 || w.err != nil {
		w.ob = w.ob[:0]
		return
	}
	_, w.err = w.dst.Write(w.ob)
	w.ob = w.ob[:0]
}

// rel converts a stream offset to an index in the buffer being scanned.
func (w *Writer) rel(x int64) int { return int(x - w.base) }

// passTo writes out the input up to buffer index x.
func (w *Writer) passTo(b []byte, x int) {
	if e := w.rel(w.emitted); x > e {
		w.out(b[e:x])
		w.emitted = w.base + int64(x)
	}
}

// insertAt writes out the input up to buffer index x, then Options.Insert;
// a pending Insert goes where it was found to go instead (see pendInsert).
func (w *Writer) insertAt(b []byte, x int) {
	if w.pending {
		w.pending = false
		x = w.rel(w.pendAt)
	}
	w.passTo(b, x)
	w.out(w.o.Insert)
	w.inserted = true
}

func (w *Writer) event(e Event) {
	if w.o.OnEvent != nil {
		w.o.OnEvent(e)
	}
}

// granted reports whether purpose p is granted.
func (w *Writer) granted(p purpose.Purpose) bool {
	switch p {
	case purpose.Necessary:
		return true
	case purpose.Unknown:
		return !w.o.BlockUnknown
	}
	return w.o.Granted != nil && w.o.Granted(p)
}

// sink lets a nested Writer write into its parent's output.
type sink struct{ w *Writer }

func (s sink) Write(p []byte) (int, error) {
	s.w.out(p)
	return len(p), s.w.err
}

// nestedWriter returns the Writer for a nested document (noscript contents,
// srcdoc) writing to dst: same options but no Insert.
func (w *Writer) nestedWriter(dst io.Writer) *Writer {
	if w.nested == nil {
		w.nested = new(Writer)
	}
	n := w.nested
	o := w.o
	o.Insert = nil
	o.BufferOutput, o.OutputBuffer = false, 0 // its output goes into the parent's, in order
	o.PageURL = nil                           // set below, without asking the public suffix list again
	n.Reset(dst, &o)
	n.o.PageURL = w.o.PageURL
	n.pageHost, n.pageSite = w.pageHost, w.pageSite
	n.depth = w.depth + 1
	n.inNoscript = w.inNoscript
	n.baseURL, n.baseSet = w.baseURL, true // the nested markup shares the document's base
	return n
}
