package integration

import (
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
)

// newHeuristicUpstream sets cookies no rule knows by name: one whose value
// is Google Analytics' and an HttpOnly session cookie of the site's own.
func newHeuristicUpstream(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "_zz_vid=GA1.2.123.456; Path=/; Max-Age=63072000")
		w.Header().Add("Set-Cookie", "_zz_session=7f3c9a2b41d8e6f0; Path=/; HttpOnly")
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(strings.Join(r.Header.Values("Cookie"), "; ")))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHeuristicCookies: through the real binary, an unknown server cookie
// with a Google Analytics value is removed before consent and comes back
// after "Accept all"; an unknown HttpOnly session cookie is kept; and the
// site's memory of it keeps it in later requests even where unknown
// cookies are blocked, while the Google Analytics-shaped one leaves the
// Cookie header.
func TestHeuristicCookies(t *testing.T) {
	up := newHeuristicUpstream(t)
	g := startGateway(t, consentSite(up.URL, "mode opt_in\nunknown_cookies block\n"+testKeys), "")

	t.Run("before a choice", func(t *testing.T) {
		resp, _ := request(t, "GET", g.URL+"/", "")
		wantNames(t, "undecided", setCookies(resp), []string{"_zz_session"}, []string{"_zz_vid"})
	})
	t.Run("request side, before a choice", func(t *testing.T) {
		_, body := request(t, "GET", g.URL+"/", "", "Cookie: _zz_session=7f3c9a2b41d8e6f0; _zz_vid=GA1.2.123.456")
		if body != "_zz_session=7f3c9a2b41d8e6f0" {
			t.Errorf("upstream saw Cookie %q, want the session cookie only", body)
		}
	})
	t.Run("after accept all", func(t *testing.T) {
		c := decide(t, g, `{"all": true}`)
		resp, body := request(t, "GET", g.URL+"/", "", "Cookie: "+c+"; _zz_vid=GA1.2.123.456")
		wantNames(t, "accepted", setCookies(resp), []string{"_zz_session", "_zz_vid"}, nil)
		if body != "_zz_vid=GA1.2.123.456" {
			t.Errorf("upstream saw Cookie %q, want _zz_vid", body)
		}
	})
	t.Run("the inventory names the heuristic", func(t *testing.T) {
		_, body := request(t, "GET", "http://"+g.Admin+"/consent/inventory", "")
		for _, want := range []string{`"rule": "heuristic: value shape GA1. (Google Analytics)"`, `"rule": "heuristic: HttpOnly server cookie"`} {
			if !strings.Contains(body, want) {
				t.Errorf("inventory lacks %s:\n%s", want, body)
			}
		}
	})
}

// TestClassifyCommandPrintsHeuristics: `caddy consent classify` of the real
// binary prints the heuristic in the rule column.
func TestClassifyCommandPrintsHeuristics(t *testing.T) {
	cmd := exec.Command(caddyBin, "consent", "classify")
	cmd.Stdin = strings.NewReader("_zz_vid=GA1.2.123.456; Max-Age=63072000\n_zz_session=7f3c9a2b41d8e6f0; HttpOnly\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("classify: %v\n%s", err, out)
	}
	want := "_zz_vid\tanalytics\tGoogle Analytics\theuristic: value shape GA1. (Google Analytics)\n" +
		"_zz_session\tnecessary\t\theuristic: HttpOnly server cookie\n"
	if string(out) != want {
		t.Errorf("classify printed\n%q\nwant\n%q", out, want)
	}
}
