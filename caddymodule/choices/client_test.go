package choices

import (
	"net/http/httptest"
	"testing"
)

func TestServeClient(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name, target, ifNoneMatch string
		status                    int
		cache                     string
		body                      bool
	}{
		{"current version", "/privacy-choices/consent.js?v=" + clientHash, "", 200, "public, max-age=31536000, immutable", true},
		{"no version", "/privacy-choices/consent.js", "", 200, "public, max-age=300", true},
		{"old version", "/privacy-choices/consent.js?v=000000000000", "", 200, "public, max-age=300", true},
		{"revalidated", "/privacy-choices/consent.js", `"` + clientHash + `"`, 304, "public, max-age=300", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tc.target, nil)
			if tc.ifNoneMatch != "" {
				r.Header.Set("If-None-Match", tc.ifNoneMatch)
			}
			w := f.serve(t, r)
			h := w.Header()
			if w.Code != tc.status || h.Get("Cache-Control") != tc.cache || h.Get("ETag") != `"`+clientHash+`"` ||
				h.Get("X-Content-Type-Options") != "nosniff" || tc.body && h.Get("Content-Type") != "text/javascript; charset=utf-8" {
				t.Errorf("%d %v", w.Code, h)
			}
			if got := w.Body.Len() == len(clientJS); got != tc.body {
				t.Errorf("body of %d bytes, consent.js has %d", w.Body.Len(), len(clientJS))
			}
		})
	}
}
