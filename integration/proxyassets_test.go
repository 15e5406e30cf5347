package integration

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The proxied script, its Subresource Integrity value, and the font the
// proxied stylesheet names.
const (
	cdnScript = "document.documentElement.dataset.proxiedScript = 'ran';\n"
	// cdnFont is a real font for the browser suite, which must render
	// it (.ci/run installs Debian's fonts-liberation). The tests without a
	// browser only compare bytes and serve stand-in bytes instead, so
	// `go test ./...` needs no font package.
	cdnFont = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
)

// standInFont is what the CDN serves as its font file where only the
// bytes matter: not a font, but binary, with every byte value.
func standInFont() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

func cdnScriptIntegrity() string {
	sum := sha512.Sum384([]byte(cdnScript))
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// fakeCDN is a TLS server standing in for fonts.googleapis.com,
// fonts.gstatic.com and cdn.jsdelivr.net: it serves a Google Fonts-like
// stylesheet, its font and a script, and records the headers of every
// request it gets.
type fakeCDN struct {
	*httptest.Server
	caFile   string // its certificate, PEM, for proxy_assets_ca
	mu       sync.Mutex
	requests []http.Header
	paths    []string
}

func newFakeCDN(t testing.TB, font []byte) *fakeCDN {
	c := &fakeCDN{}
	c.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.requests = append(c.requests, r.Header.Clone())
		c.paths = append(c.paths, r.URL.RequestURI())
		c.mu.Unlock()
		w.Header().Set("Set-Cookie", "NID=cdn-tracking; Domain=.gstatic.com")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		switch r.URL.Path {
		case "/css2":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			fmt.Fprint(w, "@font-face {\n  font-family: 'Proxied Sans';\n  font-style: normal;\n  font-weight: 400;\n"+
				"  src: url(https://fonts.gstatic.com/s/proxiedsans/v1/regular.ttf) format('truetype');\n}\n"+
				"body { font-family: 'Proxied Sans', monospace; }\n")
		case "/s/proxiedsans/v1/regular.ttf":
			w.Header().Set("Content-Type", "font/ttf")
			w.Write(font)
		case "/npm/lib@1/lib.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Header().Set("ETag", `"lib-1"`)
			fmt.Fprint(w, cdnScript)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(c.Close)
	c.caFile = filepath.Join(t.TempDir(), "cdn-ca.pem")
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate().Raw})
	if err := os.WriteFile(c.caFile, pemCert, 0o644); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *fakeCDN) recorded() ([]string, []http.Header) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.paths...), append([]http.Header(nil), c.requests...)
}

// proxyAssetsOptions are the consent options that proxy the three CDN
// hosts through the fake CDN.
func (c *fakeCDN) proxyAssetsOptions() string {
	return fmt.Sprintf("proxy_assets fonts.googleapis.com fonts.gstatic.com cdn.jsdelivr.net\n"+
		"\t\tproxy_assets_upstream fonts.googleapis.com %[1]s\n"+
		"\t\tproxy_assets_upstream fonts.gstatic.com %[1]s\n"+
		"\t\tproxy_assets_upstream cdn.jsdelivr.net %[1]s\n"+
		"\t\tproxy_assets_ca %[2]s\n"+
		"\t\t%[3]s", c.URL, c.caFile, testKeys)
}

