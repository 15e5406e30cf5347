package choices

import (
	"fmt"
	"net/http"
)

// gpcLastUpdate is the date this gateway's GPC support last changed.
const gpcLastUpdate = "2026-11-27"

// serveGPCJSON serves /.well-known/gpc.json, the GPC support resource.
func (s *Surface) serveGPCJSON(w http.ResponseWriter, r *http.Request) error {
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
	_, err := fmt.Fprintf(w, `{"gpc": %t, "lastUpdate": %q}`+"\n", s.cfg.HonorGPC, gpcLastUpdate)
	return err
}
