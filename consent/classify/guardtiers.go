package classify

import (
	"sort"
	"strings"
)

// GuardTier is one tier of URL rules as the in-page guard reads them: a
// purpose name ("analytics") or "?" to the host patterns it covers,
// "x.com" for the host alone and "*.x.com" for the host and its
// subdomains. "?" marks hosts with rules on paths or queries, which only
// the server decides (the guard asks it).
type GuardTier map[string][]string

// GuardTiers returns the classifier's URL rules for the in-page guard:
// the operator's tier, then the knowledge base's, each matched as
// ClassifyURL matches it (the longest part of the host first). The
// knowledge base's tier holds its curated rules and those of the imported
// ones that a curated host-and-subdomains rule covers, so the guard never
// decides a host the server decides otherwise; the other imported hosts
// are left to the server, to keep the inserted block small.
func (c *URLClassifier) GuardTiers() []GuardTier {
	kb := mustBuiltinKB()
	curated := make([]*hostPattern, 0, len(kb.rows))
	var imported []*hostPattern
	var curatedP, importedP []string
	for i := range kb.rows {
		r := &kb.rows[i]
		if r.kind != kindHost || r.hostPat.host == "" {
			continue
		}
		if strings.HasPrefix(r.pos, "kb/imported-") {
			imported = append(imported, &r.hostPat)
			importedP = append(importedP, r.host.Purpose.String())
		} else {
			curated = append(curated, &r.hostPat)
			curatedP = append(curatedP, r.host.Purpose.String())
		}
	}
	covered := make(map[string]bool)
	for _, hp := range curated {
		if hp.wildcard {
			covered[hp.host] = true
		}
	}
	for i, hp := range imported {
		for h := parentDomain(hp.host); h != ""; h = parentDomain(h) {
			if covered[h] {
				curated = append(curated, hp)
				curatedP = append(curatedP, importedP[i])
				break
			}
		}
	}
	var op []*hostPattern
	var opP []string
	for _, rules := range c.operator.byHost {
		for _, r := range rules {
			op = append(op, &r.hostPattern)
			opP = append(opP, r.decision.Purpose.String())
		}
	}
	return []GuardTier{guardTier(op, opP), guardTier(curated, curatedP)}
}

// guardTier groups patterns by purpose; a host key with any path or query
// rule is "?" in every form (exact, wildcard) it is listed in.
func guardTier(pats []*hostPattern, purposes []string) GuardTier {
	withPath := make(map[string]bool)
	for _, hp := range pats {
		if len(hp.segs) > 0 || hp.hasQuery {
			withPath[hp.host] = true
		}
	}
	seen := make(map[string]bool)
	t := make(GuardTier)
	for i, hp := range pats {
		key := hp.host
		if hp.wildcard {
			key = "*." + key
		}
		p := purposes[i]
		if withPath[hp.host] {
			p = "?"
		} else if len(hp.segs) > 0 || hp.hasQuery {
			continue
		}
		if seen[key] {
			continue // the first listing wins, as in ClassifyURL
		}
		seen[key] = true
		t[p] = append(t[p], key)
	}
	for _, l := range t {
		sort.Strings(l)
	}
	return t
}

// parentDomain returns host without its first label, or "".
func parentDomain(host string) string {
	if i := strings.IndexByte(host, '.'); i >= 0 {
		return host[i+1:]
	}
	return ""
}

// HostHasPathRules reports whether some rule for host (or a domain above
// it) looks at paths or queries, so that a verdict on one of its URLs
// says nothing of the others.
func (c *URLClassifier) HostHasPathRules(host string) bool {
	host = strings.TrimRight(strings.ToLower(host), ".")
	for _, set := range [...]*urlRuleSet{&c.operator, c.builtin} {
		for h, exact := host, true; h != ""; h, exact = parentDomain(h), false {
			for _, r := range set.byHost[h] {
				if (exact || r.wildcard) && (len(r.segs) > 0 || r.hasQuery) {
					return true
				}
			}
		}
	}
	return false
}
