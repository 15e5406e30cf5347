package assetproxy

import (
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// cdn is a TLS test server standing in for a CDN: it serves files by path
// and records the headers of every request.
type cdn struct {
	*httptest.Server
	mu       sync.Mutex
	requests []http.Header
	hits     map[string]int
	files    map[string]func(w http.ResponseWriter, r *http.Request)
}

func newCDN(t *testing.T) *cdn {
	c := &cdn{hits: map[string]int{}, files: map[string]func(http.ResponseWriter, *http.Request){}}
	c.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.requests = append(c.requests, r.Header.Clone())
		c.hits[r.URL.Path]++
		f := c.files[r.URL.Path]
		c.mu.Unlock()
		if f == nil {
			http.NotFound(w, r)
			return
		}
		f(w, r)
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *cdn) file(path, ctype, cacheControl, body string) {
	c.files[path] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		if cacheControl != "" {
			w.Header().Set("Cache-Control", cacheControl)
		}
		w.Header().Set("Set-Cookie", "cdn=1")
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte(body))
	}
}

func (c *cdn) hitsOf(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[path]
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newProxy(t *testing.T, c *cdn, clk *clock, cfg Config) *Proxy {
	t.Helper()
	cfg.Hosts = append(cfg.Hosts, "cdn.example", "fonts.example")
	cfg.Upstreams = map[string]string{"cdn.example": c.URL, "fonts.example": c.URL + "/fonts"}
	cfg.Transport = c.Client().Transport
	if clk != nil {
		cfg.Now = clk.now
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// get asks p for /assets/rest with the visitor's headers.
func get(p *Proxy, rest string, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "https://site.example/assets/"+rest, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	r.RemoteAddr = "203.0.113.7:5555"
	w := httptest.NewRecorder()
	path, query, _ := strings.Cut(rest, "?")
	r.URL.RawQuery = query
	p.Serve(w, r, "/assets", path)
	return w
}

func TestServeKeepsBytesAndStripsTheVisitor(t *testing.T) {
	c := newCDN(t)
	js := "console.log('hi')\n"
	c.file("/lib.js", "text/javascript", "public, max-age=3600", js)
	p := newProxy(t, c, nil, Config{})
	w := get(p, "cdn.example/lib.js?v=1", map[string]string{
		"Cookie": "session=secret", "Authorization": "Bearer x", "Referer": "https://site.example/health/page",
		"X-Forwarded-For": "203.0.113.7", "Forwarded": "for=203.0.113.7", "X-Real-Ip": "203.0.113.7", "Via": "1.1 visitor",
		"User-Agent": "Mozilla/5.0 Test", "Accept": "*/*", "Accept-Language": "de",
	})
	if w.Code != http.StatusOK || w.Body.String() != js {
		t.Fatalf("got %d %q, want 200 and the bytes", w.Code, w.Body.String())
	}
	if sha256.Sum256(w.Body.Bytes()) != sha256.Sum256([]byte(js)) {
		t.Error("the bytes changed: Subresource Integrity would fail")
	}
	for k, want := range map[string]string{"Content-Type": "text/javascript", "Cache-Control": "public, max-age=3600", "ETag": `"v1"`, "X-Content-Type-Options": "nosniff", "Set-Cookie": ""} {
		if got := w.Header().Get(k); got != want {
			t.Errorf("response %s = %q, want %q", k, got, want)
		}
	}
	got := c.requests[0]
	for _, k := range []string{"Cookie", "Authorization", "Referer", "X-Forwarded-For", "Forwarded", "X-Real-Ip", "Via", "Accept-Language"} {
		if v := got.Get(k); v != "" {
			t.Errorf("upstream got %s: %q", k, v)
		}
	}
	if ua := got.Get("User-Agent"); ua != "Mozilla/5.0 Test" {
		t.Errorf("upstream User-Agent = %q, want the visitor's", ua)
	}
	for k, v := range got {
		if strings.Contains(strings.Join(v, " "), "203.0.113.7") {
			t.Errorf("upstream got the visitor's address in %s", k)
		}
	}
}

func TestServeRefuses(t *testing.T) {
	c := newCDN(t)
	c.file("/a.js", "text/javascript", "max-age=60", "a")
	p := newProxy(t, c, nil, Config{})
	for _, tc := range []struct {
		name, rest string
		want       int
	}{
		{"unlisted host", "evil.example/a.js", http.StatusNotFound},
		{"subdomain of a listed exact host", "x.cdn.example/a.js", http.StatusNotFound},
		{"traversal", "cdn.example/../a.js", http.StatusNotFound},
		{"escaped traversal", "cdn.example/%2e%2e/a.js", http.StatusNotFound},
		{"absolute URL", "https://evil.example/a.js", http.StatusNotFound},
		{"port", "cdn.example:443/a.js", http.StatusNotFound},
		{"upstream 404 passed on", "cdn.example/missing.js", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if w := get(p, tc.rest, nil); w.Code != tc.want {
				t.Errorf("got %d, want %d", w.Code, tc.want)
			}
		})
	}
	t.Run("POST", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/assets/cdn.example/a.js", nil)
		w := httptest.NewRecorder()
		p.Serve(w, r, "/assets", "cdn.example/a.js")
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("got %d, want 405", w.Code)
		}
	})
}

