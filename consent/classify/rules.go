package classify

import "fmt"

// Rules is a set of operator rules, as read from rules files (see
// ParseRules): cookie rules, URL rules and inline-script tokens. Each
// slice keeps the order of the file. The operator's rules win over the
// built-in knowledge base and the cookie database.
type Rules struct {
	Cookies []CookieRule
	Hosts   []HostRule
	Scripts []ScriptRule
}

// NewClassifiers builds the cookie and the URL classifier from the
// operator's rules (those of the configuration and of rules files, in the
// order they should be tried: a pattern listed twice keeps its first
// listing), the built-in knowledge base and a cookie database (see
// LoadCookieDB; nil for none). The operator's rules win over the others.
func NewClassifiers(operator Rules, cookieDB []CookieRule) (*CookieClassifier, *URLClassifier, error) {
	cc, err := NewCookieClassifier(operator.Cookies, cookieDB)
	if err != nil {
		return nil, nil, err
	}
	uc, err := newURLClassifier(operator.Hosts, operator.Scripts)
	if err != nil {
		return nil, nil, err
	}
	return cc, uc, nil
}

// newURLClassifier builds a URL classifier from the operator's URL rules
// and script tokens (nil for none) and the built-in knowledge base.
func newURLClassifier(hosts []HostRule, scripts []ScriptRule) (*URLClassifier, error) {
	kb, err := builtinKB()
	if err != nil {
		return nil, err
	}
	op, err := buildURLRuleSet(hosts, sourceOperator)
	if err != nil {
		return nil, err
	}
	c := &URLClassifier{operator: op, builtin: &kb.hostSet, builtinSigs: kb.sigs}
	if len(scripts) > 0 {
		if c.operatorSigs, err = compileSignatures(scripts, sourceOperator, false); err != nil {
			return nil, fmt.Errorf("operator script rule: %v", err)
		}
	}
	return c, nil
}
