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
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// addConsentVary marks a response as differing by what decides the
// visitor's state (the consent cookie, GPC) and by language (the inserted
// strings and placeholders are localized).
func addConsentVary(hdr http.Header) {
	hdr.Add("Vary", "Cookie, Sec-GPC, Accept-Language")
}

// tagClassifier adapts the consent knowledge base to the rewriter.
type tagClassifier struct {
	urls    *classify.URLClassifier
	scripts *scriptMemo // may be nil
}

func (c tagClassifier) ClassifyURL(u *url.URL) rewrite.Verdict {
	d := c.urls.ClassifyURL(u)
	return rewrite.Verdict{Purpose: d.Purpose, Vendor: d.Vendor, Rule: d.Rule}
}

func (c tagClassifier) ClassifyInlineScript(text []byte) (rewrite.Verdict, bool) {
	d, ok := c.scripts.classify(c.urls, text)
	return rewrite.Verdict{Purpose: d.Purpose, Vendor: d.Vendor, Rule: d.Rule}, ok
}

// likelyHTML reports whether a request probably asks for an HTML page, so
// the gateway asks the upstream for an identity body (Go's transport then
// negotiates gzip itself and decodes it transparently, and Caddy's encode
// compresses the rewritten result for the client).
func likelyHTML(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	switch r.Header.Get("Sec-Fetch-Dest") {
	case "document", "iframe", "frame", "embed", "object":
		return true
	case "":
	default:
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// etagSuffix returns the suffix the gateway appends to the upstream's ETag
// for a state: "-cs.<key>" for a strong upstream tag, "-cw.<key>" for a weak
// one. The result is always weak: the body differs by state.
func etagSuffix(st consent.State, strong bool) string {
	if strong {
		return "-cs." + st.Key()
	}
	return "-cw." + st.Key()
}

// consentETag turns an upstream ETag into the state-specific weak one.
func consentETag(etag string, st consent.State) string {
	weak := strings.HasPrefix(etag, "W/")
	tag := strings.TrimPrefix(etag, "W/")
	if len(tag) < 2 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return ""
	}
	return `W/"` + tag[1:len(tag)-1] + etagSuffix(st, !weak) + `"`
}

// translateIfNoneMatch rewrites If-None-Match on the way upstream: tags the
// gateway issued for the current state become the upstream's own again (so
// 304s keep working); tags issued for another state are dropped (the
// visitor's page differs now); other tags pass unchanged.
//
// It reports whether a tag of the gateway's was translated, so the 304
// that may follow carries the state-specific ETag again.
func translateIfNoneMatch(r *http.Request, st consent.State) bool {
	v := r.Header.Get("If-None-Match")
	if v == "" || !strings.Contains(v, "-c") {
		return false
	}
	translated := false
	strongSfx, weakSfx := etagSuffix(st, true)+`"`, etagSuffix(st, false)+`"`
	var out []string
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		body := strings.TrimPrefix(t, "W/")
		switch {
		case strings.HasSuffix(body, strongSfx):
			out = append(out, strings.TrimSuffix(body, strongSfx)+`"`)
			translated = true
		case strings.HasSuffix(body, weakSfx):
			out = append(out, "W/"+strings.TrimSuffix(body, weakSfx)+`"`)
			translated = true
		case strings.Contains(body, "-cs.") || strings.Contains(body, "-cw."):
			// issued for another state: drop
		default:
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		r.Header.Del("If-None-Match")
		return false
	}
	r.Header.Set("If-None-Match", strings.Join(out, ", "))
	return translated
}

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
		addConsentVary(hdr)
		return
	}
	if status < 200 || status == http.StatusNoContent || status == http.StatusPartialContent || status == http.StatusNotModified {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return
	}
	mt, params, err := mime.ParseMediaType(hdr.Get("Content-Type"))
	if err != nil || mt != "text/html" {
		return
	}
	if h.HonorNoTransform && strings.Contains(strings.ToLower(strings.Join(hdr.Values("Cache-Control"), ",")), "no-transform") {
		return
	}
	charset := strings.ToLower(params["charset"])
	if strings.HasPrefix(charset, "utf-16") || strings.HasPrefix(charset, "utf-32") || charset == "utf-7" {
		h.metrics.abandoned.WithLabelValues("charset").Inc()
		h.logger.Warn("HTML response not rewritten: encoding is not ASCII-compatible", zap.String("charset", charset), zap.String("uri", r.RequestURI))
		return
	}
	encoding := strings.ToLower(strings.TrimSpace(hdr.Get("Content-Encoding")))
	switch encoding {
	case "", "identity", "gzip", "x-gzip", "deflate", "br", "zstd":
	default:
		h.metrics.abandoned.WithLabelValues("encoding").Inc()
		h.logger.Warn("HTML response not rewritten: unknown Content-Encoding", zap.String("encoding", encoding), zap.String("uri", r.RequestURI))
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
	addConsentVary(hdr)
	if r.Method == http.MethodHead {
		return
	}

	lang := negotiateLang(r)
	insert := h.insertBlock(rw.state, rewrite.CSPNonce(strings.Join(hdr.Values("Content-Security-Policy"), ",")), lang, r.URL.Path == h.BasePath)
	pageURL := *r.URL
	pageURL.Host = r.Host
	pageURL.Scheme = "http"
	if r.TLS != nil {
		pageURL.Scheme = "https"
	}
	rwr := rewriterPool.Get().(*rewrite.Writer)
	body := &htmlBody{rw: rwr}
	opts := &rewrite.Options{
		Classifier:   tagClassifier{h.urls, h.scripts},
		Granted:      rw.state.Granted,
		BlockUnknown: h.UnknownTags != "keep",
		PageURL:      &pageURL,
		Insert:       insert,
		ChoicesURL:   h.BasePath,
		Placeholder:  h.placeholderFor(lang),
		OnEvent:      rw.tagEvent,
		OutputBuffer: outBuffer,
		BufferOutput: true,
	}
	rwr.Reset(rw.ResponseWriter, opts)
	if encoding != "" && encoding != "identity" {
		body.startDecoder(encoding)
	}
	rw.html = body
}

