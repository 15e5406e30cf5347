package choices

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/time/rate"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// The bounds of a verdicts request (POST BasePath/api/verdicts): the
// guard sends at most 32 URLs to judge and 32 held ones to report.
const (
	maxVerdictBody = 16 << 10
	maxVerdictURLs = 32
	maxVerdictURL  = 2048
)

// verdictsRequest is the body of POST BasePath/api/verdicts.
type verdictsRequest struct {
	// URLs are what a page's script asked to load, for hosts the guard
	// does not know: the server judges them.
	URLs []string `json:"urls"`
	// Held are URLs the guard held or dropped on its own, reported for
	// the inventory.
	Held []string `json:"held"`
	// Page is the path of the page the script ran on.
	Page string `json:"page"`
}

// verdictJSON is one answer of the verdicts endpoint, in the order of
// the request's URLs.
type verdictJSON struct {
	Purpose string `json:"purpose"`
	Vendor  string `json:"vendor,omitempty"`
	// Scope is "host" when the verdict holds for every URL of the host,
	// "url" when it holds for this URL only.
	Scope string `json:"scope"`
}

// runtimeRecords bounds what scripts' URLs add to the inventory across
// the process: a flood of made-up URLs costs a few map entries a second,
// and verdicts are answered all the same (they cost a classification).
var runtimeRecords = rate.NewLimiter(100, 400)

func (s *Surface) serveVerdicts(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		return apiError(w, http.StatusMethodNotAllowed, "method not allowed: use POST")
	}
	if err := checkSameOrigin(r); err != nil {
		return apiError(w, http.StatusForbidden, err.Error())
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return apiError(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
	}
	var req verdictsRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxVerdictBody))
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apiError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", maxVerdictBody))
		}
		return apiError(w, http.StatusBadRequest, "malformed JSON: "+err.Error())
	}
	if len(req.URLs) > maxVerdictURLs || len(req.Held) > maxVerdictURLs {
		return apiError(w, http.StatusBadRequest, fmt.Sprintf("at most %d urls and %d held URLs per request", maxVerdictURLs, maxVerdictURLs))
	}
	page := req.Page
	if !strings.HasPrefix(page, "/") || len(page) > maxVerdictURL {
		page = "/"
	}
	out := struct {
		Verdicts []verdictJSON `json:"verdicts"`
	}{make([]verdictJSON, len(req.URLs))}
	for i, raw := range req.URLs {
		u, ok := verdictURL(raw)
		if !ok {
			out.Verdicts[i] = verdictJSON{Purpose: purpose.Unknown.String(), Scope: "url"}
			continue
		}
		v := s.deps.Verdict(r, u)
		out.Verdicts[i] = verdictJSON{Purpose: v.Purpose.String(), Vendor: v.Vendor, Scope: "host"}
		if v.PerURL {
			out.Verdicts[i].Scope = "url"
		}
		s.seeRuntime(r, u, v, page)
	}
	for _, raw := range req.Held {
		if u, ok := verdictURL(raw); ok {
			s.seeRuntime(r, u, s.deps.Verdict(r, u), page)
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}

// seeRuntime reports a third-party URL a script asked for to the
// inventory, within the process's budget.
func (s *Surface) seeRuntime(r *http.Request, u *url.URL, v RuntimeVerdict, page string) {
	if v.FirstParty || s.deps.SeeRuntime == nil || !runtimeRecords.Allow() {
		return
	}
	s.deps.SeeRuntime(r, u, v, page)
}
