package caddymodule

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// Under handle_path, or after uri strip_prefix, the handler sees a path the
// browser never asked for: /shop/privacy-choices arrives as
// /privacy-choices. The endpoints answer at BasePath as the handler sees
// it (that is where Caddy routes the request), and every URL the gateway
// gives the browser (the client's configuration, the consent.js script,
// the page's form and its redirect, the placeholders' links) carries the
// stripped prefix, so the browser comes back through the same route.
//
// Caddy keeps the request as the client sent it in the request's context
// (caddyhttp.OriginalRequestCtxKey); the stripped prefix is what the
// original path has before the current one, when the current path is its
// tail. A rewrite that happens to leave a tail of the original path (a
// try_files fallback from /docs/index.html to /index.html) reads as a
// prefix too: the links then point through that rewrite again.

// originalURL is the URL of the request as the client sent it, before any
// route rewrote it; nil outside Caddy's server.
func originalURL(r *http.Request) *url.URL {
	orig, ok := r.Context().Value(caddyhttp.OriginalRequestCtxKey).(http.Request)
	if !ok {
		return nil
	}
	return orig.URL
}

// strippedPrefix is the part of the path the browser asked for that the
// routes before this handler stripped, escaped as the browser sent it and
// without a trailing "/": "/shop" when /shop/privacy-choices reached the
// handler as /privacy-choices. It is "" when nothing was stripped, and for
// a prefix that would lead off the site ("//host"), since it ends up in
// links and in a redirect; an escaped path has no raw backslash.
func strippedPrefix(r *http.Request) string {
	orig := originalURL(r)
	// The common case, no rewrite, costs one context lookup and one
	// comparison.
	if orig == nil || orig.Path == r.URL.Path {
		return ""
	}
	op, cp := orig.EscapedPath(), r.URL.EscapedPath()
	if !strings.HasPrefix(cp, "/") || len(op) <= len(cp) || !strings.HasSuffix(op, cp) {
		return ""
	}
	prefix := strings.TrimRight(op[:len(op)-len(cp)], "/")
	if len(prefix) < 2 || prefix[0] != '/' || prefix[1] == '/' {
		return ""
	}
	return prefix
}
