package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/cookiewire"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

const testKeys = "keys SEhISEhISEhISEhISEhISGNhZGR5LWNvbnNlbnQtdGUwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg== Y2FkZHktY29uc2VudC10ZXN0LWJsb2NrLWtleS0wMDE=\ncookie lang functional Site"

// consentSite is a gateway site in front of upstream with the given
// consent options.
func consentSite(upstream string, options string) string {
	return fmt.Sprintf(`
http://127.0.0.1:{GATEWAY_PORT} {
	encode
	consent {
		policy_version v1
		sensitive_paths /secure/* /medical-record/*
		debug
		%s
	}
	reverse_proxy %s
}
`, options, strings.TrimPrefix(upstream, "http://"))
}

// setCookies returns the Set-Cookie lines of a response by cookie name.
func setCookies(resp *http.Response) map[string][]string {
	out := map[string][]string{}
	for _, line := range resp.Header.Values("Set-Cookie") {
		name := cookiewire.ParseSetCookie(line).Name()
		out[name] = append(out[name], line)
	}
	return out
}

// decide posts a decision to the API and returns the consent cookie pair
// ("privacy_choices=...") to send back.
func decide(t *testing.T, g *gateway, body string) string {
	t.Helper()
	resp, out := request(t, "POST", g.URL+"/privacy-choices/api", body, "Content-Type: application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("decide %s: %d %s", body, resp.StatusCode, out)
	}
	for _, line := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(line, "privacy_choices=") {
			return strings.SplitN(line, ";", 2)[0]
		}
	}
	t.Fatalf("decide %s: no consent cookie in %v", body, resp.Header.Values("Set-Cookie"))
	return ""
}

func upstreamSaw(t *testing.T, body string) echoed {
	t.Helper()
	var e echoed
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("upstream echo %q: %v", body, err)
	}
	return e
}

func wantNames(t *testing.T, label string, got map[string][]string, present, absent []string) {
	t.Helper()
	for _, n := range present {
		if _, ok := got[n]; !ok {
			t.Errorf("%s: Set-Cookie %q missing (have %v)", label, n, keys(got))
		}
	}
	for _, n := range absent {
		if _, ok := got[n]; ok {
			t.Errorf("%s: Set-Cookie %q should be gone: %v", label, n, got[n])
		}
	}
}

