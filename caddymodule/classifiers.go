package caddymodule

import (
	"fmt"
	"os"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// classifiers builds the cookie and URL classifiers from the handler's
// rules: the operator's inline rules and rule files, the cookie database
// and the built-in knowledge base. Provision and `caddy consent classify`
// both use it, so the command classifies exactly as the gateway does.
func (h *Handler) classifiers() (*classify.CookieClassifier, *classify.URLClassifier, error) {
	// The command has no Validate of its own; the rules are checked with
	// the same words.
	if err := checkCookieRules(h); err != nil {
		return nil, nil, err
	}
	if err := checkHostRules(h); err != nil {
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
	// LEAD: for each path in h.Rules, add the cookie and host rules of classify.LoadRulesFile(path) to operator and hosts here (errors as "rules[i] <path>: ...").

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
	cc, err := classify.NewCookieClassifier(operator, db)
	if err != nil {
		return nil, nil, fmt.Errorf("cookie rules: %w", err)
	}
	uc, err := classify.NewURLClassifier(hosts)
	if err != nil {
		return nil, nil, fmt.Errorf("host rules: %w", err)
	}
	return cc, uc, nil
}
