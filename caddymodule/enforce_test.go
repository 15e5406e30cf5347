package caddymodule

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestDebugDecisionsLogAtDebugLevel checks that the debug option's cookie
// and tag decisions are written at debug level: a logger at info level
// (Caddy's default) filters them, one at debug level shows them.
func TestDebugDecisionsLogAtDebugLevel(t *testing.T) {
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Add("Set-Cookie", "_fbp=fb.1.2.3; Max-Age=7776000; Path=/")
		w.Header().Set("Content-Type", "text/html")
		_, err := w.Write([]byte(`<html><head><script src="https://connect.facebook.net/en_US/fbevents.js"></script></head><body></body></html>`))
		return err
	})
	for _, tc := range []struct {
		name  string
		level zapcore.Level
		debug bool
		want  map[string]bool // message → logged
	}{
		{"debug on, logger at debug", zapcore.DebugLevel, true, map[string]bool{"stripped Set-Cookie the visitor has not granted": true, "tag neutralized": true}},
		{"debug on, logger at info", zapcore.InfoLevel, true, map[string]bool{"stripped Set-Cookie the visitor has not granted": false, "tag neutralized": false}},
		{"debug off, logger at debug", zapcore.DebugLevel, false, map[string]bool{"stripped Set-Cookie the visitor has not granted": false, "tag neutralized": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHandler(t, "off", func(h *Handler) { h.Debug = tc.debug })
			core, logs := observer.New(tc.level)
			h.logger = zap.New(core)
			r := httptest.NewRequest("GET", "http://shop.example/", nil)
			r.Header.Set("Accept", "text/html")
			if err := h.ServeHTTP(httptest.NewRecorder(), withReplacer(r), next); err != nil {
				t.Fatal(err)
			}
			for msg, want := range tc.want {
				entries := logs.FilterMessage(msg).All()
				if got := len(entries) > 0; got != want {
					t.Errorf("%q logged: %v, want %v (all: %v)", msg, got, want, logs.All())
				}
				for _, e := range entries {
					if e.Level != zapcore.DebugLevel {
						t.Errorf("%q logged at %v, want debug", msg, e.Level)
					}
				}
			}
		})
	}
}
