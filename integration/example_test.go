package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleSites returns the site blocks of Caddyfile.example with the demo
// ports replaced by free ones, so the suite runs the example itself.
func exampleSites(t *testing.T) (sites string, upstreamPort int) {
	sites, _, upstreamPort = example(t)
	return sites, upstreamPort
}

// example returns exampleSites and the example's global log options (the
// rest of its global block is the harness's own).
func example(t *testing.T) (sites, logOptions string, upstreamPort int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "Caddyfile.example"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	logOptions = regexp.MustCompile(`(?s)\n\tlog consent \{\n.*?\n\t\}\n`).FindString(s)
	// Drop the global options block: startGateway writes its own.
	s = regexp.MustCompile(`(?s)^.*?\n\{\n.*?\n\}\n`).ReplaceAllString(s, "")
	upstreamPort = freePort(t)
	s = strings.ReplaceAll(s, "http://:8080", "http://127.0.0.1:{GATEWAY_PORT}")
	s = strings.ReplaceAll(s, "127.0.0.1:8081", fmt.Sprintf("127.0.0.1:%d", upstreamPort))
	s = strings.ReplaceAll(s, "http://:8081", fmt.Sprintf("http://:%d", upstreamPort))
	return s, logOptions, upstreamPort
}

func TestCurlSuiteAgainstExample(t *testing.T) {
	sites, logOptions, _ := example(t)
	if logOptions == "" {
		t.Fatal("Caddyfile.example has no `log consent` block showing the debug decisions")
	}
	g := startGatewayWith(t, logOptions, sites, "")
	cmd := exec.Command("bash", filepath.Join(repoRoot, "integration", "curl-suite.sh"), g.URL)
	out, err := cmd.CombinedOutput()
	t.Logf("curl suite:\n%s", out)
	if err != nil {
		t.Fatalf("curl suite failed: %v", err)
	}
	if !strings.Contains(string(out), " 0 failed") {
		t.Fatal("curl suite did not report 0 failed")
	}
	// The debug log names the reason of every stripped cookie, at debug
	// level.
	if !regexp.MustCompile(`(?m)^\{"level":"debug",.*"logger":"http\.handlers\.consent",.*"cookie":"_fbp".*"vendor"`).MatchString(g.Logs()) {
		t.Errorf("debug log lacks cookie decisions at debug level:\n%.2000s", g.Logs())
	}
	// The operator can read the inventory on the admin endpoint, by site.
	resp, body := request(t, "GET", "http://"+g.Admin+"/consent/inventory", "")
	var inv struct {
		Sites map[string]struct {
			Items []struct{ Kind, Name, Purpose, Vendor, Lifetime string }
		}
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &inv) != nil {
		t.Fatalf("inventory: %d %s", resp.StatusCode, body)
	}
	site, ok := inv.Sites["127.0.0.1"]
	if !ok || len(inv.Sites) != 1 {
		t.Fatalf("inventory has sites %s, want 127.0.0.1 only", body)
	}
	found := map[string]string{}
	for _, it := range site.Items {
		found[it.Name] = it.Purpose + "/" + it.Lifetime
	}
	for name, want := range map[string]string{"_ga": "analytics/persistent", "_fbp": "retargeting/persistent", "AWSALB": "necessary/persistent", "lang": "functional/persistent", "nw_member_pref": "unknown/persistent"} {
		if found[name] != want {
			t.Errorf("inventory %s = %q, want %q", name, found[name], want)
		}
	}
	// Metrics count what was stripped.
	_, metrics := request(t, "GET", "http://"+g.Admin+"/metrics", "")
	if !regexp.MustCompile(`caddy_consent_cookies_total\{action="stripped",purpose="retargeting"\} [1-9]`).MatchString(metrics) {
		t.Errorf("metrics lack stripped retargeting cookies:\n%s", grepLines(metrics, "caddy_consent"))
	}
}

func TestGeneratedKeysSurviveRestart(t *testing.T) {
	up := newUpstream(t)
	data := t.TempDir()
	site := consentSite(up.URL, "")
	g := startGateway(t, site, data)
	c := decide(t, g, `{"all": true}`)
	g.stop()
	if _, err := os.Stat(filepath.Join(data, "consent", "keys.json")); err != nil {
		t.Fatalf("generated keys not stored: %v", err)
	}
	g2 := startGateway(t, site, data)
	resp, _ := request(t, "GET", g2.URL+"/page", "", "Cookie: "+c)
	wantNames(t, "after restart", setCookies(resp), []string{"_ga", "_fbp"}, nil)
	// A second instance with a fresh storage has other keys: the cookie
	// counts as no choice there.
	g3 := startGateway(t, site, "")
	resp, _ = request(t, "GET", g3.URL+"/page", "", "Cookie: "+c)
	wantNames(t, "foreign keys", setCookies(resp), nil, []string{"_ga", "_fbp"})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