func TestServeFailures(t *testing.T) {
	c := newCDN(t)
	c.files["/boom"] = func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusServiceUnavailable) }
	c.files["/big"] = func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 2048)) }
	c.files["/away"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://evil.example/x", http.StatusFound)
	}
	c.files["/moved"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://fonts.example/f.woff2", http.StatusMovedPermanently)
	}
	c.files["/fonts/f.woff2"] = func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Referer") != "" {
			http.Error(w, "referer", http.StatusTeapot)
			return
		}
		w.Write([]byte("font"))
	}
	c.files["/loop"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	}
	p := newProxy(t, c, nil, Config{MaxBytes: 1024})
	for _, tc := range []struct {
		name, rest string
		want       int
		body       string
	}{
		{"upstream error", "cdn.example/boom", http.StatusBadGateway, ""},
		{"too large", "cdn.example/big", http.StatusBadGateway, ""},
		{"redirect to an unlisted host", "cdn.example/away", http.StatusBadGateway, ""},
		{"redirect to a listed host, through its upstream, without Referer", "cdn.example/moved", http.StatusOK, "font"},
		{"redirect loop", "cdn.example/loop", http.StatusBadGateway, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := get(p, tc.rest, nil)
			if w.Code != tc.want || tc.body != "" && w.Body.String() != tc.body {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body.String(), tc.want, tc.body)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		p, err := New(Config{Hosts: []string{"cdn.example"}, Upstreams: map[string]string{"cdn.example": "https://127.0.0.1:1"}, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if w := get(p, "cdn.example/a.js", nil); w.Code != http.StatusBadGateway {
			t.Errorf("got %d, want 502", w.Code)
		}
	})
}

func TestServeCachesByCacheControl(t *testing.T) {
	c := newCDN(t)
	c.file("/fresh.js", "text/javascript", "max-age=60", "f")
	c.file("/nostore.js", "text/javascript", "no-store", "n")
	c.file("/private.js", "text/javascript", "private, max-age=60", "p")
	c.file("/nocache.js", "text/javascript", "no-cache", "c")
	c.files["/expires.js"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Expires", time.Date(2030, 1, 1, 0, 1, 0, 0, time.UTC).Format(http.TimeFormat))
		w.Header().Set("Date", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat))
		w.Write([]byte("e"))
	}
	clk := &clock{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newProxy(t, c, clk, Config{})
	for _, tc := range []struct {
		name, path string
		later      time.Duration // the third request comes this much later
		want       int           // upstream requests after three
	}{
		{"max-age fresh", "/fresh.js", 30 * time.Second, 1},
		{"max-age stale: revalidated", "/fresh.js", 61 * time.Second, 2},
		{"no-store", "/nostore.js", 0, 3},
		{"private", "/private.js", 0, 3},
		{"no-cache: revalidated every time", "/nocache.js", 0, 3},
		{"Expires fresh", "/expires.js", 30 * time.Second, 1},
		{"Expires stale, no validator: refetched", "/expires.js", 2 * time.Minute, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.cache = newCache(DefaultCacheBytes)
			c.mu.Lock()
			c.hits = map[string]int{}
			c.mu.Unlock()
			start := clk.t
			for i := range 3 {
				if i == 2 {
					clk.t = start.Add(tc.later)
				}
				if w := get(p, "cdn.example"+tc.path, nil); w.Code != http.StatusOK || w.Body.Len() != 1 {
					t.Fatalf("request %d: %d %q", i, w.Code, w.Body.String())
				}
			}
			clk.t = start
			if got := c.hitsOf(tc.path); got != tc.want {
				t.Errorf("upstream requests = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestServeRevalidatesWithETag(t *testing.T) {
	c := newCDN(t)
	c.file("/a.css", "text/css", "max-age=1", "a{}")
	clk := &clock{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newProxy(t, c, clk, Config{})
	get(p, "cdn.example/a.css", nil)
	clk.t = clk.t.Add(time.Minute)
	if w := get(p, "cdn.example/a.css", nil); w.Code != http.StatusOK || w.Body.String() != "a{}" {
		t.Fatalf("got %d %q", w.Code, w.Body.String())
	}
	if inm := c.requests[1].Get("If-None-Match"); inm != `"v1"` {
		t.Errorf("revalidation sent If-None-Match %q, want the cached ETag", inm)
	}
	if w := get(p, "cdn.example/a.css", map[string]string{"If-None-Match": `"v1"`}); w.Code != http.StatusNotModified {
		t.Errorf("a visitor's matching If-None-Match got %d, want 304", w.Code)
	}
}

func TestServeVariesOnUserAgent(t *testing.T) {
	c := newCDN(t)
	c.files["/css2"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Header().Set("Cache-Control", "max-age=86400")
		w.Header().Set("Vary", "User-Agent, Accept-Encoding")
		w.Write([]byte("/* " + r.Header.Get("User-Agent") + " */"))
	}
	p := newProxy(t, c, nil, Config{})
	for range 2 {
		for _, ua := range []string{"A", "B"} {
			w := get(p, "cdn.example/css2", map[string]string{"User-Agent": ua})
			if want := "/* " + ua + " */"; w.Body.String() != want {
				t.Fatalf("UA %s got %q, want %q", ua, w.Body.String(), want)
			}
			if v := w.Header().Get("Vary"); v != "User-Agent" {
				t.Errorf("Vary = %q, want User-Agent", v)
			}
		}
	}
	if got := c.hitsOf("/css2"); got != 2 {
		t.Errorf("upstream requests = %d, want 2: one per user agent", got)
	}
}

func TestServeRewritesCSS(t *testing.T) {
	c := newCDN(t)
	c.file("/css2", "text/css; charset=utf-8", "max-age=60",
		"@font-face{src:url(https://fonts.example/s/a.woff2) format('woff2')}\n@import url(https://cdn.example/b.css);\na{b:url(https://other.example/c.png)}")
	p := newProxy(t, c, nil, Config{})
	w := get(p, "cdn.example/css2", nil)
	want := "@font-face{src:url(/assets/fonts.example/s/a.woff2) format('woff2')}\n@import url(/assets/cdn.example/b.css);\na{b:url(https://other.example/c.png)}"
	if w.Body.String() != want {
		t.Errorf("got %q\nwant %q", w.Body.String(), want)
	}
	if et := w.Header().Get("ETag"); et != `W/"v1"` {
		t.Errorf("ETag of rewritten CSS = %q, want weak", et)
	}
	if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(len(want)) {
		t.Errorf("Content-Length = %s, want %d", cl, len(want))
	}
}
