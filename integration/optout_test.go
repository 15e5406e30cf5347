package integration

import (
	"strings"
	"testing"
)

func TestOptOutAndGPC(t *testing.T) {
	up := newUpstream(t)
	g := startGateway(t, consentSite(up.URL, "mode opt_out\n"+testKeys), "")

	t.Run("without GPC everything is allowed before a choice", func(t *testing.T) {
		resp, body := request(t, "GET", g.URL+"/page", "")
		if got := resp.Header.Values("Set-Cookie"); strings.Join(got, "\n") != strings.Join(upstreamCookies, "\n") {
			t.Errorf("opt_out changed Set-Cookie: %q", got)
		}
		e := upstreamSaw(t, body)
		if e.ConsentState[0] != "necessary functional analytics beacon retargeting social unknown persistent" || len(e.SecGPC) != 0 {
			t.Errorf("upstream saw %+v", e)
		}
	})

	t.Run("GPC denies retargeting, social and beacons and is forwarded", func(t *testing.T) {
		resp, body := request(t, "GET", g.URL+"/page", "", "Sec-GPC: 1")
		wantNames(t, "gpc", setCookies(resp), []string{"_ga", "_gid", "lang", "PHPSESSID"}, []string{"_fbp", "_gcl_au"})
		e := upstreamSaw(t, body)
		if len(e.SecGPC) != 1 || e.SecGPC[0] != "1" {
			t.Errorf("Sec-GPC upstream = %v", e.SecGPC)
		}
		if e.ConsentState[0] != "necessary functional analytics persistent" {
			t.Errorf("Consent-State = %v", e.ConsentState)
		}
	})

	t.Run("Sec-GPC must be exactly 1", func(t *testing.T) {
		resp, _ := request(t, "GET", g.URL+"/page", "", "Sec-GPC: true")
		wantNames(t, "gpc=true", setCookies(resp), []string{"_fbp"}, nil)
	})

	t.Run("opt-out through the API", func(t *testing.T) {
		c := decide(t, g, `{"all": false}`)
		resp, body := request(t, "GET", g.URL+"/page", "", "Cookie: "+c+"; _fbp=old")
		wantNames(t, "opted out", setCookies(resp), []string{"PHPSESSID", "nw_member_pref"}, []string{"_ga", "lang"})
		for _, l := range setCookies(resp)["_fbp"] {
			if !strings.Contains(l, "Max-Age=0") {
				t.Errorf("_fbp should only be expired: %q", l)
			}
		}
		if e := upstreamSaw(t, body); e.ConsentState[0] != "necessary" || len(e.SecGPC) != 1 {
			t.Errorf("upstream saw %+v", e)
		}
	})

	t.Run("an explicit grant on the page with GPC on wins over GPC", func(t *testing.T) {
		resp, _ := request(t, "POST", g.URL+"/privacy-choices/api", `{"all": true, "source": "page"}`, "Content-Type: application/json", "Sec-GPC: 1")
		var c string
		for _, l := range resp.Header.Values("Set-Cookie") {
			if strings.HasPrefix(l, "privacy_choices=") {
				c = strings.SplitN(l, ";", 2)[0]
			}
		}
		resp, _ = request(t, "GET", g.URL+"/page", "", "Cookie: "+c, "Sec-GPC: 1")
		wantNames(t, "explicit", setCookies(resp), []string{"_fbp", "_gcl_au"}, nil)
	})
}
