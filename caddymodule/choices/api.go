package caddymodule

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// maxAPIBody bounds a POST to the choices API.
const maxAPIBody = 4 << 10

// apiState is the JSON shape of GET and POST /privacy-choices/api
// (DESIGN.md "Surfaces").
type apiState struct {
	PolicyVersion string          `json:"policy_version"`
	Mode          string          `json:"mode"`
	Decided       bool            `json:"decided"`
	GPC           bool            `json:"gpc"`
	Persistent    bool            `json:"persistent"`
	Purposes      map[string]bool `json:"purposes"`
	Receipt       string          `json:"receipt"`
}

// apiRequest is the body of POST /privacy-choices/api: either {"all": bool}
// or {"purposes": {...}, "persistent": bool}.
type apiRequest struct {
	All        *bool            `json:"all"`
	Purposes   map[string]*bool `json:"purposes"`
	Persistent *bool            `json:"persistent"`
	// Source optionally says which surface of the site sent the decision
	// ("banner" or "page"; default "api"), for the receipt.
	Source string `json:"source"`
}

// serveEndpoints serves the gateway's own endpoints. served is false for
// every other request.
func (h *Handler) serveEndpoints(w http.ResponseWriter, r *http.Request) (served bool, err error) {
	switch r.URL.Path {
	case h.BasePath:
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			return true, h.servePage(w, r, h.requestState(r), r.URL.Query().Get("saved") == "1", "", http.StatusOK)
		case http.MethodPost:
			return true, h.servePageForm(w, r)
		}
		w.Header().Set("Allow", "GET, HEAD, POST")
		return true, apiError(w, http.StatusMethodNotAllowed, "method not allowed")
	case h.BasePath + "/api":
		return true, h.serveAPI(w, r)
	case h.BasePath + "/consent.js":
		return true, serveClient(w, r)
	case "/.well-known/gpc.json":
		return true, h.serveGPCJSON(w, r)
	}
	return false, nil
}

func (h *Handler) serveAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return h.writeState(w, r, h.requestState(r), http.StatusOK)
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		return apiError(w, http.StatusMethodNotAllowed, "method not allowed: use GET or POST")
	}
	if err := checkSameOrigin(r); err != nil {
		return apiError(w, http.StatusForbidden, err.Error())
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return apiError(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
	}
	var req apiRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apiError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", maxAPIBody))
		}
		return apiError(w, http.StatusBadRequest, "malformed JSON: "+err.Error())
	}
	if dec.More() {
		return apiError(w, http.StatusBadRequest, "malformed JSON: more than one value")
	}
	choices, err := req.choices()
	if err != nil {
		return apiError(w, http.StatusBadRequest, err.Error())
	}
	src := consent.SourceAPI
	if req.Source != "" {
		s, err := consent.ParseSource(req.Source)
		if err != nil || s == consent.SourceGPC {
			return apiError(w, http.StatusBadRequest, `source must be "banner", "page" or "api"`)
		}
		src = s
	}
	return h.decide(w, r, choices, src, func(st consent.State) error {
		return h.writeState(w, r, st, http.StatusOK)
	})
}

// choices turns the request body into a decision.
func (req apiRequest) choices() (consent.Choices, error) {
	if req.All != nil {
		if req.Purposes != nil || req.Persistent != nil {
			return consent.Choices{}, errors.New(`give either "all" or "purposes" and "persistent", not both`)
		}
		return consent.AllChoices(*req.All), nil
	}
	if req.Purposes == nil {
		return consent.Choices{}, errors.New(`body must have "all" (true or false) or "purposes" (an object of booleans)`)
	}
	var c consent.Choices
	for name, v := range req.Purposes {
		p, err := purpose.ParsePurpose(name)
		if err != nil || p == purpose.Unknown || p == purpose.Necessary {
			return consent.Choices{}, fmt.Errorf("unknown purpose %q in purposes (want functional, analytics, beacon, retargeting, social)", name)
		}
		if v == nil {
			return consent.Choices{}, fmt.Errorf("purpose %q must be true or false", name)
		}
		c.Set(p, *v)
	}
	c.Persistent = req.Persistent != nil && *req.Persistent
	return c, nil
}

// decide stores a new decision: it sets the consent cookie, expires the
// cookies of purposes no longer granted, records the receipt, and hands the
// new state to done.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request, c consent.Choices, src consent.Source, done func(consent.State) error) error {
	lines, st, err := h.newDecision(r, c, src)
	if err != nil {
		return caddyhttp.Error(http.StatusInternalServerError, err)
	}
	for _, l := range lines {
		w.Header().Add("Set-Cookie", l)
	}
	// Expire what the visitor has just withdrawn, right away.
	for _, line := range h.enforceRequest(r.Clone(r.Context()), st) {
		w.Header().Add("Set-Cookie", line)
	}
	return done(st)
}

