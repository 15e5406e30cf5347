// Package ascii holds the one copy of the byte helpers the project's
// parsers share: ASCII case folding, digits and hex digits. Every protocol
// the gateway reads (HTTP header names, cookie attributes, HTML tag and
// attribute names, URL hosts) folds case in ASCII only, never by Unicode
// rules, so these are not strings.EqualFold. They work on strings and
// byte slices alike and never allocate.
package ascii

// Lower returns c lower-cased if it is an ASCII capital letter.
func Lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// IsDigit reports whether c is a decimal digit.
func IsDigit(c byte) bool { return '0' <= c && c <= '9' }

// IsHex reports whether c is a hexadecimal digit of either case.
func IsHex(c byte) bool {
	return IsDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// HexValue is the value of the hexadecimal digit c (see IsHex).
func HexValue(c byte) byte {
	switch {
	case IsDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// EqualFold reports whether a and b are equal when ASCII letters are
// compared without regard to case.
func EqualFold[A, B ~string | ~[]byte](a A, b B) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if Lower(a[i]) != Lower(b[i]) {
			return false
		}
	}
	return true
}

// HasPrefixFold reports whether s begins with prefix, ASCII letters
// compared without regard to case.
func HasPrefixFold[A, B ~string | ~[]byte](s A, prefix B) bool {
	return len(s) >= len(prefix) && EqualFold(s[:len(prefix)], prefix)
}

// AppendLower appends s to dst with ASCII letters lower-cased.
func AppendLower[A ~string | ~[]byte](dst []byte, s A) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, Lower(s[i]))
	}
	return dst
}
