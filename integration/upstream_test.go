package integration

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// upstreamCookies is the realistic mix the test upstream sets on /page.
var upstreamCookies = []string{
	"PHPSESSID=abc123; Path=/; HttpOnly; SameSite=Lax",
	"_ga=GA1.1.123.456; Path=/; Max-Age=63072000; SameSite=Lax",
	"_gid=GA1.1.789; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
	"_fbp=fb.1.123.456; Path=/; Max-Age=7776000; Priority=High",
	"_gcl_au=1.1.123; Path=/; Max-Age=7776000",
	"lang=en; Path=/; Max-Age=31536000",
	"nw_member_pref=compact; Path=/",
	"justavalue; Path=/",
	"old_tracker=; Path=/; Max-Age=0",
	"_hjSessionUser_123=eyJ; Path=/; Max-Age=31536000",
}

// echoed is what the upstream saw of a request.
type echoed struct {
	Cookie       []string `json:"cookie"`
	ConsentState []string `json:"consent_state"`
	SecGPC       []string `json:"sec_gpc"`
	Path         string   `json:"path"`
}

// newUpstream starts a real HTTP server on loopback that sets cookies and
// echoes what it received.
func newUpstream(t testing.TB) *httptest.Server {
	mux := http.NewServeMux()
	echo := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(echoed{
			Cookie: r.Header.Values("Cookie"), ConsentState: r.Header.Values("Consent-State"),
			SecGPC: r.Header.Values("Sec-GPC"), Path: r.URL.Path,
		})
	}
	setAll := func(w http.ResponseWriter, r *http.Request) {
		for _, c := range upstreamCookies {
			w.Header().Add("Set-Cookie", c)
		}
		echo(w, r)
	}
	mux.HandleFunc("/page", setAll)
	mux.HandleFunc("/", setAll)
	mux.HandleFunc("/echo", echo)
	mux.HandleFunc("/forge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "privacy_choices=forged; Path=/")
		w.Header().Add("Set-Cookie", "__Host-privacy_choices=forged; Path=/; Secure")
		echo(w, r)
	})
	mux.HandleFunc("/trailer", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "Set-Cookie")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(200)
		_, _ = w.Write([]byte("body"))
		w.(http.Flusher).Flush()
		w.Header().Add("Set-Cookie", "_fbp=trailer; Path=/; Max-Age=100")
		w.Header().Add("Set-Cookie", "PHPSESSID=trailer; Path=/")
	})
	mux.HandleFunc("/many", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 1500; i++ {
			w.Header().Add("Set-Cookie", "_ga_X"+strings.Repeat("A", i%7)+"=1; Max-Age=100")
		}
		w.Header().Add("Set-Cookie", "PHPSESSID=last; Path=/")
		echo(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