// newDecision stamps a decision, records its receipt and metrics, and
// returns the Set-Cookie lines that store it and the state it yields.
func (h *Handler) newDecision(r *http.Request, c consent.Choices, src consent.Source) ([]string, consent.State, error) {
	gpc := hasGPC(r.Header)
	c.Stamp(h.PolicyVersion, time.Now(), src, gpc)
	value, err := h.codec.Encode(h.consentMAC, c)
	if err != nil {
		return nil, consent.State{}, fmt.Errorf("encoding consent cookie: %w", err)
	}
	secure := r.TLS != nil
	name := h.CookieName
	if secure {
		name = "__Host-" + h.CookieName
	}
	cookie := &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(h.maxAge / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
	lines := []string{cookie.String()}
	if secure {
		// A plain-named copy from an earlier http visit would otherwise
		// linger; the most restrictive of both would win.
		lines = append(lines, h.CookieName+"=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
	}
	st := consent.Resolve(h.mode, &c, consent.Signals{GPC: h.honorGPC && gpc, Sensitive: h.isSensitive(r)})
	st.GPC = gpc
	h.recordReceipt(c, r.Header.Get("User-Agent"))
	for _, p := range purpose.Choosable {
		h.metrics.decisions.WithLabelValues(p.String(), boolLabel(c.Has(p)), string(src)).Inc()
	}
	if h.Debug {
		h.logger.Info("visitor decided", zapChoices(c)...)
	}
	return lines, st, nil
}

// gpcDecision records a GPC-driven opt-out in opt_out mode: the first page
// a browser with Sec-GPC: 1 asks for, with no decision yet, gets a decision
// (source "gpc") denying what GPC denies, so the opt-out request has a
// receipt and the choices page can show it. It returns the Set-Cookie
// lines to add to the response.
func (h *Handler) gpcDecision(r *http.Request, st *consent.State) []string {
	if h.mode != consent.OptOut || !h.honorGPC || !st.GPC || st.Decided || !likelyHTML(r) {
		return nil
	}
	c := consent.AllChoices(true)
	for _, p := range consent.GPCDenied {
		c.Set(p, false)
	}
	lines, nst, err := h.newDecision(r, c, consent.SourceGPC)
	if err != nil {
		h.logger.Error("recording a GPC opt-out", zap.Error(err))
		return nil
	}
	*st = nst
	return lines
}

func (h *Handler) writeState(w http.ResponseWriter, r *http.Request, st consent.State, status int) error {
	out := h.stateJSON(st)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	return json.NewEncoder(w).Encode(out)
}

// stateJSON is the API's view of a state.
func (h *Handler) stateJSON(st consent.State) apiState {
	out := apiState{
		PolicyVersion: h.PolicyVersion,
		Mode:          h.mode.String(),
		Decided:       st.Decided,
		GPC:           st.GPC,
		Persistent:    st.Persistent(),
		Purposes:      make(map[string]bool, len(purpose.Choosable)),
	}
	for _, p := range purpose.Choosable {
		out.Purposes[p.String()] = st.Granted(p)
	}
	if st.Decided {
		out.Receipt = st.Choices.Receipt
	}
	return out
}

func (h *Handler) serveGPCJSON(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return apiError(w, http.StatusMethodNotAllowed, "method not allowed: use GET")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=86400")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := fmt.Fprintf(w, `{"gpc": %t, "lastUpdate": %q}`+"\n", h.honorGPC, gpcLastUpdate)
	return err
}

// gpcLastUpdate is the date this gateway's GPC support last changed.
const gpcLastUpdate = "2026-11-27"

// checkSameOrigin refuses cross-site requests: Origin, when present, must
// be the request's own origin; Sec-Fetch-Site, when present, must be
// same-origin or none. Requests with neither (curl, server-side code) pass:
// browsers always send one of them on a cross-site POST.
func checkSameOrigin(r *http.Request) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return fmt.Errorf("cross-site request refused (Sec-Fetch-Site: %s)", site)
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || origin == "null" || !strings.EqualFold(u.Host, r.Host) {
		return errors.New("cross-site request refused (Origin does not match the site)")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if u.Scheme != scheme {
		return errors.New("cross-site request refused (Origin scheme does not match the site)")
	}
	return nil
}

// apiError answers a JSON error. The message never echoes request bytes
// except through JSON encoding.
func apiError(w http.ResponseWriter, status int, msg string) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func boolLabel(b bool) string {
	if b {
		return "granted"
	}
	return "denied"
}
