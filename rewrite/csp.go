package rewrite

import (
	"slices"
	"strings"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// CSPNonce returns a nonce that a Content-Security-Policy header value
// allows for script elements, so that the gateway's inserted <script> can
// carry it. It returns "" when no policy is nonce-based. The directive that
// governs script elements is script-src-elem, else script-src, else
// default-src; with several policies (comma-separated), the nonce must be
// in every one of them that lists nonces.
func CSPNonce(csp string) string {
	var lists [][]string // the nonces of each policy that lists some
	for _, policy := range strings.Split(csp, ",") {
		if ns := policyNonces(policy); len(ns) > 0 {
			lists = append(lists, ns)
		}
	}
	if len(lists) == 0 {
		return ""
	}
next:
	for _, n := range lists[0] {
		for _, l := range lists[1:] {
			if !slices.Contains(l, n) {
				continue next
			}
		}
		return n
	}
	return ""
}

// policyNonces returns the nonces in the directive of one policy that
// governs script elements.
func policyNonces(policy string) []string {
	var dirs [3][]string // script-src-elem, script-src, default-src
	var seen [3]bool
	for _, d := range strings.Split(policy, ";") {
		f := strings.FieldsFunc(d, isCSPSpace)
		if len(f) == 0 {
			continue
		}
		k := -1
		switch strings.ToLower(f[0]) {
		case "script-src-elem":
			k = 0
		case "script-src":
			k = 1
		case "default-src":
			k = 2
		}
		if k < 0 || seen[k] {
			continue // the first of a name wins
		}
		seen[k] = true
		dirs[k] = f[1:]
	}
	for k := range dirs {
		if !seen[k] {
			continue
		}
		var ns []string
		for _, src := range dirs[k] {
			if n, ok := nonceSource(src); ok {
				ns = append(ns, n)
			}
		}
		return ns
	}
	return nil
}

// nonceSource parses a CSP nonce-source: 'nonce-<base64-value>'.
func nonceSource(s string) (string, bool) {
	const prefix = "'nonce-"
	if len(s) <= len(prefix)+1 || !ascii.HasPrefixFold(s, prefix) || s[len(s)-1] != '\'' {
		return "", false
	}
	v := s[len(prefix) : len(s)-1]
	body := strings.TrimRight(v, "=")
	if body == "" || len(v)-len(body) > 2 {
		return "", false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '+' || c == '/' || c == '-' || c == '_') {
			return "", false
		}
	}
	return v, true
}

func isCSPSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}
