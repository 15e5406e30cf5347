package integration

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAuditStagingPage runs `caddy consent audit` of the real binary on the
// staging site's home page (index.html), served as files, without and with
// a config.
func TestAuditStagingPage(t *testing.T) {
	files := http.FileServer(http.Dir(filepath.Join(repoRoot, "integration", "staging")))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "_ga=GA1.1.1.1; Max-Age=63072000; Path=/")
		w.Header().Add("Set-Cookie", "PHPSESSID=s3ss10n; Path=/; HttpOnly")
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	config := writeCaddyfile(t, "http://localhost {\n\tconsent {\n\t\tfirst_party connect.facebook.net\n\t}\n\trespond ok\n}\n")

	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{
			name: "defaults",
			args: []string{"consent", "audit", srv.URL + "/"},
			want: []string{
				`Page\s+` + regexp.QuoteMeta(srv.URL) + `/ \(200 OK\)`,
				`_ga\s+analytics\s+Google Analytics\s+persistent\s+removed\s+kept`,
				`PHPSESSID\s+necessary\s+.*session\s+kept\s+kept`,
				`script\s+analytics\s+Google Analytics\s+held\s+allowed\s+.*https://www\.googletagmanager\.com/gtag/js\?id=G-NWH12345`,
				`inline-script\s+retargeting\s+Meta Pixel\s+held\s+allowed\s+.*inline script`,
				`link\s+necessary\s+Google Fonts\s+allowed\s+allowed`,
				`  tags\s+undecided: .*held \d+`,
				`  connect\.facebook\.net\s+held until social is granted\s+host connect\.facebook\.net necessary`,
			},
		},
		{
			name: "first_party from the config",
			args: []string{"consent", "audit", "--config", config, "--adapter", "caddyfile", srv.URL + "/"},
			want: []string{`link\s+necessary\s+first party \(operator\)\s+first party\s+first party\s+first_party connect\.facebook\.net\s+http://connect\.facebook\.net`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := caddyStdout(t, "", tc.args...)
			if err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			for _, re := range tc.want {
				if !regexp.MustCompile(`(?m)` + re).MatchString(out) {
					t.Errorf("no line matches %s in:\n%s", re, out)
				}
			}
		})
	}
}

// TestAuditRefusesANonHTTPURL: a clear message and a non-zero exit.
func TestAuditRefusesANonHTTPURL(t *testing.T) {
	out, err := caddyCmd(t, "", "consent", "audit", "file:///etc/passwd")
	if err == nil {
		t.Fatalf("exit 0:\n%s", out)
	}
	if want := "write an absolute http:// or https:// URL"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
