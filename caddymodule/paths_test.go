package caddymodule

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
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

// TestSensitivePathsUnderAPrefix: under handle_path a sensitive path
// matches whether the operator wrote it with the prefix or without.
func TestSensitivePathsUnderAPrefix(t *testing.T) {
	for _, tc := range []struct {
		name, pattern, browser, handler string
		want                            bool
	}{
		{"written without the prefix", "/secure/*", "/shop/secure/claims", "/secure/claims", true},
		{"written with the prefix", "/shop/secure/*", "/shop/secure/claims", "/secure/claims", true},
		{"not sensitive either way", "/secure/*", "/shop/plans", "/plans", false},
		{"no rewrite", "/shop/secure/*", "/shop/plans", "/shop/plans", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &Handler{sensitive: []pathPattern{newPathPattern(tc.pattern)}}
			orig := httptest.NewRequest("GET", "http://example.com"+tc.browser, nil)
			r := httptest.NewRequest("GET", "http://example.com"+tc.handler, nil)
			r = r.WithContext(context.WithValue(r.Context(), caddyhttp.OriginalRequestCtxKey, *orig))
			if got := h.isSensitive(r); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
