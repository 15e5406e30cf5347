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
	var ns []string
	for _, src := range governing(policy, "script-src-elem", "script-src", "default-src") {
		if n, ok := nonceSource(src); ok {
			ns = append(ns, n)
		}
	}
	return ns
}

// governing returns the source list of the directive of one policy that
// governs something: the first of names (in order of precedence) the
// policy has, the first of that name; nil when it has none.
func governing(policy string, names ...string) []string {
	dirs := make([][]string, len(names))
	seen := -1 // the most precedent seen
	for _, d := range strings.Split(policy, ";") {
		f := strings.FieldsFunc(d, isCSPSpace)
		if len(f) == 0 {
			continue
		}
		k := slices.Index(names, strings.ToLower(f[0]))
		if k < 0 || dirs[k] != nil {
			continue // the first of a name wins
		}
		dirs[k] = f[1:len(f):len(f)]
		if seen < 0 || k < seen {
			seen = k
		}
	}
	if seen < 0 {
		return nil
	}
	return dirs[seen]
}

// CSPAllowsStyleAttr reports whether a Content-Security-Policy header
// value lets style attributes apply, so that a placeholder may carry its
// size in one (a refused one would fill the console with violations). The
// directive that governs them is style-src-attr, else style-src, else
// default-src; it allows them with 'unsafe-inline' and no nonce or hash,
// which would make the browser ignore 'unsafe-inline'. Every policy of
// several (comma-separated) must allow them.
func CSPAllowsStyleAttr(csp string) bool {
	for _, policy := range strings.Split(csp, ",") {
		srcs := governing(policy, "style-src-attr", "style-src", "default-src")
		if srcs == nil {
			continue
		}
		inline := false
		for _, src := range srcs {
			switch {
			case ascii.EqualFold(src, "'unsafe-inline'"):
				inline = true
			case ascii.HasPrefixFold(src, "'nonce-"), ascii.HasPrefixFold(src, "'sha256-"),
				ascii.HasPrefixFold(src, "'sha384-"), ascii.HasPrefixFold(src, "'sha512-"):
				return false
			}
		}
		if !inline {
			return false
		}
	}
	return true
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
