package receipts

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

var t0 = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.UTC)

// testReceipt returns a valid receipt with id "r-<n>" at t.
func testReceipt(n int, t time.Time) Receipt {
	return Receipt{
		ID:            fmt.Sprintf("r-%04d", n),
		Time:          t,
		PolicyVersion: "2025-01",
		Mode:          "opt_in",
		Granted:       []string{"analytics"},
		Persistent:    true,
		Source:        "banner",
		UserAgent:     "Chrome 131 / Android",
	}
}

func TestValidate(t *testing.T) {
	ok := testReceipt(1, t0)
	for i, tc := range []struct {
		mod  func(*Receipt)
		want string // substring of the error; "" for valid
	}{
		{mod: func(r *Receipt) {}},
		{mod: func(r *Receipt) { r.ID = consent.NewReceiptID() }},
		{mod: func(r *Receipt) { r.Granted = nil }},
		{mod: func(r *Receipt) { r.Granted = []string{"necessary", "Social"} }},
		{mod: func(r *Receipt) { r.PolicyVersion = "" }},
		{mod: func(r *Receipt) { r.Mode, r.Source = "opt_out", "gpc" }},
		{mod: func(r *Receipt) { r.Applied = r.Time.Add(time.Hour) }},
		{mod: func(r *Receipt) { r.ID = "" }, want: "id must be"},
		{mod: func(r *Receipt) { r.ID = strings.Repeat("a", 65) }, want: "id must be"},
		{mod: func(r *Receipt) { r.ID = "r-a,b" }, want: "may hold only"},
		{mod: func(r *Receipt) { r.ID = "=cmd()" }, want: "may hold only"},
		{mod: func(r *Receipt) { r.Time = time.Time{} }, want: "time"},
		{mod: func(r *Receipt) { r.Time = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }, want: "time"},
		{mod: func(r *Receipt) { r.Applied = r.Time.Add(-time.Second) }, want: "applied"},
		{mod: func(r *Receipt) { r.Mode = "optin" }, want: "mode"},
		{mod: func(r *Receipt) { r.Source = "cookie" }, want: "source"},
		{mod: func(r *Receipt) { r.Source = "" }, want: "source"},
		{mod: func(r *Receipt) { r.Granted = []string{"marketing"} }, want: "marketing"},
		{mod: func(r *Receipt) { r.Granted = []string{"unknown"} }},
		{mod: func(r *Receipt) { r.PolicyVersion = strings.Repeat("v", 129) }, want: "policy version"},
		{mod: func(r *Receipt) { r.PolicyVersion = "v1\n" }, want: "policy version"},
		{mod: func(r *Receipt) { r.PolicyVersion = "v\xff" }, want: "policy version"},
	} {
		r := ok
		r.Granted = append([]string(nil), ok.Granted...)
		tc.mod(&r)
		err := r.Validate()
		if tc.want == "" {
			if err != nil {
				t.Errorf("Test %d: unexpected error: %v", i, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("Test %d: got error %v, want ErrInvalid mentioning %q", i, err, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	loc := time.FixedZone("X", 3600)
	in := Receipt{
		ID: "r-1", Time: t0.In(loc), Mode: "opt_out", Source: "page",
		Granted:   []string{"unknown", "social", "Analytics", "necessary", "social", "functional"},
		UserAgent: "Chrome 131 /\x00 Android " + strings.Repeat("é", 40),
	}
	n, err := in.normalize()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"functional", "analytics", "social", "unknown"}; !reflect.DeepEqual(n.Granted, want) {
		t.Errorf("granted = %v, want %v", n.Granted, want)
	}
	if n.Time.Location() != time.UTC || !n.Time.Equal(t0) || !n.Applied.Equal(t0) {
		t.Errorf("time = %v applied = %v, want %v in UTC twice", n.Time, n.Applied, t0)
	}
	if len(n.UserAgent) > maxUserAgentLen || strings.ContainsRune(n.UserAgent, 0) || !strings.HasPrefix(n.UserAgent, "Chrome 131 / Android é") {
		t.Errorf("user agent = %q", n.UserAgent)
	}
	if strings.ContainsRune(n.UserAgent, '\uFFFD') {
		t.Errorf("user agent cut inside a character: %q", n.UserAgent)
	}
}

func TestFromChoices(t *testing.T) {
	c := consent.AllChoices(false)
	c.Set(purpose.Analytics, true)
	c.Set(purpose.Social, true)
	c.Set(purpose.Unknown, true)
	c.Stamp("v7", t0, consent.SourcePage, true)
	r := FromChoices(c, consent.OptOut, "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36")
	want := Receipt{
		ID: c.Receipt, Time: t0.Truncate(time.Second), PolicyVersion: "v7", Mode: "opt_out",
		Granted: []string{"analytics", "social", "unknown"}, Source: "page", GPC: true, UserAgent: "Chrome 131 / Android",
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got  %+v\nwant %+v", r, want)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("receipt from choices is invalid: %v", err)
	}
}

func TestOptOutRequest(t *testing.T) {
	for i, tc := range []struct {
		granted []string
		source  string
		want    bool
	}{
		{granted: []string{"functional", "analytics", "beacon", "retargeting", "social"}, source: "banner", want: false},
		{granted: []string{"functional", "analytics", "beacon", "retargeting", "social"}, source: "gpc", want: true},
		{granted: []string{"retargeting"}, source: "page", want: true},
		{granted: []string{"social"}, source: "api", want: true},
		{granted: []string{"retargeting", "social"}, source: "page", want: false},
		{granted: nil, source: "banner", want: true},
	} {
		r := Receipt{Granted: tc.granted, Source: tc.source}
		if got := OptOutRequest(r); got != tc.want {
			t.Errorf("Test %d: OptOutRequest = %v, want %v", i, got, tc.want)
		}
	}
}
