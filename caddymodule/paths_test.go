package caddymodule

import (
	"net/http/httptest"
	"testing"
)

func TestSensitivePaths(t *testing.T) {
	h := &Handler{}
	for _, p := range []string{"/secure/*", "/medical-record/*", "/claims/*.pdf"} {
		h.sensitive = append(h.sensitive, newPathPattern(p))
	}
	for i, tc := range []struct {
		target string
		want   bool
	}{
		{"/secure/claims", true},
		{"/secure", true},
		{"/secure/", true},
		{"/SECURE/x", true},
		{"/a/../secure/x", true},
		{"/%73ecure/x", true},
		{"/secure%2Fx", true},
		{"//secure/x", true},
		{"/medical-record/summary.html", true},
		{"/claims/2026.pdf", true},
		{"/claims/2026.html", false},
		{"/securex", false},
		{"/", false},
		{"/public/secure", false},
	} {
		r := httptest.NewRequest("GET", "http://example.com"+tc.target, nil)
		if got := h.isSensitive(r); got != tc.want {
			t.Errorf("Test %d (%s): got %v, want %v", i, tc.target, got, tc.want)
		}
	}
}
