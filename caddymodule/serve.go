package caddymodule

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/cookiewire"
)

// ServeHTTP serves one request in four steps, each handing the next what it
// needs: the choices endpoints answer their own requests; the visitor's
// state is resolved once; the request side (enforce.go) strips what the
// visitor has not granted before the upstream sees it; the response side
// (response.go, and htmlbody.go for pages) enforces the same state on what
// the upstream answers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	// The choices surface: the page, its API, the client, gpc.json.
	if served, err := h.serveEndpoints(w, r); served {
		return err
	}
	if h.serveAsset(w, r) {
		return nil
	}

	// The visitor's state, resolved once and passed on from here.
	state := h.requestState(r)
	if state.GPC {
		h.metrics.gpc.Inc()
	}
	decided := h.gpcDecision(r, &state)
	h.setPlaceholders(r, state)

	// The request side: what the upstream is sent.
	inv := h.inventoryFor(r)
	setCookies := append(decided, h.enforceRequest(r, state, inv)...)
	translatedETag := prepareForRewriting(r, state)

	// The upstream, its response passing through the response side.
	rw := &responseWriter{
		ResponseWriterWrapper: &caddyhttp.ResponseWriterWrapper{ResponseWriter: w},
		h:                     h,
		r:                     r,
		state:                 state,
		inv:                   inv,
		setCookies:            setCookies,
		translatedETag:        translatedETag,
	}
	defer func() {
		if p := recover(); p != nil {
			// reverse_proxy panics with http.ErrAbortHandler when the
			// upstream fails mid-body: stop the rewriting path, write no
			// closing bytes, and let the connection abort.
			rw.abort()
			panic(p)
		}
	}()
	err := next.ServeHTTP(rw, r)
	if ferr := rw.finish(); ferr != nil && err == nil {
		if errors.Is(ferr, errDecode) {
			h.metrics.abandoned.WithLabelValues("decode_error").Inc()
		}
		h.logger.Error("HTML page could not be completed; aborting the response so the client sees an error, not a truncated page",
			zap.String("uri", r.RequestURI), zap.Error(ferr))
		panic(http.ErrAbortHandler)
	}
	return err
}

// requestState reads the consent cookies and signals of a request.
func (h *Handler) requestState(r *http.Request) consent.State {
	choices := h.readChoices(r)
	sig := consent.Signals{GPC: h.honorGPC && hasGPC(r.Header), Sensitive: h.isSensitive(r), AskUnknown: h.unknownTags == unknownAsk}
	st := consent.Resolve(h.mode, choices, sig)
	if !h.honorGPC {
		st.GPC = hasGPC(r.Header)
	}
	return st
}

// readChoices decodes every consent cookie of the request; when several
// arrive, the most restrictive wins. Invalid ones count as no choice.
func (h *Handler) readChoices(r *http.Request) *consent.Choices {
	var found *consent.Choices
	now := time.Now()
	for _, line := range r.Header["Cookie"] {
		if !strings.Contains(line, h.CookieName) {
			continue
		}
		for _, pair := range cookiewire.SplitCookieHeader(line) {
			if !h.isConsentCookie(pair.Name) {
				continue
			}
			_, value, _ := strings.Cut(pair.Raw, "=")
			ch, ok := h.codec.Decode(h.consentMAC, strings.Trim(value, `"`), h.PolicyVersion, now)
			if !ok {
				continue
			}
			if found == nil {
				found = &ch
				continue
			}
			merged := consent.MostRestrictive(*found, ch)
			found = &merged
		}
	}
	return found
}

// isConsentCookie reports whether a cookie name is the consent cookie, in
// its plain or __Host- form.
func (h *Handler) isConsentCookie(name string) bool {
	// Compared in place: building "__Host-"+name per cookie showed in profiles.
	const host = "__Host-"
	return name == h.CookieName || len(name) == len(host)+len(h.CookieName) && strings.HasPrefix(name, host) && name[len(host):] == h.CookieName
}

// hasGPC reports whether the request carries Sec-GPC: 1 (exactly "1",
// as the GPC specification says).
func hasGPC(hdr http.Header) bool {
	for _, v := range hdr.Values("Sec-GPC") {
		if strings.TrimSpace(v) == "1" {
			return true
		}
	}
	return false
}

// setPlaceholders tells later handlers and logs the visitor's state (see
// Handler).
func (h *Handler) setPlaceholders(r *http.Request, st consent.State) {
	repl, ok := r.Context().Value(caddy.ReplacerCtxKey).(*caddy.Replacer)
	if !ok {
		return
	}
	repl.Set("http.consent.state", st.Header())
	repl.Set("http.consent.decided", st.Decided)
	repl.Set("http.consent.gpc", st.GPC)
}
