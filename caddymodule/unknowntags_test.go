package caddymodule

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// unknownPage is a page with one third-party script no rule knows, and a
// Link preload of the same host.
const unknownPage = `<!DOCTYPE html><html><head><title>t</title></head><body>` +
	`<script src="https://static.example-cdn.net/app.js"></script></body></html>`

// servePage runs one GET of unknownPage through h with the consent cookie
// (may be ""), and returns the response and the state header the
// upstream saw.
func servePage(t *testing.T, h *Handler, host, cookie string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	r := withReplacer(httptest.NewRequest("GET", "http://"+host+"/blog/post?id=7", nil))
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	var state string
	next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		state = r.Header.Get(DefaultStateHeader)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Link", "<https://static.example-cdn.net/app.js>; rel=preload; as=script")
		_, err := w.Write([]byte(unknownPage))
		return err
	})
	w := httptest.NewRecorder()
	if err := h.ServeHTTP(w, r, next); err != nil {
		t.Fatal(err)
	}
	return w, state
}

// decideThrough posts a decision to the handler's API and returns the
// consent cookie it sets.
func decideThrough(t *testing.T, h *Handler, host, body string) string {
	t.Helper()
	r := httptest.NewRequest("POST", "http://"+host+"/privacy-choices/api", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := serve(h, r)
	if w.Code != 200 {
		t.Fatalf("decision %s: %d %s", body, w.Code, w.Body)
	}
	return consentCookieOf(w)
}

func TestUnknownTagsPolicies(t *testing.T) {
	const held = `type="text/plain" data-consent="unknown" data-consent-src="https://static.example-cdn.net/app.js"`
	for _, tc := range []struct {
		policy   string
		decision string // "" for none
		released bool
		state    string
	}{
		{policy: "", decision: "", released: false, state: "necessary"},
		{policy: "ask", decision: `{"all": true}`, released: true, state: "necessary functional analytics beacon retargeting social unknown persistent"},
		{policy: "ask", decision: `{"all": false}`, released: false, state: "necessary"},
		{policy: "ask", decision: `{"purposes": {"unknown": true}}`, released: true, state: "necessary unknown"},
		{policy: "ask", decision: `{"purposes": {"analytics": true}}`, released: false, state: "necessary analytics"},
		{policy: "block", decision: "", released: false, state: "necessary"},
		{policy: "block", decision: `{"all": true}`, released: false, state: "necessary functional analytics beacon retargeting social persistent"},
		{policy: "keep", decision: "", released: true, state: "necessary"},
		{policy: "keep", decision: `{"all": false}`, released: true, state: "necessary"},
	} {
		name := tc.policy + " " + tc.decision
		if tc.policy == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			h := newTestHandler(t, "off", func(h *Handler) { h.UnknownTags = tc.policy })
			host := "unknown-" + strings.NewReplacer(" ", "", "{", "", "}", "", `"`, "", ":", "", ",", "").Replace(name) + ".example"
			cookie := ""
			if tc.decision != "" {
				cookie = decideThrough(t, h, host, tc.decision)
			}
			w, state := servePage(t, h, host, cookie)
			body := w.Body.String()
			if got := !strings.Contains(body, held); got != tc.released {
				t.Errorf("released = %v, want %v:\n%s", got, tc.released, body)
			}
			if tc.released && !strings.Contains(body, `<script src="https://static.example-cdn.net/app.js"></script>`) {
				t.Errorf("the released script is not as the upstream wrote it:\n%s", body)
			}
			if got := w.Header().Get("Link") != ""; got != tc.released {
				t.Errorf("Link preload kept = %v, want %v (%q)", got, tc.released, w.Header().Get("Link"))
			}
			if state != tc.state {
				t.Errorf("upstream state %q, want %q", state, tc.state)
			}
		})
	}
}

func TestUnknownTagsETagFollowsTheGrant(t *testing.T) {
	h := newTestHandler(t, "off")
	const host = "etag-unknown.example"
	withOther := decideThrough(t, h, host, `{"purposes": {"analytics": true, "unknown": true}}`)
	without := decideThrough(t, h, host, `{"purposes": {"analytics": true}}`)
	etag := func(cookie string) string {
		r := withReplacer(httptest.NewRequest("GET", "http://"+host+"/", nil))
		r.Header.Set("Cookie", cookie)
		w := httptest.NewRecorder()
		next := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("ETag", `"v1"`)
			_, err := w.Write([]byte(unknownPage))
			return err
		})
		if err := h.ServeHTTP(w, r, next); err != nil {
			t.Fatal(err)
		}
		return w.Header().Get("ETag")
	}
	if a, b := etag(withOther), etag(without); a == "" || a == b {
		t.Errorf("ETag with other services %q, without %q: want two different ones", a, b)
	}
}

func TestChoicesPageListsUnknownHostsWithTheirPage(t *testing.T) {
	h := newTestHandler(t, "off")
	const host = "listing-unknown.example"
	servePage(t, h, host, "") // undecided: the script is held and seen
	body := serve(h, httptest.NewRequest("GET", "http://"+host+"/privacy-choices", nil)).Body.String()
	if !strings.Contains(body, `<span class="host">static.example-cdn.net</span> <span class="state">(first seen on /blog/post)</span>`) ||
		!strings.Contains(body, `name="unknown"`) {
		t.Errorf("the page does not list the unknown host with its page:\n%s", body)
	}
}

// In opt_out mode no visitor sees an unknown tag held before a choice:
// the released tag is still listed under Other services, so a visitor can
// opt out of what they were never shown held.
func TestChoicesPageListsReleasedUnknownHosts(t *testing.T) {
	h := newTestHandler(t, "off", func(h *Handler) { h.Mode = "opt_out" })
	const host = "listing-released.example"
	w, _ := servePage(t, h, host, "")
	if strings.Contains(w.Body.String(), `data-consent="unknown"`) {
		t.Fatalf("opt_out held the unknown script:\n%s", w.Body)
	}
	body := serve(h, httptest.NewRequest("GET", "http://"+host+"/privacy-choices", nil)).Body.String()
	if !strings.Contains(body, `<span class="host">static.example-cdn.net</span> <span class="state">(first seen on /blog/post)</span>`) {
		t.Errorf("the page does not list the released unknown host:\n%s", body)
	}
}
