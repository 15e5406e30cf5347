package caddymodule

import (
	"io"
	"net/http"
	"strings"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/inventory"
)

// responseWriter is the response side of one request: it enforces the
// visitor's state on the upstream's response headers (Set-Cookie lines in
// 1xx, final headers and trailers, Link hints), adds the gateway's own
// Set-Cookie lines, and routes an HTML body through the rewriter
// (htmlbody.go).
type responseWriter struct {
	*caddyhttp.ResponseWriterWrapper
	h     *Handler
	r     *http.Request
	state consent.State
	// inv is the site's inventory: what the upstream sets and embeds is
	// recorded there.
	inv *inventory.Inventory
	// setCookies are the gateway's own Set-Cookie lines for this
	// response: a GPC-driven decision, expiry lines of cookies withdrawn
	// on the request side.
	setCookies  []string
	wroteHeader bool
	// headerCookies counts the Set-Cookie lines sent with the final
	// header, so trailer lines added after them can be told apart.
	headerCookies int
	// html is the rewriting path, nil when the body passes through.
	html *htmlBody
	// tally gathers the rewriter's events for this response.
	tally tagTally
	// translatedETag is set when If-None-Match carried a gateway ETag.
	translatedETag bool
}

// WriteHeader filters Set-Cookie lines. 1xx responses (103 Early Hints) are
// not final: they are filtered and passed on without ending the header.
func (rw *responseWriter) WriteHeader(status int) {
	if rw.wroteHeader {
		return
	}
	hdr := rw.Header()
	rw.filterLinks(hdr)
	if status < 200 {
		if lines := hdr["Set-Cookie"]; len(lines) > 0 {
			setLines(hdr, "Set-Cookie", rw.h.filterSetCookies(lines, rw.state, nil))
		}
		rw.ResponseWriter.WriteHeader(status)
		return
	}
	rw.wroteHeader = true
	lines := rw.h.filterSetCookies(hdr["Set-Cookie"], rw.state, rw.inv)
	if len(rw.setCookies) > 0 {
		lines = append(lines[:len(lines):len(lines)], rw.setCookies...)
	}
	setLines(hdr, "Set-Cookie", lines)
	rw.headerCookies = len(lines)
	rw.startHTML(status)
	rw.ResponseWriter.WriteHeader(status)
}

// Write writes the body, sending the header first if needed.
func (rw *responseWriter) Write(p []byte) (int, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.html != nil {
		return rw.html.Write(p)
	}
	return rw.ResponseWriter.Write(p)
}

// ReadFrom routes file_server's sendfile path through Write, so the header
// is always filtered first (see caddy PR #5022 / #6565).
func (rw *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.html != nil {
		return io.Copy(writerOnly{rw}, r)
	}
	if rf, ok := rw.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(rw.ResponseWriter, r)
}

// writerOnly hides ReadFrom so io.Copy uses Write.
type writerOnly struct{ io.Writer }

// FlushError flushes the header (filtered) and what was written.
func (rw *responseWriter) FlushError() error {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.html != nil {
		return rw.html.Flush(rw.ResponseWriter)
	}
	return http.NewResponseController(rw.ResponseWriter).Flush()
}

// finish enforces the state on Set-Cookie lines sent as trailers: declared
// trailers share the header map with the final header, undeclared ones are
// stored under the "Trailer:" prefix (net/http's TrailerPrefix). It also
// sends the expiry lines when the upstream wrote nothing at all. It ends a
// rewritten body; the error says the page could not be completed.
func (rw *responseWriter) finish() error {
	var err error
	if rw.html != nil {
		err = rw.html.Close()
		rw.html = nil
	}
	rw.flushTally()
	rw.finishTrailers()
	return err
}

// abort ends a rewritten body without completing it.
func (rw *responseWriter) abort() {
	if rw.html != nil {
		rw.html.Abort()
		rw.html = nil
	}
	rw.flushTally()
}

func (rw *responseWriter) finishTrailers() {
	if !rw.wroteHeader {
		// Nothing was written (e.g. an error the server will render):
		// leave the status to the server, but filter what is there.
		hdr := rw.Header()
		setLines(hdr, "Set-Cookie", append(rw.h.filterSetCookies(hdr["Set-Cookie"], rw.state, rw.inv), rw.setCookies...))
		return
	}
	hdr := rw.Header()
	for k, lines := range hdr {
		if len(k) > len(http.TrailerPrefix) && strings.HasPrefix(k, http.TrailerPrefix) &&
			strings.EqualFold(k[len(http.TrailerPrefix):], "Set-Cookie") {
			setLines(hdr, k, rw.h.filterSetCookies(lines, rw.state, rw.inv))
		}
	}
	if lines := hdr["Set-Cookie"]; len(lines) > rw.headerCookies && declaresTrailer(hdr, "Set-Cookie") {
		trailer := rw.h.filterSetCookies(lines[rw.headerCookies:], rw.state, rw.inv)
		setLines(hdr, "Set-Cookie", append(lines[:rw.headerCookies:rw.headerCookies], trailer...))
	}
}

// declaresTrailer reports whether the Trailer header names key.
func declaresTrailer(hdr http.Header, key string) bool {
	for _, v := range hdr["Trailer"] {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), key) {
				return true
			}
		}
	}
	return false
}

func setLines(hdr http.Header, key string, lines []string) {
	if len(lines) == 0 {
		delete(hdr, key)
		return
	}
	hdr[key] = lines
}

// Interface guards
var (
	_ http.ResponseWriter = (*responseWriter)(nil)
	_ io.ReaderFrom       = (*responseWriter)(nil)
)
