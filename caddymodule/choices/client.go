package choices

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"time"
)

// clientJS is consent.js, the visitor-side client.
//
//go:embed assets/consent.js
var clientJS []byte

// clientHash is a content hash of consent.js: the inserted <script> asks
// for consent.js?v=<hash>, so browsers may cache it for a year and still
// get a new version the moment it changes.
var clientHash = func() string {
	sum := sha256.Sum256(clientJS)
	return hex.EncodeToString(sum[:6])
}()

// clientModTime is when this build's consent.js became current.
var clientModTime = time.Now()

// serveClient serves consent.js.
func serveClient(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return apiError(w, http.StatusMethodNotAllowed, "method not allowed: use GET")
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("ETag", `"`+clientHash+`"`)
	if r.URL.Query().Get("v") == clientHash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(w, r, "consent.js", clientModTime, bytes.NewReader(clientJS))
	return nil
}
