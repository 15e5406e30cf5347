package ascii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEqualFold(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{"equal", "max-age", "max-age", true},
		{"mixed case", "Max-AGE", "max-age", true},
		{"both mixed", "HttpOnly", "HTTPONLY", true},
		{"different length", "max-age", "max-ag", false},
		{"different letter", "path", "patH2", false},
		{"empty", "", "", true},
		{"not Unicode folding", "K", "\u212a", false}, // Kelvin sign folds to k in Unicode
		{"punctuation not folded", "[", "{", false},
		{"at sign and backquote", "@", "`", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EqualFold(tc.a, tc.b); got != tc.want {
				t.Errorf("EqualFold(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := EqualFold([]byte(tc.a), tc.b); got != tc.want {
				t.Errorf("EqualFold([]byte(%q), %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestHasPrefixFold(t *testing.T) {
	for _, tc := range []struct {
		name      string
		s, prefix string
		want      bool
	}{
		{"prefix", "Expires=Thu", "expires=", true},
		{"whole", "secure", "SECURE", true},
		{"shorter", "exp", "expires", false},
		{"empty prefix", "x", "", true},
		{"mismatch", "domain=", "path=", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasPrefixFold(tc.s, tc.prefix); got != tc.want {
				t.Errorf("HasPrefixFold(%q, %q) = %v, want %v", tc.s, tc.prefix, got, tc.want)
			}
		})
	}
}

// TestAgainstStrings checks every byte against the standard library's
// ASCII answers.
func TestAgainstStrings(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		s := string([]byte{b})
		wantLower := b
		if b < utf8.RuneSelf {
			wantLower = strings.ToLower(s)[0]
		}
		if Lower(b) != wantLower {
			t.Errorf("Lower(%#x) = %#x, want %#x", b, Lower(b), wantLower)
		}
		if IsDigit(b) != strings.ContainsRune("0123456789", rune(c)) {
			t.Errorf("IsDigit(%#x) = %v", b, IsDigit(b))
		}
		hex := strings.IndexByte("0123456789abcdef", Lower(b))
		if IsHex(b) != (hex >= 0) {
			t.Errorf("IsHex(%#x) = %v", b, IsHex(b))
		}
		if hex >= 0 && int(HexValue(b)) != hex {
			t.Errorf("HexValue(%#x) = %d, want %d", b, HexValue(b), hex)
		}
	}
	if got := string(AppendLower([]byte("x:"), "Content-TYPE")); got != "x:content-type" {
		t.Errorf("AppendLower = %q", got)
	}
}

func TestDoesNotAllocate(t *testing.T) {
	a, b := "Set-Cookie", []byte("set-cookie")
	if n := testing.AllocsPerRun(100, func() {
		if !EqualFold(a, b) || !HasPrefixFold(a, "set-") {
			t.Fatal("no match")
		}
	}); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
