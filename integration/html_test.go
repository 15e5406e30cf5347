package integration

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/net/html"
)

// trackerPages are staging pages that carry vendors' snippets.
var trackerPages = []string{"/index.html", "/find-a-doctor.html", "/blog/healthy-habits.html"}

// activeElement describes an element a browser with JavaScript would fetch
// from a third-party host or run as a known snippet.
type activeElement struct{ tag, what string }

// necessaryThirdParty are vendors a page may load before any choice
// because the knowledge base classifies them necessary (bot protection,
// and fonts: infrastructure).
var necessaryThirdParty = []string{"www.google.com/recaptcha/", "www.gstatic.com/recaptcha/", "//fonts.googleapis.com", "//fonts.gstatic.com"}

// thirdParty reports whether a URL in the page points off the site to a
// host that is not necessary.
func thirdParty(raw string) bool {
	raw = strings.TrimSpace(raw)
	for _, n := range necessaryThirdParty {
		if strings.Contains(raw, n) {
			return false
		}
	}
	if strings.HasPrefix(raw, "//") {
		return true
	}
	if !strings.HasPrefix(raw, "http://") && !strings.HasPrefix(raw, "https://") {
		return false
	}
	host := strings.SplitN(strings.SplitN(raw, "://", 2)[1], "/", 2)[0]
	return !strings.HasPrefix(host, "127.0.0.1") && !strings.HasPrefix(host, "localhost")
}

// snippetTokens mark inline vendor snippets (a few per vendor).
var snippetTokens = []string{"fbq(", "_linkedin_partner_id", "clarity.ms", "hotjar", "gtag('config'", "gtm.start", "uetq", "ttq.load", "pintrk(", "analytics.load", "_paq", "twq(", "snaptr(", "rdt(", "criteo_q", "adroll_adv_id", "_taboola", "obApi"}

