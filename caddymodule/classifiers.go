package caddymodule

import (
	"fmt"
	"os"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// firstPartyVendor is the vendor of the hosts the first_party option names.
const firstPartyVendor = "first party (operator)"

// classifiers builds the cookie and URL classifiers from the handler's
// rules: the operator's inline rules (host rules, then the first_party
// hosts), then their rule files in order (the first listing of a pattern
// wins), the cookie database and the built-in knowledge base. Provision
// and `caddy consent classify` both use it, so the command classifies
// exactly as the gateway does.
func (h *Handler) classifiers() (*classify.CookieClassifier, *classify.URLClassifier, error) {
	// The command has no Validate of its own; the rules are checked with
	// the same words.
	if err := checkCookieRules(h); err != nil {
		return nil, nil, err
	}
	if err := checkHostRules(h); err != nil {
		return nil, nil, err
	}
	if err := checkFirstParty(h); err != nil {
		return nil, nil, err
	}
	if err := checkProxyAssets(h); err != nil {
		return nil, nil, err
	}
	var operator []classify.CookieRule
	for _, r := range h.Cookies {
		p, _ := purpose.ParseAssignable(r.Purpose)
		operator = append(operator, classify.CookieRule{Pattern: r.Pattern, Purpose: p, Vendor: defaultString(r.Vendor, "operator")})
	}
	var hosts []classify.HostRule
	for _, r := range h.Hosts {
		p, _ := purpose.ParseAssignable(r.Purpose)
		hosts = append(hosts, classify.HostRule{Pattern: r.Pattern, Purpose: p, Vendor: defaultString(r.Vendor, "operator")})
	}
	// The site's own other domains are operator rules too, after the host
	// rules: an explicit host rule of the same pattern wins.
	for _, pattern := range h.FirstParty {
		hosts = append(hosts, classify.HostRule{Pattern: pattern, Purpose: purpose.Necessary, Vendor: firstPartyVendor, Rule: "first_party " + pattern})
	}
	hosts = append(hosts, h.proxiedRules()...) // no longer contacted
	rules := classify.Rules{Cookies: operator, Hosts: hosts}
	for i, path := range h.Rules {
		fr, err := classify.LoadRulesFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("rules[%d]: %w", i, err)
		}
		rules.Cookies = append(rules.Cookies, fr.Cookies...)
		rules.Hosts = append(rules.Hosts, fr.Hosts...)
		rules.Scripts = append(rules.Scripts, fr.Scripts...)
	}

	var db []classify.CookieRule
	if h.CookieDB != "" {
		f, err := os.Open(h.CookieDB)
		if err != nil {
			return nil, nil, fmt.Errorf("cookie_db: %w", err)
		}
		db, err = classify.LoadCookieDB(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("cookie_db %s: %w", h.CookieDB, err)
		}
	}
	cc, uc, err := classify.NewClassifiers(rules, db)
	if err != nil {
		return nil, nil, fmt.Errorf("operator rules: %w", err)
	}
	return cc, uc, nil
}
