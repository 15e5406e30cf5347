package caddymodule

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// auditPageHTML has a known tracker, an unknown third-party pixel, a
// first-party script and a public CDN script.
const auditPageHTML = `<!DOCTYPE html>
<html><head><title>Shop</title>
<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-AUD1T"></script>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<script src="/assets/app.js"></script>
</head><body>
<img src="https://px.unknown-tracker.example/p.gif" width="1" height="1" alt="">
</body></html>
`

// auditSite serves auditPageHTML with three Set-Cookie lines, compressed
// as ?enc= says whatever the request asked for, and a redirect to it that
// sets a cookie of its own.
func auditSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			w.Header().Add("Set-Cookie", "hop_id=1; Path=/")
			http.Redirect(w, r, "/", http.StatusFound)
			return
		case "/missing":
			http.NotFound(w, r)
			return
		case "/data.json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Add("Set-Cookie", "PHPSESSID=abc; Path=/")
			w.Write([]byte(`{"a":1}`))
			return
		}
		if r.Header.Get("Accept-Encoding") != "identity" || !strings.Contains(r.Header.Get("Accept"), "text/html") {
			t.Errorf("request headers %v", r.Header)
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Add("Set-Cookie", "_ga=GA1.1.123.456; Max-Age=63072000; Path=/")
		h.Add("Set-Cookie", "PHPSESSID=abc; Path=/; HttpOnly")
		h.Add("Set-Cookie", "mystery_id=42; Max-Age=3600; Path=/")
		var body bytes.Buffer
		switch enc := r.URL.Query().Get("enc"); enc {
		case "gzip":
			zw := gzip.NewWriter(&body)
			zw.Write([]byte(auditPageHTML))
			zw.Close()
			h.Set("Content-Encoding", enc)
		case "br":
			bw := brotli.NewWriter(&body)
			bw.Write([]byte(auditPageHTML))
			bw.Close()
			h.Set("Content-Encoding", enc)
		case "zstd":
			zw, _ := zstd.NewWriter(&body)
			zw.Write([]byte(auditPageHTML))
			zw.Close()
			h.Set("Content-Encoding", enc)
		default:
			body.WriteString(auditPageHTML)
		}
		w.Write(body.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// runAudit audits url with the consent handler of caddyfile (the defaults
// when empty) and returns the printed report.
func runAudit(t *testing.T, caddyfile, url string) (string, error) {
	t.Helper()
	config := ""
	if caddyfile != "" {
		config = filepath.Join(t.TempDir(), "Caddyfile")
		if err := os.WriteFile(config, []byte(caddyfile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h, err := auditHandler(config, "caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	page, err := fetchPage(context.Background(), http.DefaultTransport, url)
	if err != nil {
		return "", err
	}
	rep, err := h.audit(page)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := rep.print(&out); err != nil {
		t.Fatal(err)
	}
	return out.String(), nil
}

// Rows of the report, as regular expressions over whole lines: columns are
// separated by two spaces or more.
const (
	gaRow        = `_ga\s+analytics\s+Google Analytics\s+persistent\s+removed\s+kept\s+`
	sessionRow   = `PHPSESSID\s+necessary\s+.*\s+session\s+kept\s+kept\s+`
	mysteryRow   = `mystery_id\s+unknown\s+-\s+persistent\s+kept\s+kept\s+-`
	gtmRow       = `script\s+analytics\s+Google Tag Manager\s+held\s+allowed\s+\S+\s+https://www\.googletagmanager\.com/gtm\.js\?id=GTM-AUD1T`
	jqueryRow    = `script\s+necessary\s+jQuery CDN\s+allowed\s+allowed\s+code\.jquery\.com\s+https://code\.jquery\.com/jquery-3\.7\.1\.min\.js`
	pixelRow     = `img\s+unknown\s+-\s+held\s+allowed\s+-\s+https://px\.unknown-tracker\.example/p\.gif`
	pixelHint    = `  px\.unknown-tracker\.example\s+unknown, held until Other services or Accept all\s+first_party px\.unknown-tracker\.example .*or\s+host px\.unknown-tracker\.example <purpose>`
	blockedRow   = `img\s+unknown\s+-\s+held\s+held\s+-\s+https://px\.unknown-tracker\.example/p\.gif`
	blockedHint  = `  px\.unknown-tracker\.example\s+unknown, held after accept all too\s+first_party px\.unknown-tracker\.example .*or\s+host px\.unknown-tracker\.example <purpose>`
	gtmHint      = `  www\.googletagmanager\.com\s+held until analytics is granted\s+host www\.googletagmanager\.com necessary`
	mysteryHint  = `  cookie mystery_id\s+unknown, kept\s+cookie mystery_id <purpose>`
	tagSummary   = `  tags\s+undecided: allowed 1, held 2\s+accept all: allowed 3\s+by purpose: necessary 1, analytics 1, unknown 1`
	cookieSumary = `  cookies\s+undecided: kept 2, removed 1\s+accept all: kept 3\s+by purpose: necessary 1, analytics 1, unknown 1`
)

func TestAuditReport(t *testing.T) {
	srv := auditSite(t)
	for _, tc := range []struct {
		name, caddyfile, path string
		want, notWant         []string
	}{
		{
			name: "defaults", path: "/",
			want: []string{gaRow, sessionRow, mysteryRow, gtmRow, jqueryRow, pixelRow, pixelHint, gtmHint, mysteryHint, tagSummary, cookieSumary,
				`Mode\s+opt_in`, `Cookies \(3, in header order\)`, `Third-party tags \(3, in document order\)`},
			notWant: []string{`app\.js`, `jquery.*necessary\s*$`, `cookie PHPSESSID`, `cookie _ga`},
		},
		{
			name: "a host rule makes the pixel necessary", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\thost px.unknown-tracker.example necessary Pixel Co\n\t}\n}\n",
			want:      []string{`img\s+necessary\s+Pixel Co\s+allowed\s+allowed\s+px\.unknown-tracker\.example\s+https://px\.unknown-tracker\.example/p\.gif`, gtmRow},
			notWant:   []string{pixelRow, `first_party px\.unknown-tracker`},
		},
		{
			name: "first_party keeps the pixel as the site's own", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\tfirst_party px.unknown-tracker.example\n\t}\n}\n",
			want:      []string{`img\s+necessary\s+first party \(operator\)\s+first party\s+first party\s+first_party px\.unknown-tracker\.example\s+https://px\.unknown-tracker\.example/p\.gif`},
			notWant:   []string{pixelRow, pixelHint},
		},
		{
			name: "a cookie rule classifies the unknown cookie", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\tcookie mystery_id analytics Mystery Inc\n\t}\n}\n",
			want:      []string{`mystery_id\s+analytics\s+Mystery Inc\s+persistent\s+removed\s+kept\s+mystery_id \(operator\)`},
			notWant:   []string{mysteryHint},
		},
		{
			name: "unknown tags blocked", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\tunknown_tags block\n\t}\n}\n",
			want:      []string{blockedRow, blockedHint, `  tags\s+undecided: allowed 1, held 2\s+accept all: allowed 2, held 1\s+`},
			notWant:   []string{pixelRow, pixelHint},
		},
		{
			name: "unknown tags kept", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\tunknown_tags keep\n\t}\n}\n",
			// Kept unknown tags are listed as allowed, like the rest.
			want: []string{gtmRow, `Third-party tags \(3, in document order\)`, `img\s+unknown\s+-\s+allowed\s+allowed\s+-\s+https://px\.unknown-tracker`},
		},
		{
			name: "opt_out keeps everything, downgrades nothing", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\tmode opt_out\n\t}\n}\n",
			want:      []string{`Mode\s+opt_out`, `_ga\s+analytics\s+Google Analytics\s+persistent\s+kept\s+kept\s+`, `script\s+analytics\s+Google Tag Manager\s+allowed\s+allowed`},
		},
		{
			name: "a sensitive path denies all", path: "/",
			caddyfile: "http://localhost {\n\tconsent {\n\t\tsensitive_paths /*\n\t}\n}\n",
			want:      []string{`Note\s+sensitive path`, `_ga\s+analytics\s+Google Analytics\s+persistent\s+removed\s+removed\s+`, `script\s+analytics\s+Google Tag Manager\s+held\s+held`},
		},
		{name: "gzip sent anyway", path: "/?enc=gzip", want: []string{gtmRow, jqueryRow, pixelRow}},
		{name: "br sent anyway", path: "/?enc=br", want: []string{gtmRow, jqueryRow, pixelRow}},
		{name: "zstd sent anyway", path: "/?enc=zstd", want: []string{gtmRow, jqueryRow, pixelRow}},
		{
			name: "a redirect's cookies come first", path: "/old",
			want: []string{`Redirected from\s+` + regexp.QuoteMeta(srv.URL) + `/old`, `Cookies \(4, in header order\)`, `(?s)hop_id\s+unknown.*_ga\s+analytics`, `cookie hop_id <purpose>`},
		},
		{
			name: "not HTML", path: "/data.json",
			want:    []string{`Note\s+not HTML \(Content-Type "application/json"\)`, `PHPSESSID\s+necessary`, `Third-party tags \(0, in document order\)`},
			notWant: []string{`KIND`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runAudit(t, tc.caddyfile, srv.URL+tc.path)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range tc.want {
				if !regexp.MustCompile(`(?m)` + re).MatchString(out) {
					t.Errorf("no line matches %s in:\n%s", re, out)
				}
			}
			for _, re := range tc.notWant {
				if regexp.MustCompile(`(?m)` + re).MatchString(out) {
					t.Errorf("a line matches %s in:\n%s", re, out)
				}
			}
		})
	}
}

func TestAuditRefusesWhatItCannotFetch(t *testing.T) {
	srv := auditSite(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, tc := range []struct{ name, url, want string }{
		{"not http", "ftp://example.com/index.html", `write an absolute http:// or https:// URL`},
		{"no scheme", "example.com/index.html", `write an absolute http:// or https:// URL`},
		{"a file", "file:///etc/passwd", `write an absolute http:// or https:// URL`},
		{"an error status", srv.URL + "/missing", "the server answered 404 Not Found"},
		{"nobody listening", closed.URL + "/", "fetching " + closed.URL + "/: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runAudit(t, "", tc.url)
			if err == nil {
				t.Fatalf("fetched:\n%s", out)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

func TestAuditReadsABoundedBody(t *testing.T) {
	big := strings.Repeat("<p>filler</p>\n", auditMaxBody/14+1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(auditPageHTML[:strings.Index(auditPageHTML, "</head>")] + "</head><body>" + big))
	}))
	defer srv.Close()
	out, err := runAudit(t, "", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{`Note\s+only the first 10 MiB of the page were read`, gtmRow} {
		if !regexp.MustCompile(`(?m)` + re).MatchString(out) {
			t.Errorf("no line matches %s in:\n%s", re, out)
		}
	}
}
