package caddymodule

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// TestRulesFilesReachTheClassifiers: the rows of an operator's rules file
// classify like inline rules, inline rules listed first win, and a bad row
// is refused by Validate with the file's name and line.
func TestRulesFilesReachTheClassifiers(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "site.tsv")
	if err := os.WriteFile(good, []byte("kind\tpattern\tpurpose\tvendor\toptions\tnote\n"+
		"cookie\tnw_pref\tfunctional\tNorthwind\n"+
		"cookie\t_ga\tnecessary\tNorthwind\t\toverridden by the inline rule\n"+
		"host\tstatic.northwind-cdn.example\tnecessary\tNorthwind\t\tthe site's own CDN\n"+
		"script\tnorthwindTrack(\tanalytics\tNorthwind\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cc, uc := validClassifiers(t, &Handler{Rules: []string{good}, Cookies: []CookieRuleConfig{{Pattern: "_ga", Purpose: "analytics", Vendor: "inline"}}})
	for _, tc := range []struct {
		name   string
		got    purpose.Purpose
		vendor string
		want   purpose.Purpose
		wantV  string
	}{
		{"cookie from the file", cc.Classify("nw_pref").Purpose, cc.Classify("nw_pref").Vendor, purpose.Functional, "Northwind"},
		{"inline rule first", cc.Classify("_ga").Purpose, cc.Classify("_ga").Vendor, purpose.Analytics, "inline"},
		{"host from the file", uc.ClassifyURL(&url.URL{Scheme: "https", Host: "static.northwind-cdn.example", Path: "/app.js"}).Purpose, "", purpose.Necessary, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want || (tc.wantV != "" && tc.vendor != tc.wantV) {
				t.Errorf("got %v %q, want %v %q", tc.got, tc.vendor, tc.want, tc.wantV)
			}
		})
	}
	t.Run("script token from the file", func(t *testing.T) {
		d, ok := uc.ClassifyInlineScript([]byte("window.northwindTrack('page');"))
		if !ok || d.Purpose != purpose.Analytics || d.Vendor != "Northwind" {
			t.Errorf("got %+v, %v", d, ok)
		}
	})

	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("kind\tpattern\tpurpose\tvendor\toptions\tnote\ncookie\tx\tanalytic\tNorthwind\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := (&Handler{Rules: []string{good, bad}}).Validate()
	if err == nil || !strings.Contains(err.Error(), "rules[1]") || !strings.Contains(err.Error(), "bad.tsv:2") {
		t.Errorf("Validate of a bad rules file: %v, want rules[1] and bad.tsv:2", err)
	}
}

// TestFirstPartyHostsAreNecessary: a first_party host is necessary and
// names the option as its rule, it wins over a built-in rule of another
// purpose (the knowledge base calls *.google-analytics.com analytics), a
// host rule of the same pattern wins over it, and an exact host does not
// cover its subdomains.
func TestFirstPartyHostsAreNecessary(t *testing.T) {
	_, uc := validClassifiers(t, &Handler{
		FirstParty: []string{"static.example-cdn.net", "*.google-analytics.com", "*.example-assets.net"},
		Hosts:      []HostRuleConfig{{Pattern: "*.example-assets.net", Purpose: "analytics", Vendor: "Example"}},
	})
	for _, tc := range []struct {
		name, url        string
		want             purpose.Purpose
		wantVendor, rule string
	}{
		{"exact host", "https://static.example-cdn.net/app.js", purpose.Necessary, firstPartyVendor, "first_party static.example-cdn.net"},
		{"over the knowledge base", "https://www.google-analytics.com/analytics.js", purpose.Necessary, firstPartyVendor, "first_party *.google-analytics.com"},
		{"a host rule of the same pattern wins", "https://img.example-assets.net/a.png", purpose.Analytics, "Example", "*.example-assets.net"},
		{"not a subdomain of an exact host", "https://www.static.example-cdn.net/app.js", purpose.Unknown, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			d := uc.ClassifyURL(u)
			if d.Purpose != tc.want || d.Vendor != tc.wantVendor || d.Rule != tc.rule {
				t.Errorf("got %+v, want %v %q rule %q", d, tc.want, tc.wantVendor, tc.rule)
			}
			if tc.want == purpose.Necessary && d.Source != "operator" {
				t.Errorf("source %q, want operator", d.Source)
			}
		})
	}
}

// validClassifiers validates h and builds its classifiers, as Provision
// does.
func validClassifiers(t *testing.T, h *Handler) (*classify.CookieClassifier, *classify.URLClassifier) {
	t.Helper()
	if err := h.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	cc, uc, err := h.classifiers()
	if err != nil {
		t.Fatal(err)
	}
	return cc, uc
}
