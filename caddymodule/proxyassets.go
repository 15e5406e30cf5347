package caddymodule

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/caddy-consent/caddy-consent/assetproxy"
	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// proxy_assets: the files of the listed CDN hosts are served under the
// site's own origin, at BasePath/assets/<host>/<path> (below the stripped
// prefix, as the browser sees it), so that visitors' browsers never
// contact those hosts. The rewriter points the tags there (ProxyAsset),
// the handler answers the path (serveAsset) with package assetproxy, and
// the hosts are classified necessary (proxiedRules), since they are no
// longer contacted.

// proxiedVendor is the vendor of the hosts the proxy_assets option names.
const proxiedVendor = "proxied (proxy_assets)"

// assetsPath is the proxy's path under BasePath.
const assetsPath = "/assets"

// proxiedRules are the operator host rules that make the proxied hosts
// necessary.
func (h *Handler) proxiedRules() []classify.HostRule {
	var rules []classify.HostRule
	for _, p := range h.ProxyAssets {
		rules = append(rules, classify.HostRule{Pattern: p, Purpose: purpose.Necessary, Vendor: proxiedVendor, Rule: "proxy_assets " + p})
	}
	return rules
}

// provisionAssets builds the asset proxy, when hosts are listed.
func (h *Handler) provisionAssets() error {
	if len(h.ProxyAssets) == 0 {
		return nil
	}
	pool, err := assetsRootCAs(h.ProxyAssetsCA)
	if err != nil {
		return err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if pool != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	h.assets, err = assetproxy.New(assetproxy.Config{
		Hosts:      h.ProxyAssets,
		Upstreams:  h.ProxyAssetsUpstreams,
		Transport:  tr,
		CacheBytes: h.ProxyAssetsCacheBytes,
		MaxBytes:   h.ProxyAssetsMaxBytes,
	})
	if err != nil {
		return fmt.Errorf("proxy_assets: %w", err)
	}
	return nil
}

// assetsRootCAs is the system's CA pool plus the PEM files named, or nil
// when none is named (the transport's default, the system pool).
func assetsRootCAs(files []string) (*x509.CertPool, error) {
	if len(files) == 0 {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for i, f := range files {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("proxy_assets_ca[%d]: %w", i, err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("proxy_assets_ca[%d]: %s holds no PEM certificate; give the CA certificate in PEM form", i, f)
		}
	}
	return pool, nil
}

// serveAsset answers a request for a proxied file; it reports false for
// every other request.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) bool {
	if h.assets == nil {
		return false
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), h.BasePath+assetsPath+"/")
	if !ok {
		return false
	}
	h.assets.Serve(w, r, strippedPrefix(r)+h.BasePath+assetsPath, rest)
	return true
}

// proxyAsset is the rewriter's Options.ProxyAsset for a page under prefix,
// its stripped prefix (browserpath.go); nil without proxied hosts.
func (h *Handler) proxyAsset(prefix string) func(u *url.URL) (string, bool) {
	if h.assets == nil {
		return nil
	}
	base := prefix + h.BasePath + assetsPath
	return func(u *url.URL) (string, bool) {
		host := u.Hostname() // lower case, from the rewriter
		if u.Scheme != "https" && u.Scheme != "http" || u.Port() != "" || !h.assets.Listed(host) {
			return "", false
		}
		return assetproxy.ProxyPath(base, host, u), true
	}
}

// proxiedHint reports whether a Link header hint points at a proxied host:
// it is removed, since the page loads those files from the site itself.
func (h *Handler) proxiedHint(host string) bool {
	return h.assets != nil && h.assets.Listed(host)
}

func checkProxyAssets(h *Handler) error {
	for i, p := range h.ProxyAssets {
		if err := assetproxy.CheckPattern(p); err != nil {
			return fmt.Errorf("proxy_assets[%d]: %w", i, err)
		}
	}
	return nil
}

// errNoProxyAssets: a proxy_assets_* option without proxy_assets.
var errNoProxyAssets = errors.New("list the proxied hosts with proxy_assets first")

func checkProxyAssetsUpstreams(h *Handler) error {
	for host, raw := range h.ProxyAssetsUpstreams {
		if !proxiedHostListed(h, host) {
			return fmt.Errorf("proxy_assets_upstreams[%s]: the host is not proxied; %w", host, errNoProxyAssets)
		}
		if _, err := assetproxy.CheckUpstream(raw); err != nil {
			return fmt.Errorf("proxy_assets_upstreams[%s]: %w", host, err)
		}
	}
	return nil
}

// proxiedHostListed reports whether a host is an exact one of, or under a
// wildcard of, h.ProxyAssets.
func proxiedHostListed(h *Handler, host string) bool {
	for _, p := range h.ProxyAssets {
		if p == host || strings.HasPrefix(p, "*.") && (host == p[2:] || strings.HasSuffix(host, p[1:])) {
			return true
		}
	}
	return false
}

func checkProxyAssetsCA(h *Handler) error {
	if len(h.ProxyAssetsCA) > 0 && len(h.ProxyAssets) == 0 {
		return fmt.Errorf("proxy_assets_ca: %w", errNoProxyAssets)
	}
	_, err := assetsRootCAs(h.ProxyAssetsCA)
	return err
}

func checkProxyAssetsCache(h *Handler) error {
	switch {
	case h.ProxyAssetsCacheBytes < 0 || h.ProxyAssetsMaxBytes < 0:
		return fmt.Errorf("proxy_assets_cache and proxy_assets_max_file are bytes, 0 or more (0: the default)")
	case h.ProxyAssetsMaxBytes > 0 && h.ProxyAssetsCacheBytes > 0 && h.ProxyAssetsMaxBytes > h.ProxyAssetsCacheBytes:
		return fmt.Errorf("proxy_assets_max_file %d exceeds proxy_assets_cache %d; raise the cache or lower the limit", h.ProxyAssetsMaxBytes, h.ProxyAssetsCacheBytes)
	case (h.ProxyAssetsCacheBytes > 0 || h.ProxyAssetsMaxBytes > 0) && len(h.ProxyAssets) == 0:
		return fmt.Errorf("proxy_assets_cache, proxy_assets_max_file: %w", errNoProxyAssets)
	}
	return nil
}

// parseProxyAssetsUpstream reads proxy_assets_upstream <host> <base URL>.
func parseProxyAssetsUpstream(h *Handler, args []string) error {
	if len(args) != 2 {
		return errArgs
	}
	if h.ProxyAssetsUpstreams == nil {
		h.ProxyAssetsUpstreams = map[string]string{}
	}
	h.ProxyAssetsUpstreams[args[0]] = args[1]
	return nil
}

// bytesArg reads one number of bytes.
func bytesArg(set func(h *Handler, n int64)) func(*Handler, []string) error {
	return func(h *Handler, args []string) error {
		if len(args) != 1 {
			return errArgs
		}
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number of bytes; write one such as 67108864", args[0])
		}
		set(h, n)
		return nil
	}
}