// proxiedPage is a page that loads a Google Fonts stylesheet (and
// preconnects to its font host) and a script with integrity from a CDN.
const proxiedPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clinic</title>
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Proxied+Sans&amp;display=swap">
<script src="https://cdn.jsdelivr.net/npm/lib@1/lib.js" integrity="{INTEGRITY}" crossorigin="anonymous"></script>
</head><body><h1 id="title">Your appointment</h1><p>Text in the proxied font.</p></body></html>`

func newProxiedPageUpstream(t testing.TB) *httptest.Server {
	page := strings.ReplaceAll(proxiedPage, "{INTEGRITY}", cdnScriptIntegrity())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestProxyAssets: through the real binary, the page's stylesheet, hint and
// script point at the gateway's proxy path; the proxied script's bytes
// still hash to its integrity value; the stylesheet names its font on the
// proxy path too; and the CDN never sees the visitor's cookies, address,
// credentials or Referer.
func TestProxyAssets(t *testing.T) {
	cdn := newFakeCDN(t, standInFont())
	up := newProxiedPageUpstream(t)
	g := startGateway(t, consentSite(up.URL, cdn.proxyAssetsOptions()), "")

	_, page := request(t, "GET", g.URL+"/", "", "Accept: text/html")
	for _, want := range []string{
		`<link rel="preconnect" href="/privacy-choices/assets/fonts.gstatic.com/" crossorigin>`,
		`<link rel="stylesheet" href="/privacy-choices/assets/fonts.googleapis.com/css2?family=Proxied+Sans&amp;display=swap">`,
		`<script src="/privacy-choices/assets/cdn.jsdelivr.net/npm/lib@1/lib.js" integrity="` + cdnScriptIntegrity() + `" crossorigin="anonymous"></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s:\n%s", want, page)
		}
	}
	for _, host := range []string{"https://fonts.g", "https://cdn.jsdelivr", "//fonts.gstatic"} {
		if strings.Contains(page, host) {
			t.Errorf("page still names %s:\n%s", host, page)
		}
	}

	visitor := []string{"Cookie: session=visitor-secret; _ga=GA1.2.3.4", "Authorization: Basic dmlzaXRvcg==",
		"Referer: " + g.URL + "/appointments/cardiology", "X-Forwarded-For: 198.51.100.23", "X-Real-IP: 198.51.100.23",
		"Forwarded: for=198.51.100.23", "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Test/1.0", "Accept-Language: de-DE"}
	t.Run("script bytes kept: integrity holds", func(t *testing.T) {
		resp, body := request(t, "GET", g.URL+"/privacy-choices/assets/cdn.jsdelivr.net/npm/lib@1/lib.js", "", visitor...)
		if resp.StatusCode != 200 || body != cdnScript {
			t.Fatalf("got %d %q, want 200 and the CDN's bytes", resp.StatusCode, body)
		}
		sum := sha512.Sum384([]byte(body))
		if "sha384-"+base64.StdEncoding.EncodeToString(sum[:]) != cdnScriptIntegrity() {
			t.Error("the proxied bytes do not hash to the integrity value")
		}
		for k, want := range map[string]string{"Content-Type": "text/javascript", "X-Content-Type-Options": "nosniff", "Etag": `"lib-1"`, "Set-Cookie": ""} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
	})
	t.Run("stylesheet names its font on the proxy path", func(t *testing.T) {
		resp, css := request(t, "GET", g.URL+"/privacy-choices/assets/fonts.googleapis.com/css2?family=Proxied+Sans&display=swap", "", visitor...)
		if resp.StatusCode != 200 || !strings.Contains(css, "url(/privacy-choices/assets/fonts.gstatic.com/s/proxiedsans/v1/regular.ttf)") {
			t.Fatalf("got %d:\n%s", resp.StatusCode, css)
		}
		resp, font := request(t, "GET", g.URL+"/privacy-choices/assets/fonts.gstatic.com/s/proxiedsans/v1/regular.ttf", "", visitor...)
		want := standInFont()
		if resp.StatusCode != 200 || font != string(want) {
			t.Errorf("font: %d, %d bytes, want 200 and %d bytes", resp.StatusCode, len(font), len(want))
		}
	})
	t.Run("refused", func(t *testing.T) {
		for _, path := range []string{"/privacy-choices/assets/evil.example/x.js", "/privacy-choices/assets/cdn.jsdelivr.net/npm/%2e%2e/x",
			"/privacy-choices/assets/cdn.jsdelivr.net:443/x", "/privacy-choices/assets/127.0.0.1/x"} {
			if resp, _ := request(t, "GET", g.URL+path, ""); resp.StatusCode != 404 {
				t.Errorf("%s: %d, want 404", path, resp.StatusCode)
			}
		}
	})
	t.Run("the CDN saw nothing of the visitor", func(t *testing.T) {
		paths, reqs := cdn.recorded()
		if len(reqs) == 0 {
			t.Fatal("the CDN got no request")
		}
		for i, h := range reqs {
			for _, k := range []string{"Cookie", "Authorization", "Referer", "X-Forwarded-For", "X-Real-Ip", "Forwarded", "Via", "Accept-Language", "X-Forwarded-Host", "X-Forwarded-Proto"} {
				if v := h.Get(k); v != "" {
					t.Errorf("%s: the CDN got %s: %q", paths[i], k, v)
				}
			}
			for k, v := range h {
				if s := strings.Join(v, " "); strings.Contains(s, "198.51.100.23") || strings.Contains(s, "visitor-secret") || strings.Contains(s, "cardiology") {
					t.Errorf("%s: the CDN got the visitor's data in %s: %q", paths[i], k, s)
				}
			}
		}
	})
	t.Run("cached: the CDN asked once per file", func(t *testing.T) {
		request(t, "GET", g.URL+"/privacy-choices/assets/cdn.jsdelivr.net/npm/lib@1/lib.js", "", visitor...)
		paths, _ := cdn.recorded()
		n := 0
		for _, p := range paths {
			if p == "/npm/lib@1/lib.js" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the CDN was asked %d times for the script (%v), want 1", n, paths)
		}
	})
}
