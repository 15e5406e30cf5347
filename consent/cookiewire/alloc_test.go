//go:build !race

// Allocation counts: the race detector allocates, so these run without it.

package cookiewire

import "testing"

func TestSetCookieAllocations(t *testing.T) {
	line := "_ga=GA1.2.1234567890.1700000000; Path=/; Domain=.Example.com; Max-Age=63072000; Expires=Wed, 21 Oct 2099 07:28:00 GMT; SameSite=Lax; Secure"
	if n := testing.AllocsPerRun(100, func() {
		s := ParseSetCookie(line)
		_ = s.Name()
		_ = s.Lifetime()
		_ = s.IsDeletion(wireNow)
		_ = s.Path()
	}); n != 0 {
		t.Errorf("ParseSetCookie allocates %v times, want 0", n)
	}
	plain := "sid=abc; Path=/; HttpOnly; Secure"
	if n := testing.AllocsPerRun(100, func() { _ = DowngradeToSession(plain) }); n != 0 {
		t.Errorf("DowngradeToSession of a session line allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = DowngradeToSession(line) }); n > 1 {
		t.Errorf("DowngradeToSession allocates %v times, want at most 1", n)
	}
}

func TestFilterCookieHeaderAllocations(t *testing.T) {
	line := realisticCookieHeader()
	keepAll := func(string) bool { return true }
	if a := testing.AllocsPerRun(100, func() { _, _ = FilterCookieHeader(line, keepAll) }); a != 0 {
		t.Errorf("FilterCookieHeader keeping all allocates %v times, want 0", a)
	}
}

func TestParseCookieDateAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		_, _ = parseCookieDate("Wednesday, 21-Oct-15 07:28:00 GMT")
		_, _ = parseCookieDateChromium("Wednesday, 21-Oct-15 07:28:00 GMT")
	}); n != 0 {
		t.Errorf("cookie-date parsing allocates %v times, want 0", n)
	}
}

func TestSplitCookieHeaderAllocations(t *testing.T) {
	line := manyCookies(10000)
	if a := testing.AllocsPerRun(10, func() { _ = SplitCookieHeader(line) }); a != 1 {
		t.Errorf("SplitCookieHeader allocates %v times, want 1", a)
	}
}
