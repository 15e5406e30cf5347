package caddymodule

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/caddy-consent/caddy-consent/caddymodule/choices"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// The run-time guard (choices/assets/guard.js) matches in the page the
// URL rules the handler's classifier lists for it, and asks the verdicts
// endpoint about the other hosts; these methods give it both.

// guardTiers is the JSON of the classifier's rules for the guard.
func (h *Handler) guardTiers() []byte {
	b, err := json.Marshal(h.urls.GuardTiers())
	if err != nil {
		return nil // a map of strings always marshals
	}
	return b
}

// runtimeVerdict judges a URL a script on one of the request's site's
// pages asked to load, as the rewriter would judge it in the markup.
func (h *Handler) runtimeVerdict(r *http.Request, u *url.URL) choices.RuntimeVerdict {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if rewrite.SameSite(host, requestHost(r)) {
		return choices.RuntimeVerdict{Purpose: purpose.Necessary, FirstParty: true}
	}
	d := h.urls.ClassifyURL(u)
	return choices.RuntimeVerdict{
		Purpose: d.Purpose,
		Vendor:  d.Vendor,
		PerURL:  h.urls.HostHasPathRules(host) || strings.HasPrefix(d.Rule, "/"),
	}
}

// seeRuntime records a host a script asked for in the site's inventory.
func (h *Handler) seeRuntime(r *http.Request, u *url.URL, _ choices.RuntimeVerdict, page string) {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return
	}
	h.inventoryFor(r).SeeHost(host, page, h.urls.ClassifyURL(u), time.Now())
}

// pageSite is the registrable domain of the request's host: the guard's
// first party.
func pageSite(r *http.Request) string {
	s, _ := siteOf(requestHost(r))
	return s
}
