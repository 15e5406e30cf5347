package choices

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzAPIBody: whatever the body, the API answers 200 with a state that
// the consent cookie it sets carries, or 400/413 with a JSON error.
func FuzzAPIBody(f *testing.F) {
	for _, s := range []string{
		`{"all": true}`, `{"all": false, "source": "banner"}`, `{"purposes": {"analytics": true}, "persistent": true}`,
		`{"purposes": {"necessary": true}}`, `{"all": true} 1`, `{"purposes": null}`, `[]`, ``, `{"all": "yes"}`,
	} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, body string) {
		w := fx.serve(t, jsonPost("/privacy-choices/api", body))
		switch w.Code {
		case 200:
			var got apiState
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("200 with %q: %v", w.Body, err)
			}
			st := fx.state(w)
			if !st.Decided || st.Choices.Receipt != got.Receipt || st.Persistent() != got.Persistent {
				t.Fatalf("answer %+v, cookie state %+v", got, st)
			}
			for name, granted := range got.Purposes {
				if granted != strings.Contains(st.Header(), name) {
					t.Errorf("%s: answer %v, cookie state %q", name, granted, st.Header())
				}
			}
		case 400, 413:
			var e map[string]string
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e["error"] == "" || consentCookieOf(w) != "" {
				t.Fatalf("%d %q (%v), cookie %q", w.Code, w.Body, err, consentCookieOf(w))
			}
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
	})
}

// FuzzForm: whatever the posted form, the page decides and redirects to a
// same-site path, or answers 400 without deciding.
func FuzzForm(f *testing.F) {
	for _, s := range []string{
		"action=save&analytics=on&persistent=on&return_to=%2Fblog%2F", "action=accept_all", "action=reject_all&return_to=//evil",
		"action=bogus", "return_to=%2F%5Cevil", "%zz", "a=" + strings.Repeat("x", 9000),
	} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/privacy-choices", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "http://example.com")
		w := fx.serve(t, r)
		loc := w.Header().Get("Location")
		switch w.Code {
		case 303:
			if consentCookieOf(w) == "" || loc == "" || loc[0] != '/' || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\r\n") {
				t.Fatalf("303 to %q, cookie %q", loc, consentCookieOf(w))
			}
		case 400:
			if consentCookieOf(w) != "" || loc != "" {
				t.Fatalf("400 decided: cookie %q, Location %q", consentCookieOf(w), loc)
			}
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
	})
}

// FuzzSafeReturnTo: a return_to is kept whole or dropped, and a kept one
// is a path on this site.
func FuzzSafeReturnTo(f *testing.F) {
	for _, s := range []string{"/blog/?x=1#y", "//evil", "/%2F%2Fevil", "/\\evil", "https://evil/", "/%5C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeReturnTo(s)
		if got == "" {
			return
		}
		if got != s || got[0] != '/' || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n") {
			t.Fatalf("safeReturnTo(%q) = %q", s, got)
		}
	})
}
