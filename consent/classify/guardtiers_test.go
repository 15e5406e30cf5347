package classify

import (
	"slices"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestGuardTiers(t *testing.T) {
	c, err := NewURLClassifier([]HostRule{
		{Pattern: "*.example-cdn.net", Purpose: purpose.Necessary},
		{Pattern: "tags.example-shop.com", Purpose: purpose.Analytics},
		{Pattern: "tags.example-shop.com/pixel", Purpose: purpose.Beacon},
		{Pattern: "/self-hosted/matomo.js", Purpose: purpose.Analytics},
	})
	if err != nil {
		t.Fatal(err)
	}
	tiers := c.GuardTiers()
	if len(tiers) != 2 {
		t.Fatalf("%d tiers, want the operator's and the knowledge base's", len(tiers))
	}
	op, kb := tiers[0], tiers[1]
	for _, tc := range []struct {
		name    string
		tier    GuardTier
		key     string
		purpose string // "" when the key must not be listed
	}{
		{"operator wildcard", op, "*.example-cdn.net", "necessary"},
		{"operator host with a path rule is the server's", op, "tags.example-shop.com", "?"},
		{"path-only rules are not listed", op, "/self-hosted/matomo.js", ""},
		{"curated wildcard", kb, "*.doubleclick.net", "?"}, // it has path rules (conversion pixels)
		{"curated host", kb, "code.jquery.com", "necessary"},
		{"curated analytics", kb, "*.hotjar.com", "analytics"},
		{"curated host with query rules", kb, "*.googletagmanager.com", "?"},
		{"imported host outside every curated domain is left to the server", kb, "*.adis.ws", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for p, l := range tc.tier {
				if slices.Contains(l, tc.key) {
					got = append(got, p)
				}
			}
			switch {
			case tc.purpose == "" && len(got) > 0:
				t.Errorf("%s listed under %v", tc.key, got)
			case tc.purpose != "" && !slices.Equal(got, []string{tc.purpose}):
				t.Errorf("%s listed under %v, want [%s]", tc.key, got, tc.purpose)
			}
		})
	}
	for p, l := range kb {
		if !slices.IsSorted(l) {
			t.Errorf("%s hosts not sorted", p)
		}
		if p != "?" {
			if _, err := purpose.ParsePurpose(p); err != nil {
				t.Errorf("tier key %q: %v", p, err)
			}
		}
	}
}

// An imported rule under a curated host-and-subdomains rule goes into the
// tier, so the guard does not apply the broader curated verdict to it.
func TestGuardTiersKeepImportedRulesUnderCuratedDomains(t *testing.T) {
	c, _ := NewURLClassifier(nil)
	kb := c.GuardTiers()[1]
	listed := map[string]string{}
	for p, l := range kb {
		for _, h := range l {
			listed[h] = p
		}
	}
	kbase := mustBuiltinKB()
	checked := 0
	for i := range kbase.rows {
		r := &kbase.rows[i]
		if r.kind != kindHost || r.hostPat.host == "" || len(r.hostPat.segs) > 0 || r.hostPat.hasQuery {
			continue
		}
		key := r.hostPat.host
		if r.hostPat.wildcard {
			key = "*." + key
		}
		covered := false
		for h := parentDomain(r.hostPat.host); h != ""; h = parentDomain(h) {
			if _, ok := listed["*."+h]; ok {
				covered = true
			}
		}
		if covered {
			checked++
			if _, ok := listed[key]; !ok {
				t.Errorf("%s (%s) is under a listed domain but not listed itself", key, r.pos)
			}
		}
	}
	if checked == 0 {
		t.Error("no rule under a listed domain: the test checks nothing")
	}
}

func TestHostHasPathRules(t *testing.T) {
	c, _ := NewURLClassifier([]HostRule{{Pattern: "shop.example/pixel", Purpose: purpose.Beacon}})
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"www.facebook.com", true},  // *.facebook.com/tr
		{"WWW.FACEBOOK.COM.", true}, // case and trailing dot
		{"code.jquery.com", false},
		{"shop.example", true},      // the operator's
		{"sub.shop.example", false}, // an exact host's rules do not cover subdomains
		{"unknown.example", false},
	} {
		t.Run(tc.host, func(t *testing.T) {
			if got := c.HostHasPathRules(tc.host); got != tc.want {
				t.Errorf("HostHasPathRules(%q) = %v, want %v", tc.host, got, tc.want)
			}
		})
	}
}
