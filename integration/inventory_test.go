package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestInventoryPerSite runs two sites behind one Caddy: each site's
// choices page and inventory list the cookies that site sets, never the
// other's, and a config reload keeps both.
func TestInventoryPerSite(t *testing.T) {
	sets := map[string]string{"alpha.test": "_ga", "beta.test": "_fbp"}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		w.Header().Add("Set-Cookie", sets[strings.TrimPrefix(host, "www.")]+"=1; Path=/; Max-Age=7776000")
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, "page of", host)
	}))
	t.Cleanup(up.Close)
	var sites strings.Builder
	for _, host := range []string{"alpha.test", "beta.test"} {
		// One site, two hosts: both share the site's inventory.
		fmt.Fprintf(&sites, `
http://%[1]s:{GATEWAY_PORT}, http://www.%[1]s:{GATEWAY_PORT} {
	consent {
		policy_version v1
	}
	reverse_proxy %[2]s
}
`, host, strings.TrimPrefix(up.URL, "http://"))
	}
	g := startGateway(t, sites.String(), "")
	for host := range sets {
		if resp, body := requestHost(t, g.URL+"/", "www."+host); resp.StatusCode != 200 || !strings.Contains(body, "page of www."+host) {
			t.Fatalf("%s: %d %q", host, resp.StatusCode, body)
		}
	}

	check := func(t *testing.T) {
		t.Helper()
		resp, body := request(t, "GET", "http://"+g.Admin+"/consent/inventory", "")
		var all struct {
			Sites map[string]struct{ Items []struct{ Name string } }
		}
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &all) != nil {
			t.Fatalf("inventory: %d %s", resp.StatusCode, body)
		}
		for host, cookie := range sets {
			if items := all.Sites[host].Items; len(items) != 1 || items[0].Name != cookie {
				t.Errorf("inventory of %s = %+v, want only %s", host, items, cookie)
			}
			_, page := requestHost(t, g.URL+"/privacy-choices", host)
			for _, other := range sets {
				if listed := strings.Contains(page, "<li>"+other+"</li>"); listed != (other == cookie) {
					t.Errorf("choices page of %s lists %s: %v", host, other, listed)
				}
			}
		}
		resp, body = request(t, "GET", "http://"+g.Admin+"/consent/inventory?site=www.beta.test", "")
		if resp.StatusCode != 200 || !strings.Contains(body, `"_fbp"`) || strings.Contains(body, `"_ga"`) {
			t.Errorf("inventory?site=www.beta.test: %d %s", resp.StatusCode, body)
		}
	}
	t.Run("two sites", check)

	reload := exec.Command(caddyBin, "reload", "--config", g.file, "--adapter", "caddyfile", "--address", g.Admin, "--force")
	if out, err := reload.CombinedOutput(); err != nil {
		t.Fatalf("caddy reload: %v\n%s", err, out)
	}
	t.Run("after a reload", check)
}

// requestHost sends a GET to url with another Host header.
func requestHost(t *testing.T, url, host string) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s (Host %s): %v", url, host, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}