// tagTally gathers a response's tag events, so metrics and the inventory
// are updated once per response rather than once per tag. A page yields a
// few kinds of event and a few hosts, many times each: small slices
// searched in order beat maps here.
type tagTally struct {
	counts []tagCount
	hosts  []tagHost
}

type tagKey struct {
	kind, action string
	purpose      purpose.Purpose
}

type tagCount struct {
	key tagKey
	n   int
}

type tagHost struct {
	host string
	d    classify.Decision
}

// maxTallyHosts bounds the hosts one response can add to the inventory.
const maxTallyHosts = 128

// tagEvent records what the rewriter did with a tag.
func (rw *responseWriter) tagEvent(e rewrite.Event) {
	t := &rw.tally
	k := tagKey{e.Kind, e.Action, e.Purpose}
	found := false
	for i := range t.counts {
		if t.counts[i].key == k {
			t.counts[i].n++
			found = true
			break
		}
	}
	if !found {
		t.counts = append(t.counts, tagCount{k, 1})
	}
	if host := hostOf(e.URL); host != "" && len(t.hosts) < maxTallyHosts {
		seen := false
		for i := range t.hosts {
			if t.hosts[i].host == host {
				seen = true
				break
			}
		}
		if !seen {
			t.hosts = append(t.hosts, tagHost{host, classify.Decision{Purpose: e.Purpose, Vendor: e.Vendor, Rule: e.Rule}})
		}
	}
	if rw.h.Debug && e.Action != rewrite.ActionAllowed {
		rw.h.logger.Info("tag "+e.Action, zap.String("kind", e.Kind), zap.String("purpose", e.Purpose.String()),
			zap.String("vendor", e.Vendor), zap.String("url", e.URL), zap.String("rule", e.Rule))
	}
}

// flushTally hands a response's tag events to metrics and the inventory.
func (rw *responseWriter) flushTally() {
	t := &rw.tally
	if len(t.counts) == 0 {
		return
	}
	m := rw.h.metrics
	for _, c := range t.counts {
		m.tags.WithLabelValues(c.key.kind, c.key.action, c.key.purpose.String()).Add(float64(c.n))
		if c.key.action == rewrite.ActionAbandoned {
			m.abandoned.WithLabelValues("tag_too_large").Add(float64(c.n))
		}
	}
	now := time.Now()
	for _, h := range t.hosts {
		rw.h.inv.SeeHost(h.host, h.d, now)
	}
	t.counts, t.hosts = nil, nil
}

// hostOf returns the lower-case host of an absolute or scheme-relative URL
// without parsing all of it ("" when there is none).
func hostOf(u string) string {
	i := strings.Index(u, "//")
	if i < 0 {
		return ""
	}
	h := u[i+2:]
	if j := strings.IndexAny(h, "/?#\\"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndexByte(h, '@'); j >= 0 {
		h = h[j+1:]
	}
	if j := strings.LastIndexByte(h, ':'); j >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:j]
	}
	return strings.ToLower(h)
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
