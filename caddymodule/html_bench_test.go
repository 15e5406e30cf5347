package caddymodule

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"golang.org/x/net/html"
)

// stagingPage returns the staging home page repeated to about size bytes:
// a tracker-laden page like the ones the gateway exists for.
func stagingPage(tb testing.TB, size int) []byte {
	tb.Helper()
	src, err := os.ReadFile("../integration/staging/index.html")
	if err != nil {
		tb.Fatal(err)
	}
	head, body, _ := bytes.Cut(src, []byte("<body"))
	body = append([]byte("<body"), body...)
	body = bytes.ReplaceAll(body, []byte("</body>"), nil)
	body = bytes.ReplaceAll(body, []byte("</html>"), nil)
	page := append(append([]byte{}, head...), body...)
	for len(page) < size {
		page = append(page, body...)
	}
	return append(page, "</body></html>\n"...)
}

// realisticPage is the staging home page (about 30 tracker elements)
// followed by the main content of the other staging pages up to about size
// bytes (the account page's marked embed and pixel among it): the page
// integration/bench/run.sh serves.
func realisticPage(tb testing.TB, size int) []byte {
	tb.Helper()
	src, err := os.ReadFile("../integration/staging/index.html")
	if err != nil {
		tb.Fatal(err)
	}
	var filler []byte
	for _, name := range []string{"privacy-notice.html", "login.html", "account.html"} {
		f, err := os.ReadFile("../integration/staging/" + name)
		if err != nil {
			tb.Fatal(err)
		}
		if i, j := bytes.Index(f, []byte("<main")), bytes.Index(f, []byte("</main>")); i >= 0 && j > i {
			filler = append(filler, f[i:j+7]...)
		}
	}
	page := bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("</body>"), nil), []byte("</html>"), nil)
	for len(page) < size {
		page = append(page, filler...)
	}
	return append(page, "</body></html>\n"...)
}

// discard is a ResponseWriter that counts bytes, like a fast client.
type discard struct {
	h http.Header
	n int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// upstreamHandler writes page in 32 KiB chunks, as reverse_proxy does.
func upstreamHandler(page []byte, contentType string) caddyhttp.Handler {
	return caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(200)
		for p := page; len(p) > 0; {
			n := min(len(p), 32<<10)
			if _, err := w.Write(p[:n]); err != nil {
				return err
			}
			p = p[n:]
		}
		return nil
	})
}

// BenchmarkGateway measures the handler's cost per response against a
// passthrough baseline on the same page, in one process: the HTML
// rewriting path for a 100 KB tracker-laden page, and a JSON response that
// only has its headers checked.
func BenchmarkGateway(b *testing.B) {
	page := realisticPage(b, 100<<10)
	dense := stagingPage(b, 100<<10)
	json := bytes.Repeat([]byte(`{"plan":"silver","price":123.45,"network":["a","b"]},`), 2000)
	h := newBenchHandler(b)
	for _, tc := range []struct {
		name, ctype string
		body        []byte
	}{
		{"html-100KB", "text/html; charset=utf-8", page},
		{"html-100KB-dense", "text/html; charset=utf-8", dense},
		{"json-100KB", "application/json", json},
	} {
		next := upstreamHandler(tc.body, tc.ctype)
		b.Run(tc.name+"/passthrough", func(b *testing.B) {
			b.SetBytes(int64(len(tc.body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				w := &discard{h: http.Header{}}
				r := httptest.NewRequest("GET", "http://shop.example/", nil)
				_ = next.ServeHTTP(w, r)
			}
		})
		b.Run(tc.name+"/gateway", func(b *testing.B) {
			b.SetBytes(int64(len(tc.body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				w := &discard{h: http.Header{}}
				r := httptest.NewRequest("GET", "http://shop.example/", nil)
				r.Header.Set("Accept", "text/html")
				_ = h.ServeHTTP(w, withReplacer(r), next)
			}
		})
	}
}

// TestMemoryOfOneLargePage streams a 10 MB page through the handler and
// checks the heap stays bounded (a buffering handler would hold 10 MB).
func TestMemoryOfOneLargePage(t *testing.T) {
	h := newTestHandler(t, "", func(h *Handler) { h.Receipts = "off" })
	chunk := stagingPage(t, 100<<10)
	pageSize := 10 << 20
	if v := os.Getenv("PAGE_MB"); v != "" {
		fmt.Sscan(v, &pageSize)
		pageSize <<= 20
	}
	// The upstream generates the page as it goes, so the only large
	// memory in the process is what the handler keeps.
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/html")
		for sent := 0; sent < pageSize; sent += len(chunk) {
			for p := chunk; len(p) > 0; p = p[min(len(p), 32<<10):] {
				if _, err := w.Write(p[:min(len(p), 32<<10)]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	// Collect often, so the heap measured is what is live, not garbage
	// waiting for the next cycle.
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := uint64(0)
	w := &peakWriter{discard: discard{h: http.Header{}}, peak: &peak, base: before.HeapAlloc}
	r := httptest.NewRequest("GET", "http://shop.example/", nil)
	r.Header.Set("Accept", "text/html")
	if err := h.ServeHTTP(w, withReplacer(r), next); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if w.n < pageSize {
		t.Fatalf("wrote %d of %d bytes", w.n, pageSize)
	}
	t.Logf("%d MB page: peak heap growth %d KB, total allocated %d KB", pageSize>>20, peak>>10, (after.TotalAlloc-before.TotalAlloc)>>10)
	// Measured here: about 0.5 MB for 1 MB, 1.1 MB for 10 MB and 40 MB
	// (it includes garbage between GC cycles); buffering would be >10 MB.
	if peak > 2<<20 {
		t.Errorf("peak heap growth %d KB for one %d MB page: not streaming", peak>>10, pageSize>>20)
	}
}

// peakWriter samples the heap now and then while the body streams.
type peakWriter struct {
	discard
	peak   *uint64
	base   uint64
	writes int
}

func (p *peakWriter) Write(b []byte) (int, error) {
	p.writes++
	if p.writes%16 == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapAlloc > p.base && m.HeapAlloc-p.base > *p.peak {
			*p.peak = m.HeapAlloc - p.base
		}
	}
	return p.discard.Write(b)
}

var _ io.Writer = (*peakWriter)(nil)

// BenchmarkXNetTokenizerSamePage is the raw x/net/html tokenizer over the
// page of BenchmarkGateway, for scale: what tokenizing every byte costs.
func BenchmarkXNetTokenizerSamePage(b *testing.B) {
	page := realisticPage(b, 100<<10)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		z := html.NewTokenizer(bytes.NewReader(page))
		for z.Next() != html.ErrorToken {
		}
	}
}
