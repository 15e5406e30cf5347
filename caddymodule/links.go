package caddymodule

import (
	"net/http"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// filterLinks removes Link header resource hints (preload, preconnect, …)
// that point at hosts whose purpose the visitor has not granted, in 103
// Early Hints and final responses alike.
func (rw *responseWriter) filterLinks(hdr http.Header) {
	lines := hdr["Link"]
	if len(lines) == 0 {
		return
	}
	page := rw.r.URL
	if page.Host == "" {
		u := *page
		u.Host, u.Scheme = rw.r.Host, "http"
		if rw.r.TLS != nil {
			u.Scheme = "https"
		}
		page = &u
	}
	pageHost := page.Hostname()
	out := lines[:0:0]
	changed := false
	for _, v := range lines {
		nv, n := rewrite.FilterLinkHeader(v, page, func(l rewrite.LinkHint) bool {
			host := l.URL.Hostname()
			if host == "" || rewrite.SameSite(host, pageHost) {
				return false
			}
			if rw.h.proxiedHint(host) {
				return true
			}
			d := rw.h.urls.ClassifyURL(l.URL)
			blocked := !rw.tagAllowed(d.Purpose)
			if blocked {
				rw.h.metrics.tags.WithLabelValues("link-header", rewrite.ActionRemoved, d.Purpose.String()).Inc()
			}
			return blocked
		})
		if n > 0 {
			changed = true
		}
		if nv != "" {
			out = append(out, nv)
		}
	}
	if changed {
		setLines(hdr, "Link", out)
	}
}

// tagAllowed decides whether a third-party tag of this purpose may load.
func (rw *responseWriter) tagAllowed(p purpose.Purpose) bool {
	if p == purpose.Unknown {
		return rw.h.unknownTagsAllowed(rw.state)
	}
	return rw.state.Granted(p)
}

// The values of unknown_tags.
const (
	unknownKeep  = "keep"
	unknownAsk   = "ask"
	unknownBlock = "block"
)

// unknownTagsAllowed decides whether unknown third-party tags may load in
// state st: always under keep, never under block, and under ask when the
// visitor allowed other services (st grants purpose.Unknown only then; see
// consent.Signals.AskUnknown).
func (h *Handler) unknownTagsAllowed(st consent.State) bool {
	switch h.unknownTags {
	case unknownKeep:
		return true
	case unknownAsk:
		return st.Granted(purpose.Unknown)
	}
	return false
}