// activeTrackers lists what would run or load in a browser with scripting
// on: third-party src/href on script, iframe, img, link hints, and inline
// scripts with vendor tokens whose type is executable. Comments, template
// contents and noscript text do not count (as in a browser).
func activeTrackers(t *testing.T, page []byte) []activeElement {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []activeElement
	var walk func(n *html.Node, inTemplate bool)
	walk = func(n *html.Node, inTemplate bool) {
		if n.Type == html.ElementNode && !inTemplate {
			attr := map[string]string{}
			for _, a := range n.Attr {
				if _, dup := attr[a.Key]; !dup {
					attr[a.Key] = a.Val
				}
			}
			switch n.Data {
			case "script":
				if _, own := attr["data-privacy-choices"]; own {
					break // the gateway's own block: the guard names vendors' hosts
				}
				typ := strings.ToLower(attr["type"])
				exec := typ == "" || strings.Contains(typ, "javascript") || typ == "module"
				if src, ok := attr["src"]; ok && exec && thirdParty(src) {
					out = append(out, activeElement{"script", src})
				}
				if _, ok := attr["src"]; !ok && exec && n.FirstChild != nil {
					for _, tok := range snippetTokens {
						if strings.Contains(n.FirstChild.Data, tok) {
							out = append(out, activeElement{"inline-script", tok})
							break
						}
					}
				}
			case "iframe", "img":
				if src, ok := attr["src"]; ok && thirdParty(src) {
					out = append(out, activeElement{n.Data, src})
				}
				for _, c := range strings.Split(attr["srcset"], ",") {
					if f := strings.Fields(c); len(f) > 0 && thirdParty(f[0]) {
						out = append(out, activeElement{n.Data + "[srcset]", f[0]})
					}
				}
			case "link":
				rel := strings.ToLower(attr["rel"])
				for _, h := range []string{"preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload"} {
					if strings.Contains(rel, h) && thirdParty(attr["href"]) {
						out = append(out, activeElement{"link", attr["href"]})
					}
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "template" {
			inTemplate = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inTemplate)
		}
	}
	walk(doc, false)
	return out
}

// noscriptPixels lists third-party images and iframes inside <noscript>
// that a browser without JavaScript would load.
func noscriptPixels(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.ParseWithOptions(bytes.NewReader(page), html.ParseOptionEnableScripting(false))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node, inNoscript bool)
	walk = func(n *html.Node, inNoscript bool) {
		if n.Type == html.ElementNode && inNoscript && (n.Data == "img" || n.Data == "iframe") {
			for _, a := range n.Attr {
				if a.Key == "src" && thirdParty(a.Val) {
					out = append(out, a.Val)
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "noscript" {
			inNoscript = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inNoscript)
		}
	}
	walk(doc, false)
	return out
}

// stripInsert removes the block the gateway inserts first in <head>.
func stripInsert(t *testing.T, page []byte) []byte {
	t.Helper()
	start := bytes.Index(page, []byte(`<script data-privacy-choices="guard"`))
	endMarker := []byte(`data-privacy-choices="client"></script>`)
	end := bytes.Index(page, endMarker)
	if start < 0 || end < start {
		t.Fatalf("no inserted block in page:\n%.400s", page)
	}
	return append(append([]byte{}, page[:start]...), page[end+len(endMarker):]...)
}

func staging(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "integration", "staging", filepath.FromSlash(strings.TrimPrefix(name, "/"))))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTMLRewritingOnStaging(t *testing.T) {
	sites, _ := exampleSites(t)
	g := startGateway(t, sites, "")
	get := func(path string, headers ...string) (*http.Response, []byte) {
		resp, body := request(t, "GET", g.URL+path, "", append([]string{"Accept: text/html"}, headers...)...)
		return resp, []byte(body)
	}

	t.Run("no choice: no tracker element is active", func(t *testing.T) {
		for _, p := range append(trackerPages, "/secure/claims.html", "/medical-record/summary.html") {
			_, body := get(p)
			if act := activeTrackers(t, body); len(act) != 0 {
				t.Errorf("%s: active trackers before a choice: %v", p, act)
			}
			if px := noscriptPixels(t, body); len(px) != 0 {
				t.Errorf("%s: noscript pixels load without JavaScript: %v", p, px)
			}
		}
	})

	all := decide(t, g, `{"all": true}`)
	t.Run("all granted: the page is the upstream's, byte for byte, plus the insert", func(t *testing.T) {
		for _, p := range trackerPages {
			_, body := get(p, "Cookie: "+all)
			if got, want := stripInsert(t, body), staging(t, p); !bytes.Equal(got, want) {
				t.Errorf("%s: differs from the original (%d vs %d bytes); first difference at %d:\n got %.200q\nwant %.200q",
					p, len(got), len(want), firstDiff(got, want), got[firstDiff(got, want):], want[firstDiff(got, want):])
			}
		}
	})

	t.Run("sensitive pages stay clean even with everything granted", func(t *testing.T) {
		for _, p := range []string{"/secure/claims.html", "/medical-record/summary.html"} {
			_, body := get(p, "Cookie: "+all)
			if act := activeTrackers(t, body); len(act) != 0 {
				t.Errorf("%s: active trackers: %v", p, act)
			}
		}
	})

	an := decide(t, g, `{"purposes": {"analytics": true}, "persistent": true}`)
	t.Run("analytics only: only analytics runs", func(t *testing.T) {
		_, body := get("/index.html", "Cookie: "+an)
		act := activeTrackers(t, body)
		var hosts []string
		for _, a := range act {
			hosts = append(hosts, a.what)
		}
		joined := strings.Join(hosts, " ")
		for _, want := range []string{"G-NWH12345", "clarity.ms", "hotjar"} {
			if !strings.Contains(joined, want) {
				t.Errorf("analytics element %s not active: %v", want, act)
			}
		}
		for _, bad := range []string{"AW-987654321", "facebook", "linkedin", "youtube", "twitter", "bing", "uetq", "fbq("} {
			if strings.Contains(joined, bad) {
				t.Errorf("non-analytics element %s active: %v", bad, act)
			}
		}
	})

	t.Run("a page with nothing to neutralize is identical apart from the insert", func(t *testing.T) {
		for _, p := range []string{"/plain.html", "/login.html", "/privacy-notice.html"} {
			_, body := get(p)
			if got, want := stripInsert(t, body), staging(t, p); !bytes.Equal(got, want) {
				i := firstDiff(got, want)
				t.Errorf("%s: not identical at byte %d:\n got %.120q\nwant %.120q", p, i, got[i:], want[i:])
			}
		}
	})

	t.Run("windows-1252 page keeps its bytes", func(t *testing.T) {
		resp, body := get("/windows-1252.html", "Cookie: "+all)
		if !strings.Contains(resp.Header.Get("Content-Type"), "windows-1252") {
			t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
		}
		if got, want := stripInsert(t, body), staging(t, "/windows-1252.html"); !bytes.Equal(got, want) {
			t.Errorf("windows-1252 page changed at byte %d", firstDiff(got, want))
		}
		_, body = get("/windows-1252.html")
		if act := activeTrackers(t, body); len(act) != 0 {
			t.Errorf("windows-1252: active trackers: %v", act)
		}
	})

	t.Run("headers: weak state-specific ETag, Vary, no Content-Length, 304 still works", func(t *testing.T) {
		resp, _ := get("/index.html", "Accept-Encoding: identity")
		et := resp.Header.Get("ETag")
		if !strings.HasPrefix(et, `W/"`) || !strings.Contains(et, "-cs.") {
			t.Errorf("ETag %q", et)
		}
		if resp.Header.Get("Content-Length") != "" || resp.Header.Get("Accept-Ranges") != "" {
			t.Errorf("Content-Length %q Accept-Ranges %q", resp.Header.Get("Content-Length"), resp.Header.Get("Accept-Ranges"))
		}
		vary := strings.Join(resp.Header.Values("Vary"), ",")
		if !strings.Contains(vary, "Cookie") || !strings.Contains(vary, "Sec-GPC") {
			t.Errorf("Vary %q", vary)
		}
		r304, _ := get("/index.html", "If-None-Match: "+et)
		if r304.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match with the gateway's ETag: %d, want 304", r304.StatusCode)
		}
		if got := r304.Header.Get("ETag"); got != et {
			t.Errorf("304 ETag %q, want the state-specific %q", got, et)
		}
		rAll, _ := get("/index.html", "If-None-Match: "+et, "Cookie: "+all)
		if rAll.StatusCode != http.StatusOK {
			t.Errorf("ETag of another consent state: %d, want 200", rAll.StatusCode)
		}
		head, body := request(t, "HEAD", g.URL+"/index.html", "", "Accept: text/html")
		if head.StatusCode != 200 || body != "" || head.Header.Get("ETag") != et {
			t.Errorf("HEAD: %d %q ETag %q", head.StatusCode, body, head.Header.Get("ETag"))
		}
	})

	t.Run("non-HTML passes through byte for byte", func(t *testing.T) {
		for _, p := range []string{"/assets/data.json", "/assets/app.js", "/assets/site.css", "/assets/photo.jpg"} {
			resp, body := request(t, "GET", g.URL+p, "", "Accept: text/html")
			if !bytes.Equal([]byte(body), staging(t, p)) {
				t.Errorf("%s changed", p)
			}
			if resp.Header.Get("Vary") == "Cookie" {
				t.Errorf("%s got Vary: Cookie", p)
			}
		}
	})

	t.Run("Link headers to blocked hosts are removed", func(t *testing.T) {
		resp, _ := get("/")
		links := strings.Join(resp.Header.Values("Link"), ", ")
		if strings.Contains(links, "googletagmanager") || strings.Contains(links, "facebook") || !strings.Contains(links, "/assets/site.css") {
			t.Errorf("Link = %q", links)
		}
		resp, _ = get("/", "Cookie: "+all)
		if links := strings.Join(resp.Header.Values("Link"), ", "); !strings.Contains(links, "googletagmanager") {
			t.Errorf("granted Link hint removed: %q", links)
		}
	})

	t.Run("compressed to the client by encode", func(t *testing.T) {
		resp, body := get("/index.html", "Accept-Encoding: gzip")
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if act := activeTrackers(t, plain); len(act) != 0 || !bytes.Contains(plain, []byte(`data-consent-src`)) {
			t.Errorf("gzip body not rewritten: %v", act)
		}
	})
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// compressedUpstream serves the staging index compressed whatever the
// client asked for, as some origins do.
func compressedUpstream(t *testing.T) *httptest.Server {
	page := staging(t, "/index.html")
	mux := http.NewServeMux()
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(page)
		zw.Close()
	})
	mux.HandleFunc("/br", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "br")
		bw := brotli.NewWriter(w)
		bw.Write(page)
		bw.Close()
	})
	mux.HandleFunc("/corrupt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(page)
		zw.Close()
		b := buf.Bytes()
		w.Write(b[:len(b)/2])
		w.Write([]byte("this is not deflate data at all"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCompressedUpstreams(t *testing.T) {
	up := compressedUpstream(t)
	g := startGateway(t, consentSite(up.URL, testKeys), "")
	for _, enc := range []string{"gzip", "br"} {
		resp, body := request(t, "GET", g.URL+"/"+enc, "", "Accept: text/html", "Accept-Encoding: identity")
		if resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: Content-Encoding %q reached an identity client", enc, resp.Header.Get("Content-Encoding"))
		}
		if act := activeTrackers(t, []byte(body)); len(act) != 0 || !strings.Contains(body, "data-consent-src") {
			t.Errorf("%s: not decoded and rewritten (%d bytes): %v", enc, len(body), act)
		}
	}
	// A corrupt body must not look like a complete page.
	req, _ := http.NewRequest("GET", g.URL+"/corrupt", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := client.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Error("corrupt compressed upstream body ended like a complete page")
	}
	// The gateway still serves.
	if resp, _ := request(t, "GET", g.URL+"/gzip", "", "Accept: text/html"); resp.StatusCode != 200 {
		t.Errorf("after a corrupt body: %d", resp.StatusCode)
	}
}

func TestStreamingLargeAndBrokenPages(t *testing.T) {
	firstSeen := make(chan struct{})
	stopped := make(chan error, 1)
	chunk := []byte(strings.Repeat(`<p>Lorem ipsum <a href="/x">dolor</a> sit amet. <img src="https://www.facebook.com/tr?id=1&ev=PageView" width="1" height="1"></p>`+"\n", 100))
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><html><head><title>big</title></head><body>"))
		w.(http.Flusher).Flush()
		// Wait until the client has the first bytes: a gateway that
		// buffered the page would never deliver them.
		select {
		case <-firstSeen:
		case <-time.After(20 * time.Second):
			return
		}
		for written := 0; written < 8<<20; written += len(chunk) {
			w.Write(chunk)
		}
		w.Write([]byte("</body></html>"))
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		var err error
		deadline := time.Now().Add(30 * time.Second)
		for err == nil && time.Now().Before(deadline) {
			_, err = w.Write(chunk)
		}
		stopped <- err
	})
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, _ := w.(http.Hijacker).Hijack()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><head></head><body><p>partial")
		buf.Flush()
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	})
	up := httptest.NewServer(mux)
	t.Cleanup(up.Close)
	g := startGateway(t, consentSite(up.URL, testKeys), "")

	t.Run("a page of several MB streams", func(t *testing.T) {
		req, _ := http.NewRequest("GET", g.URL+"/big", nil)
		req.Header.Set("Accept", "text/html")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		head := make([]byte, 64)
		if _, err := io.ReadFull(resp.Body, head); err != nil {
			t.Fatalf("first bytes: %v", err)
		}
		close(firstSeen)
		rest, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body := append(head, rest...)
		if len(body) < 8<<20 || !bytes.HasSuffix(body, []byte("</body></html>")) {
			t.Fatalf("got %d bytes", len(body))
		}
		if bytes.Contains(body, []byte(`<img src="https://www.facebook.com/tr`)) {
			t.Error("beacons in a big page not neutralized")
		}
	})

	t.Run("a client that disconnects stops the work", func(t *testing.T) {
		req, _ := http.NewRequest("GET", g.URL+"/endless", nil)
		req.Header.Set("Accept", "text/html")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(resp.Body, make([]byte, 1<<20)); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		select {
		case err := <-stopped:
			if err == nil {
				t.Error("upstream ran until its deadline: the gateway kept reading after the client left")
			}
		case <-time.After(25 * time.Second):
			t.Error("upstream still writing 25 s after the client left")
		}
	})

	t.Run("an upstream reset mid-body reaches the client as an error", func(t *testing.T) {
		req, _ := http.NewRequest("GET", g.URL+"/reset", nil)
		req.Header.Set("Accept", "text/html")
		resp, err := client.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err == nil {
			t.Error("truncated upstream body looked complete")
		}
		if resp, _ := request(t, "GET", g.URL+"/big", "", "Accept: text/html"); resp.StatusCode != 200 {
			t.Errorf("gateway unhealthy after a reset: %d", resp.StatusCode)
		}
	})
	_ = fmt.Sprint
}
