package choices

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// maxAPIBody bounds a POST to the choices API.
const maxAPIBody = 4 << 10

// apiState is the JSON shape of GET and POST BasePath/api (the README's
// endpoint table).
type apiState struct {
	PolicyVersion string          `json:"policy_version"`
	Mode          string          `json:"mode"`
	Decided       bool            `json:"decided"`
	GPC           bool            `json:"gpc"`
	Persistent    bool            `json:"persistent"`
	Purposes      map[string]bool `json:"purposes"`
	Receipt       string          `json:"receipt"`
}

// apiRequest is the body of POST BasePath/api: either {"all": bool} or
// {"purposes": {...}, "persistent": bool}.
type apiRequest struct {
	All        *bool            `json:"all"`
	Purposes   map[string]*bool `json:"purposes"`
	Persistent *bool            `json:"persistent"`
	// Source optionally says which surface of the site sent the decision
	// ("banner" or "page"; default "api"), for the receipt.
	Source string `json:"source"`
}

func (s *Surface) serveAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return s.writeState(w, r, s.deps.State(r), http.StatusOK)
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
	req, err := decodeAPIRequest(http.MaxBytesReader(w, r.Body, maxAPIBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apiError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", maxAPIBody))
		}
		return apiError(w, http.StatusBadRequest, err.Error())
	}
	choices, src, err := req.decision(s.offered())
	if err != nil {
		return apiError(w, http.StatusBadRequest, err.Error())
	}
	return s.decide(w, r, s.deps.State(r), choices, src, func(st consent.State) error {
		return s.writeState(w, r, st, http.StatusOK)
	})
}

// decodeAPIRequest reads exactly one JSON object with known fields. A
// body over the reader's limit yields its *http.MaxBytesError.
func decodeAPIRequest(body io.Reader) (apiRequest, error) {
	var req apiRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return req, err
		}
		return req, errors.New("malformed JSON: " + err.Error())
	}
	if dec.More() {
		return req, errors.New("malformed JSON: more than one value")
	}
	return req, nil
}

// decision turns the request body into a decision and its source; offered
// are the purpose names it may give.
func (req apiRequest) decision(offered []purpose.Purpose) (consent.Choices, consent.Source, error) {
	c, err := req.choices(offered)
	if err != nil {
		return c, "", err
	}
	if req.Source == "" {
		return c, consent.SourceAPI, nil
	}
	src, err := consent.ParseSource(req.Source)
	if err != nil || src == consent.SourceGPC {
		return c, "", errors.New(`source must be "banner", "page" or "api"`)
	}
	return c, src, nil
}

// choices turns the request body into a decision. "unknown" (other
// services) is refused where the site does not ask about them.
func (req apiRequest) choices(offered []purpose.Purpose) (consent.Choices, error) {
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
		if err != nil || !slices.Contains(offered, p) {
			return consent.Choices{}, fmt.Errorf("unknown purpose %q in purposes (want %s)", name, purpose.List(offered))
		}
		if v == nil {
			return consent.Choices{}, fmt.Errorf("purpose %q must be true or false", name)
		}
		c.Set(p, *v)
	}
	c.Persistent = req.Persistent != nil && *req.Persistent
	return c, nil
}

func (s *Surface) writeState(w http.ResponseWriter, r *http.Request, st consent.State, status int) error {
	out := s.stateJSON(st)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	return json.NewEncoder(w).Encode(out)
}

// stateJSON is the API's view of a state.
func (s *Surface) stateJSON(st consent.State) apiState {
	out := apiState{
		PolicyVersion: s.cfg.PolicyVersion,
		Mode:          s.cfg.Mode.String(),
		Decided:       st.Decided,
		GPC:           st.GPC,
		Persistent:    st.Persistent(),
		Purposes:      make(map[string]bool, len(purpose.Choosable)+1),
	}
	for _, p := range s.offered() {
		out.Purposes[p.String()] = st.Granted(p)
	}
	if st.Decided {
		out.Receipt = st.Choices.Receipt
	}
	return out
}

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
	if err != nil || origin == "null" || !ascii.EqualFold(u.Host, r.Host) {
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
