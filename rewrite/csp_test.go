package rewrite

import (
	"strings"
	"testing"
)

func TestCSPNonce(t *testing.T) {
	for i, tc := range []struct{ csp, want string }{
		{"", ""},
		{"default-src 'self'", ""},
		{"script-src 'nonce-abc123' 'strict-dynamic'", "abc123"},
		{"script-src 'NONCE-abc123'", "abc123"},
		{"default-src 'self'; script-src 'self' 'nonce-r4nd0m+/=='", "r4nd0m+/=="},
		{"default-src 'nonce-d3f'", "d3f"},
		{"script-src-elem 'nonce-elem'; script-src 'nonce-other'", "elem"},
		{"script-src-elem 'self'; script-src 'nonce-other'", ""},
		{"SCRIPT-SRC 'nonce-up'", "up"},
		{"script-src 'nonce-first'; script-src 'nonce-second'", "first"},
		{"script-src 'nonce-a' 'nonce-b', script-src 'nonce-b'", "b"},
		{"script-src 'nonce-a', script-src 'nonce-b'", ""},
		{"script-src 'nonce-a', img-src 'self'", "a"},
		{"script-src 'nonce-'", ""},
		{"script-src 'nonce-a\"b'", ""},
		{"script-src nonce-abc", ""},
		{"script-src 'nonce-abc===' 'nonce-ok'", "ok"},
		{"script-src\t'nonce-tab'\n", "tab"},
		{"style-src 'nonce-style'", ""},
	} {
		if got := CSPNonce(tc.csp); got != tc.want {
			t.Errorf("Test %d %q: got %q, want %q", i, tc.csp, got, tc.want)
		}
	}
}

func FuzzCSPNonce(f *testing.F) {
	f.Add("script-src 'nonce-abc' 'strict-dynamic'; default-src 'self'")
	f.Add("default-src 'nonce-x', script-src 'nonce-x'")
	f.Fuzz(func(t *testing.T, csp string) {
		n := CSPNonce(csp)
		if n == "" {
			return
		}
		if !strings.Contains(csp, n) || strings.ContainsAny(n, "\"'<> \t\n&") {
			t.Fatalf("CSPNonce(%q) = %q: not a nonce of the policy, or unsafe in an attribute", csp, n)
		}
	})
}

func TestCSPAllowsStyleAttr(t *testing.T) {
	for _, tc := range []struct {
		csp  string
		want bool
	}{
		{"", true},
		{"script-src 'nonce-a'", true},
		{"default-src 'self'", false},
		{"default-src 'self'; style-src 'self' 'unsafe-inline'", true},
		{"style-src 'self' 'UNSAFE-INLINE'", true},
		{"style-src 'unsafe-inline' 'nonce-abc'", false},
		{"style-src 'unsafe-inline' 'sha256-abc='", false},
		{"style-src 'unsafe-inline'; style-src-attr 'none'", false},
		{"style-src 'self'; style-src-attr 'unsafe-inline'", true},
		{"style-src 'unsafe-inline', default-src 'self'", false},
		{"style-src 'unsafe-inline', img-src 'self'", true},
	} {
		if got := CSPAllowsStyleAttr(tc.csp); got != tc.want {
			t.Errorf("CSPAllowsStyleAttr(%q) = %v, want %v", tc.csp, got, tc.want)
		}
	}
}
