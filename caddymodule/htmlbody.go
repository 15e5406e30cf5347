package caddymodule

import (
	"bufio"
	"compress/flate"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/caddymodule/choices"
	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// htmlBody is the rewriting path of one response: the rewriter, and when
// the upstream body is compressed, a decoder running on its own goroutine.
type htmlBody struct {
	mu        sync.Mutex // serializes the rewriter and the writer below
	rw        *rewrite.Writer
	flushed   bool // the output of the first upstream write went out
	streaming bool // the upstream flushes: so does the output
	pipe      *io.PipeWriter
	done      chan error
}

var rewriterPool = sync.Pool{New: func() any { return rewrite.NewWriter(nil, nil) }}

// outBuffer is the size of the rewriter's output buffer. It gathers the
// output into few large writes, not one per rewritten piece. The body is
// chunked (its length changed), and net/http sends every chunk in two
// system calls (the chunk header is buffered, the data is not), so fewer,
// larger chunks are cheaper: the output is written after the first
// upstream write (the head reaches the browser at once), when the upstream
// flushes (an upstream that streams without a Content-Length, or
// Server-Sent Events, makes reverse_proxy flush after every write), when
// the buffer is full, and at the end.
const outBuffer = 64 << 10

// startHTML decides whether this response is rewritten, and if so fixes
// its headers and sets up the rewriting path. It runs in WriteHeader with
// the final status.
func (rw *responseWriter) startHTML(status int) {
	h, r, hdr := rw.h, rw.r, rw.Header()
	if status == http.StatusNotModified && rw.translatedETag {
		// The upstream confirmed the page the visitor has for this
		// state: keep the validators state-specific (a 304 updates the
		// cached headers).
		if et := hdr.Get("ETag"); et != "" {
			if ce := consentETag(et, rw.state); ce != "" {
				hdr.Set("ETag", ce)
			}
		}
		choices.AddVary(hdr)
		return
	}
	if status < 200 || status == http.StatusNoContent || status == http.StatusPartialContent || status == http.StatusNotModified {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return
	}
	encoding, why, reason := h.rewritable(hdr)
	if why != "" {
		if reason != "" {
			h.metrics.abandoned.WithLabelValues(reason).Inc()
			h.logger.Warn("HTML response not rewritten: "+why, zap.String("uri", r.RequestURI))
		}
		return
	}

	// The body changes: its length, ranges, digests and validators go.
	for _, k := range []string{"Content-Length", "Accept-Ranges", "Content-Md5", "Digest", "Repr-Digest", "Content-Digest"} {
		delete(hdr, k)
	}
	if encoding != "" && encoding != "identity" {
		delete(hdr, "Content-Encoding")
	}
	if et := hdr.Get("ETag"); et != "" {
		if ce := consentETag(et, rw.state); ce != "" {
			hdr.Set("ETag", ce)
		} else {
			hdr.Del("ETag")
		}
	}
	hdr.Del("Last-Modified") // a date cannot tell consent states apart
	choices.AddVary(hdr)
	if r.Method == http.MethodHead {
		return
	}

	lang := negotiateLang(r)
	// Under a stripped prefix, the page's URLs are the browser's.
	prefix := strippedPrefix(r)
	csp := strings.Join(hdr.Values("Content-Security-Policy"), ",")
	insert := h.insertBlock(rw.state, rewrite.CSPNonce(csp), lang, prefix, pageSite(r), h.surface.IsPage(r.URL.Path))
	pageURL := *r.URL
	pageURL.Host = r.Host
	pageURL.Scheme = "http"
	if r.TLS != nil {
		pageURL.Scheme = "https"
	}
	choicesURL := h.BasePath
	if prefix != "" {
		orig := originalURL(r)
		pageURL.Path, pageURL.RawPath = orig.Path, orig.RawPath
		choicesURL = prefix + h.BasePath
	}
	rwr := rewriterPool.Get().(*rewrite.Writer)
	body := &htmlBody{rw: rwr}
	opts := h.tagOptions(rw.state, &pageURL)
	opts.Insert = insert
	opts.ChoicesURL = choicesURL
	opts.Placeholder = h.placeholderFor(lang, prefix)
	opts.ProxyAsset = h.proxyAsset(prefix)
	opts.NoStyleAttr = !rewrite.CSPAllowsStyleAttr(csp)
	opts.OnEvent = rw.tagEvent
	opts.OutputBuffer = outBuffer
	opts.BufferOutput = true
	rwr.Reset(rw.ResponseWriter, opts)
	if encoding != "" && encoding != "identity" {
		body.startDecoder(encoding)
	}
	rw.html = body
}

// rewritable decides, from a final response's headers, whether its body
// is rewritten. When it is not, why says so for an operator and reason,
// when set, is the abandoned-rewrite metric's label (a page the gateway
// would protect but cannot). encoding is the lower-cased Content-Encoding.
func (h *Handler) rewritable(hdr http.Header) (encoding, why, reason string) {
	mt, params, err := mime.ParseMediaType(hdr.Get("Content-Type"))
	if err != nil || mt != "text/html" {
		return "", "not HTML", "" // every other response: no allocation here
	}
	if h.HonorNoTransform && strings.Contains(strings.ToLower(strings.Join(hdr.Values("Cache-Control"), ",")), "no-transform") {
		return "", "Cache-Control: no-transform, and honor_no_transform is set", ""
	}
	charset := strings.ToLower(params["charset"])
	if strings.HasPrefix(charset, "utf-16") || strings.HasPrefix(charset, "utf-32") || charset == "utf-7" {
		return "", "encoding is not ASCII-compatible (charset " + charset + ")", "charset"
	}
	encoding = strings.ToLower(strings.TrimSpace(hdr.Get("Content-Encoding")))
	switch encoding {
	case "", "identity", "gzip", "x-gzip", "deflate", "br", "zstd":
		return encoding, "", ""
	}
	return encoding, "unknown Content-Encoding " + encoding, "encoding"
}

// tagOptions are the rewriter's options that decide what happens to a
// page's tags in state st: what the gateway and `caddy consent audit`
// share. The caller adds the output side (insert, placeholders, events,
// buffering).
func (h *Handler) tagOptions(st consent.State, pageURL *url.URL) *rewrite.Options {
	return &rewrite.Options{
		Classifier:   tagClassifier{h.urls, h.scripts},
		Granted:      st.Granted,
		BlockUnknown: !h.unknownTagsAllowed(st),
		// Released unknown tags reach the inventory, so the choices
		// page's Other services lists them in opt_out mode too.
		ReportUnknownAllowed: true,
		PageURL:              pageURL,
	}
}

// startDecoder runs a decoder for a compressed upstream body on its own
// goroutine: Write feeds it through a pipe, and it feeds the rewriter.
func (b *htmlBody) startDecoder(encoding string) {
	pr, pw := io.Pipe()
	b.pipe, b.done = pw, make(chan error, 1)
	go func() {
		err := b.decode(encoding, pr)
		pr.CloseWithError(err) // unblock Write if the decoder stopped early
		b.done <- err
	}()
}

func (b *htmlBody) decode(encoding string, pr io.Reader) error {
	var src io.Reader
	switch encoding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(pr)
		if err != nil {
			return err
		}
		defer zr.Close()
		src = zr
	case "deflate":
		// RFC 9110 says zlib; some servers send raw deflate.
		br := bufio.NewReader(pr)
		if hdr, err := br.Peek(2); err == nil && hdr[0]&0x0f == 8 && (uint16(hdr[0])<<8|uint16(hdr[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return err
			}
			defer zr.Close()
			src = zr
		} else {
			fr := flate.NewReader(br)
			defer fr.Close()
			src = fr
		}
	case "br":
		src = brotli.NewReader(pr)
	case "zstd":
		zr, err := zstd.NewReader(pr, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(32<<20))
		if err != nil {
			return err
		}
		defer zr.Close()
		src = zr
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			b.mu.Lock()
			_, werr := b.rw.Write(buf[:n])
			if werr == nil && (!b.flushed || b.streaming) {
				// A streaming upstream's Flush may come before its bytes
				// are decoded: decoded output goes out as it comes.
				b.flushed = true
				werr = b.rw.Flush()
			}
			b.mu.Unlock()
			if werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// Write feeds upstream bytes into the rewriting path.
func (b *htmlBody) Write(p []byte) (int, error) {
	if b.pipe != nil {
		return b.pipe.Write(p)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.rw.Write(p)
	if err != nil || b.flushed {
		return n, err
	}
	b.flushed = true
	return n, b.rw.Flush()
}

// Flush writes out what the rewriter can decide now, then flushes below.
func (b *htmlBody) Flush(w http.ResponseWriter) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.streaming = true
	if err := b.rw.Flush(); err != nil {
		return err
	}
	return http.NewResponseController(w).Flush()
}

// errDecode marks a compressed upstream body that could not be decoded.
var errDecode = errors.New("decoding upstream body")

// Close ends the body: the decoder drains, the rewriter emits what it
// holds. It returns an error when the page could not be completed.
func (b *htmlBody) Close() error {
	var derr error
	if b.pipe != nil {
		_ = b.pipe.Close()
		if derr = <-b.done; derr != nil {
			derr = errors.Join(errDecode, derr)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.rw.Close()
	b.release()
	if derr != nil {
		return derr
	}
	return err
}

// Abort stops the decoder without completing the page (client gone or
// upstream failed mid-body).
func (b *htmlBody) Abort() {
	if b.pipe != nil {
		_ = b.pipe.CloseWithError(errAborted)
		<-b.done
	}
	b.mu.Lock()
	b.release()
	b.mu.Unlock()
}

var errAborted = errors.New("response aborted")

func (b *htmlBody) release() {
	if b.rw == nil {
		return
	}
	b.rw.Reset(nil, nil)
	rewriterPool.Put(b.rw)
	b.rw = nil
}
