package caddymodule

import (
	"errors"
	"net/url"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestProxyAssetsOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    Handler
	}{
		{"ca without hosts", Handler{ProxyAssetsCA: []string{"testdata/proxy-ca.pem"}}},
		{"cache without hosts", Handler{ProxyAssetsCacheBytes: 1 << 20}},
		{"upstream without hosts", Handler{ProxyAssetsUpstreams: map[string]string{"fonts.gstatic.com": "https://127.0.0.1:9443"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.h.Validate(); !errors.Is(err, errNoProxyAssets) {
				t.Errorf("Validate = %v, want %v", err, errNoProxyAssets)
			}
		})
	}
}

func TestProxiedHostsAreNecessaryAndRewritten(t *testing.T) {
	h := &Handler{ProxyAssets: []string{"fonts.gstatic.com", "*.example-cdn.net"}, BasePath: DefaultBasePath}
	_, urls, err := h.classifiers()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.provisionAssets(); err != nil {
		t.Fatal(err)
	}
	rewrite := h.proxyAsset("/shop")
	for _, tc := range []struct {
		name, url, want string
		proxied         bool
	}{
		{"exact host", "https://fonts.gstatic.com/s/a.woff2", "/shop/privacy-choices/assets/fonts.gstatic.com/s/a.woff2", true},
		{"wildcard", "https://static.example-cdn.net/app.js?v=2", "/shop/privacy-choices/assets/static.example-cdn.net/app.js?v=2", true},
		{"port", "https://fonts.gstatic.com:8443/s/a.woff2", "", false},
		{"other host", "https://fonts.googleapis.com/css2", "", false},
		{"not http", "ftp://fonts.gstatic.com/a", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, _ := url.Parse(tc.url)
			got, ok := rewrite(u)
			if ok != tc.proxied || got != tc.want {
				t.Errorf("proxyAsset(%s) = %q, %v; want %q, %v", tc.url, got, ok, tc.want, tc.proxied)
			}
			if v := urls.ClassifyURL(u); tc.proxied && (v.Purpose != purpose.Necessary || v.Vendor != proxiedVendor) {
				t.Errorf("classified %v, want necessary by %s", v, proxiedVendor)
			}
		})
	}
}
