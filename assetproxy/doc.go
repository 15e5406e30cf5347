// Package assetproxy serves a CDN's files under the site's own origin, so
// that a visitor's browser never contacts the CDN (and never discloses its
// address to it): the gateway's rewriter points tags at a first-party path
// (ProxyPath), and Proxy answers that path by fetching the file over HTTPS
// from the listed host, through a bounded in-memory cache that honours
// Cache-Control and Expires.
//
// Bytes are passed on unchanged, so Subresource Integrity still holds,
// except for CSS: its url() and @import targets on listed hosts are pointed
// at the proxy path too (Google Fonts' CSS names its font files on another
// host), which changes the bytes; an integrity attribute on a proxied
// stylesheet whose CSS names a listed host cannot hold.
//
// The upstream request carries none of the visitor's cookies,
// credentials, address or Referer: only User-Agent and Accept are
// forwarded, because font CDNs choose the format by them (see
// forwardedHeaders).
//
// The package does not import Caddy; caddymodule wires it to the handler.
package assetproxy