func keys(m map[string][]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

func TestOptInEnforcement(t *testing.T) {
	up := newUpstream(t)
	g := startGateway(t, consentSite(up.URL, "mode opt_in\n"+testKeys), "")
	trackers := []string{"_ga", "_gid", "_fbp", "_gcl_au", "_hjSessionUser_123", "lang"}

	t.Run("before any choice only necessary cookies are set", func(t *testing.T) {
		resp, body := request(t, "GET", g.URL+"/page", "")
		sc := setCookies(resp)
		wantNames(t, "undecided", sc, []string{"PHPSESSID", "nw_member_pref", "", "old_tracker"}, trackers)
		if len(sc["privacy_choices"]) != 0 {
			t.Error("consent cookie written before a decision")
		}
		e := upstreamSaw(t, body)
		if len(e.ConsentState) != 1 || e.ConsentState[0] != "necessary" {
			t.Errorf("Consent-State upstream = %v", e.ConsentState)
		}
	})

	t.Run("accept all lets every cookie through unchanged", func(t *testing.T) {
		c := decide(t, g, `{"all": true}`)
		resp, body := request(t, "GET", g.URL+"/page", "", "Cookie: "+c)
		got := resp.Header.Values("Set-Cookie")
		if strings.Join(got, "\n") != strings.Join(upstreamCookies, "\n") {
			t.Errorf("Set-Cookie changed:\n got %q\nwant %q", got, upstreamCookies)
		}
		e := upstreamSaw(t, body)
		if e.ConsentState[0] != "necessary functional analytics beacon retargeting social unknown persistent" {
			t.Errorf("Consent-State = %v", e.ConsentState)
		}
		if len(e.Cookie) != 0 {
			t.Errorf("consent cookie reached upstream: %v", e.Cookie)
		}
	})

	t.Run("analytics only with persistent declined", func(t *testing.T) {
		c := decide(t, g, `{"purposes": {"analytics": true, "retargeting": false}, "persistent": false}`)
		resp, body := request(t, "GET", g.URL+"/page", "", "Cookie: "+c)
		sc := setCookies(resp)
		wantNames(t, "analytics", sc, []string{"_ga", "_gid", "_hjSessionUser_123", "PHPSESSID"}, []string{"_fbp", "_gcl_au", "lang"})
		for _, n := range []string{"_ga", "_gid", "_hjSessionUser_123"} {
			if l := sc[n][0]; cookiewire.ParseSetCookie(l).Lifetime() != purpose.Session {
				t.Errorf("%s not downgraded: %q", n, l)
			}
		}
		if sc["_ga"][0] != "_ga=GA1.1.123.456; Path=/; SameSite=Lax" {
			t.Errorf("_ga downgraded badly: %q", sc["_ga"][0])
		}
		if sc["PHPSESSID"][0] != upstreamCookies[0] {
			t.Errorf("necessary cookie touched: %q", sc["PHPSESSID"][0])
		}
		if e := upstreamSaw(t, body); e.ConsentState[0] != "necessary analytics" || len(e.SecGPC) != 1 || e.SecGPC[0] != "1" {
			t.Errorf("upstream saw Consent-State %v Sec-GPC %v (want Sec-GPC added for a retargeting opt-out)", e.ConsentState, e.SecGPC)
		}
	})

	t.Run("request side stripping and expiry", func(t *testing.T) {
		c := decide(t, g, `{"purposes": {"analytics": true}, "persistent": true}`)
		resp, body := request(t, "GET", g.URL+"/echo", "",
			"Cookie: _ga=1; _fbp=2; PHPSESSID=3; "+c, "Cookie: __Host-_fbc=x; lang=en; unknown_thing=4",
			"Consent-State: everything granted (forged by client)")
		e := upstreamSaw(t, body)
		if strings.Join(e.Cookie, " | ") != "_ga=1; PHPSESSID=3 | unknown_thing=4" {
			t.Errorf("upstream Cookie = %q", e.Cookie)
		}
		if len(e.ConsentState) != 1 || e.ConsentState[0] != "necessary analytics persistent" {
			t.Errorf("client's Consent-State not replaced: %v", e.ConsentState)
		}
		sc := setCookies(resp)
		wantNames(t, "expiry", sc, []string{"_fbp", "lang"}, []string{"_ga", "PHPSESSID", "unknown_thing", "privacy_choices"})
		for _, l := range sc["_fbp"] {
			p := cookiewire.ParseSetCookie(l)
			if !p.IsDeletion(timeNow()) {
				t.Errorf("not a deletion: %q", l)
			}
		}
	})

	t.Run("tampered cookie counts as no choice", func(t *testing.T) {
		c := decide(t, g, `{"all": true}`)
		b := []byte(c)
		b[len(b)-5] ^= 0x01
		for _, bad := range []string{string(b), "privacy_choices=garbage", "privacy_choices=" + strings.Repeat("A", 3000)} {
			resp, body := request(t, "GET", g.URL+"/page", "", "Cookie: "+bad)
			if resp.StatusCode != 200 {
				t.Fatalf("tampered cookie gave %d", resp.StatusCode)
			}
			wantNames(t, "tampered", setCookies(resp), []string{"PHPSESSID"}, trackers)
			if e := upstreamSaw(t, body); e.ConsentState[0] != "necessary" {
				t.Errorf("tampered: Consent-State %v", e.ConsentState)
			}
		}
	})

	t.Run("several consent cookies: most restrictive wins", func(t *testing.T) {
		all := decide(t, g, `{"all": true}`)
		analytics := decide(t, g, `{"purposes": {"analytics": true}, "persistent": true}`)
		_, body := request(t, "GET", g.URL+"/echo", "", "Cookie: "+all+"; "+strings.Replace(analytics, "privacy_choices", "privacy_choices", 1))
		if e := upstreamSaw(t, body); e.ConsentState[0] != "necessary analytics persistent" {
			t.Errorf("Consent-State %v", e.ConsentState)
		}
	})

	t.Run("sensitive paths deny all but necessary", func(t *testing.T) {
		c := decide(t, g, `{"all": true}`)
		for _, p := range []string{"/secure/claims", "/SECURE/claims", "/x/../secure/claims", "/%73ecure/claims"} {
			resp, body := request(t, "GET", g.URL+p, "", "Cookie: "+c)
			var present []string
			if resp.StatusCode == 200 {
				present = []string{"PHPSESSID"}
			}
			wantNames(t, p, setCookies(resp), present, trackers)
			if resp.StatusCode == 200 {
				if e := upstreamSaw(t, body); e.ConsentState[0] != "necessary" {
					t.Errorf("%s: Consent-State %v", p, e.ConsentState)
				}
			}
		}
	})

	t.Run("upstream cannot set the consent cookie", func(t *testing.T) {
		resp, _ := request(t, "GET", g.URL+"/forge", "")
		if got := resp.Header.Values("Set-Cookie"); len(got) != 0 {
			t.Errorf("forged consent cookie passed: %v", got)
		}
	})

	t.Run("Set-Cookie in trailers is filtered", func(t *testing.T) {
		resp, _ := request(t, "GET", g.URL+"/trailer", "")
		tr := resp.Trailer.Values("Set-Cookie")
		if strings.Contains(strings.Join(tr, "\n"), "_fbp") || !strings.Contains(strings.Join(tr, "\n"), "PHPSESSID") {
			t.Errorf("trailer Set-Cookie = %q", tr)
		}
	})

	t.Run("thousands of cookies", func(t *testing.T) {
		resp, _ := request(t, "GET", g.URL+"/many", "")
		sc := setCookies(resp)
		if len(sc) != 1 || len(sc["PHPSESSID"]) != 1 {
			t.Errorf("got %d names: %v", len(sc), keys(sc)[:min(5, len(sc))])
		}
		var pairs []string
		for i := 0; i < 4000; i++ {
			pairs = append(pairs, fmt.Sprintf("_ga_%d=1", i))
		}
		pairs = append(pairs, "PHPSESSID=keep")
		_, body := request(t, "GET", g.URL+"/echo", "", "Cookie: "+strings.Join(pairs, "; "))
		if e := upstreamSaw(t, body); strings.Join(e.Cookie, "") != "PHPSESSID=keep" {
			t.Errorf("upstream Cookie after 4000 pairs: %.100q", e.Cookie)
		}
	})

	t.Run("API GET reports the state", func(t *testing.T) {
		c := decide(t, g, `{"purposes": {"social": true}, "persistent": false}`)
		_, body := request(t, "GET", g.URL+"/privacy-choices/api", "", "Cookie: "+c)
		var st map[string]any
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			t.Fatal(err)
		}
		p := st["purposes"].(map[string]any)
		if st["decided"] != true || st["mode"] != "opt_in" || st["policy_version"] != "v1" || p["social"] != true || p["analytics"] != false || !strings.HasPrefix(st["receipt"].(string), "r-") {
			t.Errorf("state %s", body)
		}
	})
}

