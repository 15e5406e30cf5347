package caddymodule

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// asRoutedFrom makes r look as Caddy hands it to a handler after a route
// rewrote original (the target the client sent) to r's own path: the
// original request is kept in the context, as Caddy's server keeps it.
func asRoutedFrom(r *http.Request, original string) *http.Request {
	u, err := url.ParseRequestURI(original)
	if err != nil {
		panic(err)
	}
	orig := http.Request{Method: r.Method, RequestURI: original, URL: u}
	return r.WithContext(context.WithValue(r.Context(), caddyhttp.OriginalRequestCtxKey, orig))
}

func TestStrippedPrefix(t *testing.T) {
	for _, tc := range []struct {
		name, original, current, want string
	}{
		{"outside Caddy's server", "", "/privacy-choices", ""},
		{"no rewrite", "/privacy-choices", "/privacy-choices", ""},
		{"handle_path /shop/*", "/shop/privacy-choices/api", "/privacy-choices/api", "/shop"},
		{"the prefix's root", "/shop/", "/", "/shop"},
		{"a deeper prefix", "/a/b/page?x=1", "/page?x=1", "/a/b"},
		{"the case the browser used", "/SHOP/privacy-choices", "/privacy-choices", "/SHOP"},
		{"the escapes the browser used", "/%73hop/privacy-choices", "/privacy-choices", "/%73hop"},
		{"merged slashes", "/shop//privacy-choices", "/privacy-choices", "/shop"},
		{"an escaped tail", "/shop/caf%C3%A9", "/caf%C3%A9", "/shop"},
		{"a rewrite that is no strip", "/old", "/new", ""},
		{"a prefix added, not stripped", "/x", "/index.php/x", ""},
		{"not at a segment boundary", "/ab", "/b", ""},
		{"only slashes", "//privacy-choices", "/privacy-choices", ""},
		{"would lead to another host", "//evil.example/privacy-choices", "/privacy-choices", ""},
		{"a backslash stays escaped", `/\evil.example/privacy-choices`, "/privacy-choices", "/%5Cevil.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://shop.example"+tc.current, nil)
			if tc.original != "" {
				r = asRoutedFrom(r, tc.original)
			}
			if got := strippedPrefix(r); got != tc.want {
				t.Errorf("strippedPrefix(%q → %q) = %q, want %q", tc.original, tc.current, got, tc.want)
			}
		})
	}
}

// htmlUpstream answers a page with a held embed.
var htmlUpstream = upstreamHandler([]byte(`<!doctype html><html><head><title>t</title></head><body><iframe src="https://www.youtube.com/embed/x"></iframe></body></html>`), "text/html; charset=utf-8")

// TestUnderStrippedPrefix: under handle_path /shop/*, the endpoints answer
// at the path the handler sees, and every URL given to the browser (the
// client's configuration, the script, the placeholder's link, the page's
// form and its redirect) carries /shop; gpc.json, site-wide, is not
// answered under the prefix.
func TestUnderStrippedPrefix(t *testing.T) {
	h := newTestHandler(t, "off")
	run := func(r *http.Request, original string, next caddyhttp.Handler) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		if err := h.ServeHTTP(w, withReplacer(asRoutedFrom(r, original)), next); err != nil {
			t.Fatal(err)
		}
		return w
	}
	t.Run("page", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept", "text/html")
		body := run(r, "/shop/", htmlUpstream).Body.String()
		for _, want := range []string{
			`"api":"/shop/privacy-choices/api"`, `"page":"/shop/privacy-choices"`,
			`<script src="/shop/privacy-choices/consent.js?v=`,
			`<a href="/shop/privacy-choices">`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %s:\n%s", want, body)
			}
		}
		if strings.Contains(body, `"/privacy-choices`) {
			t.Errorf("page has an unprefixed URL:\n%s", body)
		}
	})
	t.Run("choices page", func(t *testing.T) {
		w := run(httptest.NewRequest("GET", "/privacy-choices", nil), "/shop/privacy-choices", htmlUpstream)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `<form method="post" action="/shop/privacy-choices"`) {
			t.Errorf("%d, want the page with the form's action under /shop:\n%s", w.Code, w.Body)
		}
	})
	t.Run("form", func(t *testing.T) {
		w := run(formPost("/privacy-choices", url.Values{"action": {"accept_all"}}, "Origin", "http://example.com"), "/shop/privacy-choices", htmlUpstream)
		if w.Code != 303 || w.Header().Get("Location") != "/shop/privacy-choices?saved=1" {
			t.Errorf("%d %q, want 303 to /shop/privacy-choices?saved=1", w.Code, w.Header().Get("Location"))
		}
	})
	t.Run("gpc.json", func(t *testing.T) {
		if w := run(httptest.NewRequest("GET", "/.well-known/gpc.json", nil), "/shop/.well-known/gpc.json", upstreamHandler([]byte("upstream"), "text/plain")); w.Body.String() != "upstream" {
			t.Errorf("%d %.60q, want the upstream's answer", w.Code, w.Body)
		}
		if w := run(httptest.NewRequest("GET", "/.well-known/gpc.json", nil), "/.well-known/gpc.json", upstreamHandler([]byte("upstream"), "text/plain")); !strings.Contains(w.Body.String(), `"gpc"`) {
			t.Errorf("%d %.60q, want gpc.json at the site's root", w.Code, w.Body)
		}
	})
}
