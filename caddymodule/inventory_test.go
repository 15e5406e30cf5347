package caddymodule

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestSiteOf(t *testing.T) {
	for _, tc := range []struct {
		name, host, want string
		ok               bool
	}{
		{"registrable domain", "example.com", "example.com", true},
		{"subdomain", "www.shop.example.com", "example.com", true},
		{"public suffix with two labels", "shop.example.co.uk", "example.co.uk", true},
		{"trailing dot", "www.example.com.", "example.com", true},
		{"IPv4", "127.0.0.1", "127.0.0.1", true},
		{"IPv6 in brackets", "[::1]", "::1", true},
		{"localhost", "localhost", "localhost", true},
		{"single label", "intranet", "intranet", true},
		{"a public suffix itself", "co.uk", "co.uk", true},
		{"no host", "", "", false},
		{"longer than a DNS name", strings.Repeat("a", 254), "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := siteOf(tc.host)
			if got != tc.want || ok != tc.ok {
				t.Errorf("siteOf(%q) = %q, %v; want %q, %v", tc.host, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestSiteRegistryIsBounded(t *testing.T) {
	s := newSiteRegistry(2)
	a, _ := s.of("a.example")
	b, _ := s.of("b.example")
	if a == nil || b == nil || a == b {
		t.Fatalf("two sites under the limit: got %p and %p, want two inventories", a, b)
	}
	if again, _ := s.of("a.example"); again != a {
		t.Errorf("a site's second request got another inventory")
	}
	for i, wantFirst := range []bool{true, false, false} {
		inv, first := s.of(fmt.Sprintf("new%d.example", i))
		if inv != nil || first != wantFirst {
			t.Errorf("site %d past the limit: inventory %p, first refusal %v; want nil, %v", i, inv, first, wantFirst)
		}
	}
	if got := s.snapshot(); len(got.Sites) != 2 || got.Refused != 3 || got.Limit != 2 {
		t.Errorf("snapshot: %d sites, %d refused, limit %d; want 2, 3, 2", len(got.Sites), got.Refused, got.Limit)
	}
	if again, _ := s.of("b.example"); again != b {
		t.Errorf("a known site lost its inventory once the registry was full")
	}
}

func TestSiteRegistryRemembersHostsBounded(t *testing.T) {
	s := newSiteRegistry(1)
	bare, _ := s.forHost("a.example")
	for i := range 10 {
		if inv, _ := s.forHost(fmt.Sprintf("h%d.a.example", i)); inv != bare {
			t.Errorf("host %d of a.example got another inventory", i)
		}
	}
	if n := len(s.hosts); n != hostsPerSite {
		t.Errorf("%d hosts remembered, want the bound %d", n, hostsPerSite)
	}
	if inv, first := s.forHost(""); inv != nil || first {
		t.Errorf("no host: got %p, %v; want nil, false", inv, first)
	}
	if inv, first := s.forHost("b.example"); inv != nil || !first {
		t.Errorf("second site past a limit of 1: got %p, %v; want nil, true", inv, first)
	}
}

func TestAdminInventory(t *testing.T) {
	s := newSiteRegistry(4)
	now := time.Now()
	a, _ := s.of("a.example")
	a.SeeCookie("_ga", classify.Decision{Purpose: purpose.Analytics}, purpose.Persistent, now)
	b, _ := s.of("b.example")
	b.SeeCookie("_fbp", classify.Decision{Purpose: purpose.Retargeting}, purpose.Persistent, now)

	get := func(t *testing.T, method, target string) (*httptest.ResponseRecorder, error) {
		w := httptest.NewRecorder()
		return w, serveInventory(w, httptest.NewRequest(method, target, nil), s)
	}
	names := func(items []struct{ Name string }) (out []string) {
		for _, it := range items {
			out = append(out, it.Name)
		}
		return out
	}

	t.Run("every site", func(t *testing.T) {
		w, err := get(t, "GET", "/consent/inventory")
		var got struct {
			Sites map[string]struct{ Items []struct{ Name string } }
		}
		if err != nil || json.Unmarshal(w.Body.Bytes(), &got) != nil {
			t.Fatalf("%v: %s", err, w.Body)
		}
		if fmt.Sprint(names(got.Sites["a.example"].Items)) != "[_ga]" || fmt.Sprint(names(got.Sites["b.example"].Items)) != "[_fbp]" {
			t.Errorf("sites = %+v, want a.example [_ga] and b.example [_fbp]", got.Sites)
		}
	})
	t.Run("one site, named by any of its hosts", func(t *testing.T) {
		w, err := get(t, "GET", "/consent/inventory?site=WWW.b.example")
		var got struct{ Items []struct{ Name string } }
		if err != nil || json.Unmarshal(w.Body.Bytes(), &got) != nil {
			t.Fatalf("%v: %s", err, w.Body)
		}
		if fmt.Sprint(names(got.Items)) != "[_fbp]" {
			t.Errorf("items = %v, want [_fbp]", names(got.Items))
		}
	})
	t.Run("unknown site", func(t *testing.T) {
		_, err := get(t, "GET", "/consent/inventory?site=c.example")
		if ae, ok := err.(caddy.APIError); !ok || ae.HTTPStatus != http.StatusNotFound {
			t.Errorf("err = %v, want a 404 API error", err)
		}
	})
	t.Run("not GET", func(t *testing.T) {
		_, err := get(t, "POST", "/consent/inventory")
		if ae, ok := err.(caddy.APIError); !ok || ae.HTTPStatus != http.StatusMethodNotAllowed {
			t.Errorf("err = %v, want a 405 API error", err)
		}
	})
}

// TestTwoSitesKeepTheirOwnInventory serves two sites through one handler:
// each one's choices page lists the cookies it sets, never the other's.
func TestTwoSitesKeepTheirOwnInventory(t *testing.T) {
	h := newTestHandler(t, "off")
	sets := map[string]string{"alpha-one.example": "_pk_id.7.abcd", "beta-two.example": "_fbp"}
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		host, _ := siteOf(requestHost(r))
		w.Header().Add("Set-Cookie", sets[host]+"=1; Max-Age=100")
		w.WriteHeader(200)
		return nil
	})
	for site := range sets {
		r := withReplacer(httptest.NewRequest("GET", "http://www."+site+"/", nil))
		if err := h.ServeHTTP(httptest.NewRecorder(), r, next); err != nil {
			t.Fatal(err)
		}
	}
	for site, own := range sets {
		t.Run(site, func(t *testing.T) {
			page := serve(h, httptest.NewRequest("GET", "http://"+site+"/privacy-choices", nil)).Body.String()
			for other, cookie := range sets {
				if listed := strings.Contains(page, "<li>"+cookie+"</li>"); listed != (cookie == own) {
					t.Errorf("page of %s lists %s (set by %s): %v", site, cookie, other, listed)
				}
			}
		})
	}
}