func TestAPIRefusesBadInput(t *testing.T) {
	up := newUpstream(t)
	g := startGateway(t, consentSite(up.URL, testKeys), "")
	for i, tc := range []struct {
		method, body string
		headers      []string
		status       int
	}{
		{"POST", `{"all": true}`, []string{"Content-Type: text/plain"}, 415},
		{"POST", `{"all": tru`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"all": "yes"}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"purposes": {"marketing": true}}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"purposes": {"necessary": false}}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"purposes": {"analytics": null}}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"all": true, "purposes": {}}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"all": true}{"all": false}`, []string{"Content-Type: application/json"}, 400},
		{"POST", `{"all": true, "x": ` + strings.Repeat(" ", 5000) + `1}`, []string{"Content-Type: application/json"}, 413},
		{"POST", `{"all": true}`, []string{"Content-Type: application/json", "Origin: https://evil.example"}, 403},
		{"POST", `{"all": true}`, []string{"Content-Type: application/json", "Sec-Fetch-Site: cross-site"}, 403},
		{"POST", `{"all": true}`, []string{"Content-Type: application/json", "Origin: null"}, 403},
		{"PUT", `{"all": true}`, []string{"Content-Type: application/json"}, 405},
		{"POST", `{"all": true}`, []string{"Content-Type: application/json; charset=utf-8", "Sec-Fetch-Site: same-origin"}, 200},
	} {
		resp, body := request(t, tc.method, g.URL+"/privacy-choices/api", tc.body, tc.headers...)
		if resp.StatusCode != tc.status {
			t.Errorf("Test %d: status %d, want %d (%s)", i, resp.StatusCode, tc.status, body)
		}
		if tc.status != 200 && len(resp.Header.Values("Set-Cookie")) != 0 {
			t.Errorf("Test %d: refused request set a cookie", i)
		}
		if tc.status != 200 && !strings.Contains(body, `"error"`) {
			t.Errorf("Test %d: no error message: %s", i, body)
		}
	}
}
