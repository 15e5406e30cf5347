package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReceiptsEndToEnd(t *testing.T) {
	up := newUpstream(t)
	data := t.TempDir()
	g := startGateway(t, consentSite(up.URL, "mode opt_out\n"+testKeys), data)

	// A decision through the API and a GPC-driven opt-out on a page view.
	decide(t, g, `{"purposes": {"analytics": true}, "persistent": false}`)
	resp, _ := request(t, "GET", g.URL+"/page", "", "Accept: text/html", "Sec-GPC: 1", "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
	gpcCookie := ""
	for _, l := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(l, "privacy_choices=") {
			gpcCookie = strings.SplitN(l, ";", 2)[0]
		}
	}
	if gpcCookie == "" {
		t.Fatal("GPC opt-out in opt_out mode was not recorded as a decision")
	}
	_, body := request(t, "GET", g.URL+"/privacy-choices/api", "", "Cookie: "+gpcCookie, "Sec-GPC: 1")
	if !strings.Contains(body, `"decided":true`) || !strings.Contains(body, `"retargeting":false`) || !strings.Contains(body, `"analytics":true`) {
		t.Errorf("state after GPC opt-out: %s", body)
	}
	g.stop() // drains the receipts writer

	db := filepath.Join(data, "caddy", "consent", "receipts.db")
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("receipts database: %v", err)
	}
	out, err := caddyStdout(t, "", "consent", "receipts", "export", "--db", db)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("exported %d receipts:\n%s", len(lines), out)
	}
	var rec []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		rec = append(rec, m)
	}
	bySource := map[any]map[string]any{}
	for _, r := range rec {
		bySource[r["source"]] = r
	}
	api, gpc := bySource["api"], bySource["gpc"]
	if api == nil || gpc == nil || gpc["gpc"] != true || gpc["mode"] != "opt_out" || api["persistent"] != false {
		t.Errorf("receipts: %v", rec)
	}
	if ua, _ := gpc["user_agent"].(string); !strings.Contains(ua, "Chrome") || strings.Contains(ua, "537.36") {
		t.Errorf("user agent not coarse: %q", ua)
	}
	for _, l := range lines {
		if strings.Contains(l, "127.0.0.1") {
			t.Errorf("receipt holds an IP address: %s", l)
		}
	}
	csv, err := caddyStdout(t, "", "consent", "receipts", "export", "--db", db, "--format", "csv")
	if err != nil || len(strings.Split(strings.TrimSpace(csv), "\n")) != 3 {
		t.Errorf("csv export: %v\n%s", err, csv)
	}
	stats, err := caddyStdout(t, "", "consent", "receipts", "stats", "--db", db, "--year", time.Now().UTC().Format("2006"))
	if err != nil || !strings.Contains(stats, `"requests": 2`) {
		t.Errorf("stats: %v\n%s", err, stats)
	}
}
