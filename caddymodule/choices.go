package caddymodule

import (
	"net/http"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-consent/caddy-consent/caddymodule/choices"
	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// The visitor's side of the gateway (the choices page, its API, gpc.json,
// consent.js, the inserted head block and the placeholders) is package
// choices; these methods wire it to the handler.

// provisionChoices builds the handler's choices surface from its
// configuration. It runs in Provision, after the codec, the classifiers,
// the inventory and the metrics.
func (h *Handler) provisionChoices() error {
	s, err := choices.New(choices.Config{
		BasePath:       h.BasePath,
		Mode:           h.mode,
		PolicyVersion:  h.PolicyVersion,
		MaxAge:         h.maxAge,
		CookieName:     h.consentMAC,
		HonorGPC:       h.honorGPC,
		SiteName:       h.SiteName,
		Logo:           h.Logo,
		Color:          h.Color,
		PrivacyPolicy:  h.PrivacyPolicy,
		Descriptions:   h.Descriptions,
		SensitivePaths: h.SensitivePaths,
		ShowLink:       h.ShowLink,
		LogDecisions:   h.Debug,
		UnknownTags:    h.unknownTags,
		GuardTiers:     h.guardTiers(),
	}, choices.Deps{
		Codec: h.codec,
		State: h.requestState,
		Expire: func(r *http.Request, st consent.State) []string {
			return h.enforceRequest(r, st, h.inventoryFor(r))
		},
		Inventory: h.inventoryFor,
		Record:    h.recordReceipt,
		OnDecision: func(p purpose.Purpose, granted bool, src consent.Source) {
			answer := "denied"
			if granted {
				answer = "granted"
			}
			h.metrics.decisions.WithLabelValues(p.String(), answer, string(src)).Inc()
		},
		OnBanner:   func() { h.metrics.bannerShown.Inc() },
		Logger:     h.logger,
		Prefix:     strippedPrefix,
		Verdict:    h.runtimeVerdict,
		SeeRuntime: h.seeRuntime,
	})
	if err != nil {
		return err
	}
	h.surface = s
	return nil
}

// serveEndpoints serves the gateway's own endpoints. served is false for
// every other request.
func (h *Handler) serveEndpoints(w http.ResponseWriter, r *http.Request) (served bool, err error) {
	served, err = h.surface.Serve(w, r)
	if err != nil {
		err = caddyhttp.Error(http.StatusInternalServerError, err)
	}
	return served, err
}

// gpcDecision records a GPC-driven opt-out in opt_out mode on a request
// that may be a page, updating *st; it returns the Set-Cookie lines to add.
func (h *Handler) gpcDecision(r *http.Request, st *consent.State) []string {
	if !likelyHTML(r) {
		return nil
	}
	return h.surface.GPCDecision(r, st)
}

// insertBlock is the block the rewriter puts first in <head> of a page
// under prefix, its stripped prefix (browserpath.go), on site (pageSite).
func (h *Handler) insertBlock(st consent.State, nonce, lang, prefix, site string, onChoicesPage bool) []byte {
	return h.surface.Insert(st, nonce, lang, prefix, site, onChoicesPage)
}

// placeholderFor returns the placeholder markup function of a language on
// a page under prefix.
func (h *Handler) placeholderFor(lang, prefix string) func(purpose.Purpose, string, string) []byte {
	return h.surface.Placeholder(lang, prefix)
}

// negotiateLang is the visitor's language for the inserted strings and
// placeholders.
func negotiateLang(r *http.Request) string { return choices.Language(r) }
