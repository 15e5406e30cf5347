package caddymodule

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	h := &Handler{Rules: []string{good}, Cookies: []CookieRuleConfig{{Pattern: "_ga", Purpose: "analytics", Vendor: "inline"}}}
	if err := h.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	cc, uc, err := h.classifiers()
	if err != nil {
		t.Fatal(err)
	}
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
	err = (&Handler{Rules: []string{good, bad}}).Validate()
	if err == nil || !strings.Contains(err.Error(), "rules[1]") || !strings.Contains(err.Error(), "bad.tsv:2") {
		t.Errorf("Validate of a bad rules file: %v, want rules[1] and bad.tsv:2", err)
	}
}
