package caddymodule

import (
	"net"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/cookiewire"
	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// maxExpiryLines bounds the Set-Cookie lines one response adds to expire
// withdrawn cookies, so a browser carrying hundreds of tracker cookies does
// not get a response header too large for proxies in between. What is left
// is expired on the next request (the cookies are stripped upstream until
// then).
const maxExpiryLines = 120

// cookieAllowed decides whether a cookie of this classification may exist
// for this visitor.
func (h *Handler) cookieAllowed(st consent.State, d classify.Decision) bool {
	if d.Purpose == purpose.Unknown {
		return !h.blockUnkn
	}
	return st.Granted(d.Purpose)
}

// enforceRequest removes non-granted cookies (and the consent cookie, which
// only the gateway reads) from the Cookie header sent upstream, sets the
// consent-state header, keeps Sec-GPC and adds it for a visitor who opted
// out of retargeting. It returns the Set-Cookie lines that expire the
// removed cookies in the browser. inv, the site's inventory, holds what the
// cookie heuristics learnt of the site; it may be nil.
func (h *Handler) enforceRequest(r *http.Request, st consent.State, inv *inventory.Inventory) []string {
	var (
		removed   []string
		heuristic map[string]classify.Decision // verdicts of cookies no rule knows by name
	)
	if lines := r.Header["Cookie"]; len(lines) > 0 {
		if inv != nil {
			inv.Cookies().SawRequest(st.GrantedSet())
		}
		kept := lines[:0:0]
		for _, line := range lines {
			k, gone := cookiewire.FilterCookiePairs(line, func(name, value string) bool {
				if h.isConsentCookie(name) {
					return false
				}
				d := h.cookies.Classify(name)
				if d.Purpose == purpose.Unknown && name != "" && inv != nil {
					if d = h.requestCookieHeuristic(inv, st, name, value); d.Purpose != purpose.Unknown {
						if heuristic == nil {
							heuristic = make(map[string]classify.Decision)
						}
						heuristic[name] = d
					}
				}
				return h.cookieAllowed(st, d)
			})
			for _, name := range gone {
				if !h.isConsentCookie(name) {
					removed = append(removed, name)
					h.metrics.cookies.WithLabelValues("request_stripped", h.decisionOf(name, heuristic).Purpose.String()).Inc()
				}
			}
			if k != "" {
				kept = append(kept, k)
			}
		}
		if len(kept) == 0 {
			r.Header.Del("Cookie")
		} else {
			r.Header["Cookie"] = kept
		}
	}

	r.Header.Del(h.StateHeader)
	r.Header.Set(h.StateHeader, st.Header())
	if st.Decided && !st.Choices.Has(purpose.Retargeting) && !hasGPC(r.Header) {
		r.Header.Set("Sec-GPC", "1")
	}

	if len(removed) == 0 {
		return nil
	}
	return h.expiryLines(r, removed, heuristic)
}

// requestCookieHeuristic decides a request cookie no rule knows by name (Classify
// answered Unknown) by
// what the site's memory holds of it (set by the server, or written by
// scripts and seen with which consent) and its value; a script's cookie
// with a verdict goes to the inventory, as the server's do in
// filterSetCookies.
func (h *Handler) requestCookieHeuristic(inv *inventory.Inventory, st consent.State, name, value string) classify.Decision {
	f := inv.Cookies().RequestFacts(name, value, st.GrantedSet())
	d := h.cookies.Heuristic(name, f)
	if d.Vendor == "" && strings.HasPrefix(d.Rule, classify.RuleOnlyAfterConsent) {
		// A cookie that first appears after a tag of vendor V ran is
		// V's: V is the site's only vendor of the purpose it follows.
		if v := inv.SoleVendor(d.Purpose); v != "" {
			d.Vendor = v
			d.Rule += ", the site's only " + d.Purpose.String() + " vendor"
		}
	}
	if f.SetBy == classify.SetByScript && d.Purpose != purpose.Unknown {
		inv.SeeScriptCookie(name, d, time.Now())
	}
	return d
}

// decisionOf returns the decision on a cookie: the heuristic verdict of
// the request, when it had one, or the rules' by name.
func (h *Handler) decisionOf(name string, heuristic map[string]classify.Decision) classify.Decision {
	if d, ok := heuristic[name]; ok {
		return d
	}
	return h.cookies.Classify(name)
}

// setCookieDecision classifies a Set-Cookie line: by name, or, for a name
// no rule knows, by the heuristics over what the line says (its value,
// HttpOnly, its lifetime). It returns the facts it used too.
func (h *Handler) setCookieDecision(sc cookiewire.SetCookieLine, now time.Time) (classify.Decision, classify.CookieFacts) {
	d := h.cookies.Classify(sc.Name())
	if d.Purpose != purpose.Unknown || sc.Name() == "" {
		return d, classify.CookieFacts{}
	}
	f := classify.CookieFacts{Value: sc.Value(), SetBy: classify.SetByServer, HttpOnly: sc.HttpOnly(), MaxAge: sc.MaxAge(now)}
	return h.cookies.Heuristic(sc.Name(), f), f
}

// prepareForRewriting readies the request for the response side: a page is
// asked for without Accept-Encoding (Go's transport then asks for gzip
// itself and decodes it, and encode compresses the rewritten page for the
// client), and If-None-Match carries the upstream's own tags (see
// translateIfNoneMatch, whose answer it returns).
func prepareForRewriting(r *http.Request, st consent.State) (translatedETag bool) {
	if likelyHTML(r) {
		r.Header.Del("Accept-Encoding")
	}
	return translateIfNoneMatch(r, st)
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

// expiryLines builds the Set-Cookie lines that delete the named cookies in
// the browser, for every Domain and Path they could have been set with.
func (h *Handler) expiryLines(r *http.Request, names []string, heuristic map[string]classify.Decision) []string {
	host := requestHost(r)
	secure := r.TLS != nil
	paths := cookiewire.RequestPathParents(r.URL.Path, 2)
	var lines []string
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		more := cookiewire.ExpiryLines(name, host, secure, paths)
		if len(lines)+len(more) > maxExpiryLines {
			break
		}
		lines = append(lines, more...)
		d := h.decisionOf(name, heuristic)
		h.metrics.cookies.WithLabelValues("expired", d.Purpose.String()).Inc()
		h.debugCookie("expired cookie the visitor has not granted", name, d)
	}
	return lines
}

// requestHost returns the request's host name without port, lower-case.
func requestHost(r *http.Request) string {
	host := r.Host
	// SplitHostPort allocates its error for a host without a port.
	if strings.IndexByte(host, ':') >= 0 {
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// debugCookie logs one enforcement decision when debug is on, at debug
// level, so the operator's log level decides whether it is written.
func (h *Handler) debugCookie(msg, name string, d classify.Decision) {
	if !h.Debug {
		return
	}
	if ce := h.logger.Check(zapcore.DebugLevel, msg); ce != nil {
		ce.Write(
			zap.String("cookie", name),
			zap.String("purpose", d.Purpose.String()),
			zap.String("vendor", d.Vendor),
			zap.String("rule", d.Rule),
			zap.String("source", d.Source),
		)
	}
}

// filterSetCookies applies the visitor's state to Set-Cookie lines: lines of
// non-granted purposes are removed, persistent lines of non-necessary
// purposes are downgraded to session cookies when persistent cookies are
// declined, deletions by the site always pass, and nobody but the gateway
// may set the consent cookie. It returns the lines to send.
//
// inv, when not nil, records the cookies seen, and metrics and debug lines
// count what was done; 1xx responses pass nil, as their lines may come
// again in the final header.
func (h *Handler) filterSetCookies(lines []string, st consent.State, inv *inventory.Inventory) []string {
	record := inv != nil
	now := time.Now()
	out := lines[:0:0]
	changed := false
	for _, line := range lines {
		sc := cookiewire.ParseSetCookie(line)
		name := sc.Name()
		if h.isConsentCookie(name) {
			changed = true
			h.metrics.cookies.WithLabelValues("stripped", "necessary").Inc()
			h.debugCookie("stripped upstream attempt to set the consent cookie", name, classify.Decision{Purpose: purpose.Necessary, Source: "gateway"})
			continue
		}
		if sc.IsDeletion(now) {
			out = append(out, line)
			continue
		}
		d, facts := h.setCookieDecision(sc, now)
		if record {
			if facts.SetBy == classify.SetByServer {
				inv.Cookies().SawSetCookie(name, facts)
			}
			inv.SeeCookie(name, d, sc.Lifetime(), now)
		}
		if !h.cookieAllowed(st, d) {
			changed = true
			if record {
				h.metrics.cookies.WithLabelValues("stripped", d.Purpose.String()).Inc()
				h.debugCookie("stripped Set-Cookie the visitor has not granted", name, d)
			}
			continue
		}
		if d.Purpose != purpose.Necessary && !(d.Purpose == purpose.Unknown && !h.blockUnkn) &&
			!st.Persistent() && sc.Lifetime() == purpose.Persistent {
			changed = true
			line = cookiewire.DowngradeToSession(line)
			if record {
				h.metrics.cookies.WithLabelValues("downgraded", d.Purpose.String()).Inc()
				h.debugCookie("downgraded persistent cookie to a session cookie", name, d)
			}
		}
		out = append(out, line)
	}
	if !changed {
		return lines
	}
	return out
}
