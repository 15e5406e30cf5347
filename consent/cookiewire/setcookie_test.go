package cookiewire

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// wireNow is the clock the Set-Cookie tests judge Expires dates against.
var wireNow = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)

func TestSetCookieName(t *testing.T) {
	for i, tc := range []struct {
		line string
		want string
	}{
		{"a=1", "a"},
		{" a = 1 ", "a"},
		{"a\t=\t1", "a"},
		{"a=b=c", "a"},
		{`a="x=y"`, "a"},
		{`a="x; Max-Age=0"`, "a"},
		{"a=", "a"},
		{"a=;", "a"},
		{"a=1;", "a"},
		{"a b=1", "a b"},
		{"abc", ""},              // nameless: all of it is the value
		{"abc; Path=/", ""},      // nameless with attributes
		{"=abc", ""},             // empty name
		{"", ""},                 // nothing
		{"; a=1", ""},            // the pair is empty; a=1 is an attribute
		{"Max-Age=5", "Max-Age"}, // the first pair is the cookie, whatever its name
		{"__Host-id=1; Secure; Path=/", "__Host-id"},
		{"\ra\n=1", "a"}, // net/http writes CR and LF as spaces
		{"_ga=GA1.2.3.4; Domain=.example.com", "_ga"},
	} {
		if got := ParseSetCookie(tc.line).Name(); got != tc.want {
			t.Errorf("Test %d: ParseSetCookie(%q).Name() = %q, want %q", i, tc.line, got, tc.want)
		}
	}
}

func TestSetCookieLifetime(t *testing.T) {
	long := strings.Repeat("1", maxAttrValue+1)
	for i, tc := range []struct {
		line     string
		lifetime purpose.Lifetime
		deletion bool
	}{
		{"a=1", purpose.Session, false},
		{"a=1; Path=/; HttpOnly", purpose.Session, false},
		{"a=1; Max-Age=3600", purpose.Persistent, false},
		{"a=1; max-age=3600", purpose.Persistent, false},
		{"a=1; MAX-AGE = 3600 ", purpose.Persistent, false},
		{"a=1;Max-Age=3600;Path=/", purpose.Persistent, false},

		// Unparsable Max-Age is ignored by every browser.
		{"a=1; Max-Age=abc", purpose.Session, false},
		{"a=1; Max-Age=5s", purpose.Session, false},
		{"a=1; Max-Age=1e3", purpose.Session, false},
		{"a=1; Max-Age=", purpose.Session, false},
		{"a=1; Max-Age", purpose.Session, false},
		{"a=1; Max-Age=\"5\"", purpose.Session, false},

		// Deletions.
		{"a=1; Max-Age=0", purpose.Persistent, true},
		{"a=1; Max-Age=00", purpose.Persistent, true},
		{"a=1; Max-Age=-1", purpose.Persistent, true},
		{"a=1; Max-Age=-0", purpose.Persistent, true},
		{"a=1; Max-Age= -1 ", purpose.Persistent, true},
		{"a=1; Max-Age=0;", purpose.Persistent, true},
		{"a=1; Max-Age=-99999999999999999999999", purpose.Persistent, true},
		{"x; Max-Age=0", purpose.Persistent, true}, // nameless
		{"a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", purpose.Persistent, true},
		{"a=1; Max-Age=0; Expires=Wed, 21 Oct 2099 07:28:00 GMT", purpose.Persistent, true},

		// Browsers disagree: persistent for one, no deletion for all.
		{"a=1; Max-Age=+5", purpose.Persistent, false},   // Chromium takes '+'
		{"a=1; Max-Age=+0", purpose.Persistent, false},   // Chromium deletes; RFC and Firefox keep a session cookie
		{"a=1; Max-Age=-abc", purpose.Persistent, false}, // Firefox deletes; the others keep a session cookie
		{"a=1; Max-Age=-", purpose.Persistent, false},
		{"a=1; Max-Age=99999999999999999999999", purpose.Persistent, false},

		// Duplicates: the last one counts, and a trailing invalid one
		// counts for Chromium and Firefox but not for RFC 6265bis.
		{"a=1; Max-Age=10; Max-Age=-1", purpose.Persistent, true},
		{"a=1; Max-Age=-1; Max-Age=10", purpose.Persistent, false},
		{"a=1; Max-Age=-1; Max-Age=abc", purpose.Persistent, false},
		{"a=1; Max-Age=-1; Max-Age=", purpose.Persistent, false},
		{"a=1; Max-Age=abc; Expires=Thu, 01 Jan 1970 00:00:00 GMT", purpose.Persistent, true},
		{"a=1; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:00 GMT", purpose.Persistent, false}, // Max-Age wins
		{"a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=garbage", purpose.Persistent, false},
		{"a=1; Expires=garbage; Expires=Thu, 01 Jan 1970 00:00:00 GMT", purpose.Persistent, true},

		// Expires formats.
		{"a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", purpose.Persistent, true},
		{"a=1; expires=Wednesday, 21-Oct-15 07:28:00 GMT", purpose.Persistent, true},
		{"a=1; EXPIRES=Wed Oct 21 07:28:00 2015", purpose.Persistent, true},
		{"a=1; Expires=\"Wed, 21 Oct 2015 07:28:00 GMT\"", purpose.Persistent, true},
		{"a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT", purpose.Persistent, false},
		{"a=1; Expires=Sat, 01-Jan-69 00:00:00 GMT", purpose.Persistent, false}, // 2069
		{"a=1; Expires=Thu, 01-Jan-70 00:00:01 GMT", purpose.Persistent, true},  // 1970
		{"a=1; Expires=Sun, 01 Jun 2025 11:59:59 GMT", purpose.Persistent, true},
		{"a=1; Expires=Sun, 01 Jun 2025 12:00:01 GMT", purpose.Persistent, false},
		{"a=1; Expires=garbage", purpose.Session, false},
		{"a=1; Expires=", purpose.Session, false},
		{"a=1; Expires=Wed, 30 Feb 2015 07:28:00 GMT", purpose.Session, false},
		{"a=1; Expires=Wed, 21 Oct 2015 25:28:00 GMT", purpose.Session, false},
		{"a=1; Expires=2015-10-21T07:28:00Z", purpose.Session, false},
		// RFC 6265 rejects years before 1601, Chromium does not.
		{"a=1; Expires=Thu, 01 Jan 1000 00:00:00 GMT", purpose.Persistent, false},

		// Oversize values are ignored by current browsers and honored by
		// old ones: persistent, never a deletion.
		{"a=1; Max-Age=" + long, purpose.Persistent, false},
		{"a=1; Max-Age=-1; Max-Age=" + long, purpose.Persistent, false},
		{"a=1; Max-Age=-1; Expires=" + long, purpose.Persistent, false},

		// Attribute names fold ASCII case only, as browsers do.
		{"a=1; Expireſ=Thu, 01 Jan 1970 00:00:00 GMT", purpose.Session, false},
		{"a=1; Max-Ag\u212a=0", purpose.Session, false},
		// An attribute named like Max-Age inside another one's value.
		{"a=1; Foo=Max-Age=0", purpose.Session, false},
	} {
		s := ParseSetCookie(tc.line)
		if got := s.Lifetime(); got != tc.lifetime {
			t.Errorf("Test %d: ParseSetCookie(%q).Lifetime() = %s, want %s", i, tc.line, got, tc.lifetime)
		}
		if got := s.IsDeletion(wireNow); got != tc.deletion {
			t.Errorf("Test %d: ParseSetCookie(%q).IsDeletion() = %t, want %t", i, tc.line, got, tc.deletion)
		}
	}
}

func TestSetCookieDomainPath(t *testing.T) {
	long := strings.Repeat("x", maxAttrValue+1)
	for i, tc := range []struct {
		line         string
		domain, path string
	}{
		{"a=1", "", ""},
		{"a=1; Domain=example.com; Path=/", "example.com", "/"},
		{"a=1; Domain=.Example.COM", "example.com", ""},
		{"a=1; domain = ..example.com", ".example.com", ""},
		{"a=1; Domain=example.com; DOMAIN=shop.example.com", "shop.example.com", ""},
		{"a=1; Domain=example.com; Domain=", "", ""}, // Chromium uses the last, empty one
		{"a=1; Domain=example.com; Domain=" + long, "example.com", ""},
		{"a=1; Path=/docs", "", "/docs"},
		{"a=1; path= /docs/ ", "", "/docs/"},
		{"a=1; Path=docs", "", ""},
		{"a=1; Path=/a; Path=", "", ""},
		{"a=1; Path=/a; Path=/" + long, "", "/a"},
		{"domain=example.com; path=/x", "", "/x"}, // the first pair is the cookie's own
	} {
		s := ParseSetCookie(tc.line)
		if got := s.Domain(); got != tc.domain {
			t.Errorf("Test %d: ParseSetCookie(%q).Domain() = %q, want %q", i, tc.line, got, tc.domain)
		}
		if got := s.Path(); got != tc.path {
			t.Errorf("Test %d: ParseSetCookie(%q).Path() = %q, want %q", i, tc.line, got, tc.path)
		}
	}
}

func TestDowngradeToSession(t *testing.T) {
	for i, tc := range []struct {
		line, want string
	}{
		{"", ""},
		{"a=1", "a=1"},
		{"a=1; Path=/", "a=1; Path=/"},
		{"a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/", "a=1; Path=/"},
		{"a=1; Max-Age=3600", "a=1"},
		{"a=1;Max-Age=3600;Path=/", "a=1;Path=/"},
		{"a=1; Max-Age=1; Max-Age=2", "a=1"},
		{"a=1; Max-Age", "a=1"},
		{"a=1; Max-Age=abc", "a=1"},
		{"a=1; Max-Age=1;", "a=1;"},
		{"a=1;  max-age = 1 ; Path=/", "a=1; Path=/"},
		{"a=1; Path=/; max-age=1; EXPIRES=x; Domain=.Example.com; Priority=High; Partitioned; Secure; SameSite=None; Foo=bar",
			"a=1; Path=/; Domain=.Example.com; Priority=High; Partitioned; Secure; SameSite=None; Foo=bar"},
		{"max-age=1; Path=/", "max-age=1; Path=/"},         // the cookie's own pair stays
		{"expires=1", "expires=1"},                         // likewise
		{"a=1; Foo=Max-Age=1", "a=1; Foo=Max-Age=1"},       // not a Max-Age attribute
		{"a=1; Expireſ=1", "a=1; Expireſ=1"},               // not an ASCII fold of Expires
		{"x; Expires=Wed, 21 Oct 2099 07:28:00 GMT", "x"},  // nameless
		{`a="v; Max-Age=5"`, `a="v`},                       // ';' ends the value, quotes or not
		{"a=1;\tMax-Age=5\t;\tHttpOnly", "a=1;\tHttpOnly"}, // tabs are whitespace
		{"a=1; Max-Age=5; Max-Age=5; Max-Age=5", "a=1"},
	} {
		got := DowngradeToSession(tc.line)
		if got != tc.want {
			t.Errorf("Test %d: DowngradeToSession(%q) = %q, want %q", i, tc.line, got, tc.want)
			continue
		}
		s := ParseSetCookie(got)
		if s.Lifetime() != purpose.Session {
			t.Errorf("Test %d: DowngradeToSession(%q) = %q is still persistent", i, tc.line, got)
		}
		if s.Name() != ParseSetCookie(tc.line).Name() {
			t.Errorf("Test %d: DowngradeToSession(%q) changed the name to %q", i, tc.line, s.Name())
		}
		if again := DowngradeToSession(got); again != got {
			t.Errorf("Test %d: DowngradeToSession is not idempotent: %q then %q", i, got, again)
		}
	}
}

func TestParseMaxAge(t *testing.T) {
	const maxInt, minInt = int64(^uint64(0) >> 1), -int64(^uint64(0)>>1) - 1
	for i, tc := range []struct {
		in                    string
		rfc, chrome, firefox  int64
		rfcOK, chromeOK, ffOK bool
	}{
		{"10", 10, 10, 10, true, true, true},
		{"0", 0, 0, 0, true, true, true},
		{"-5", -5, -5, minInt, true, true, true},
		{"+5", 0, 5, 0, false, true, false},
		{"-", 0, 0, minInt, false, false, true},
		{"5x", 0, 0, 0, false, false, false},
		{"", 0, 0, 0, false, false, false},
		{"99999999999999999999", maxInt, maxInt, maxInt, true, true, true},
		{"99999999999999999999x", 0, maxInt, maxInt, false, true, true},
		{"-99999999999999999999", -maxInt, -maxInt, minInt, true, true, true},
	} {
		if v, ok := parseMaxAgeRFC(tc.in); ok != tc.rfcOK || (ok && v != tc.rfc) {
			t.Errorf("Test %d: parseMaxAgeRFC(%q) = %d, %t; want %d, %t", i, tc.in, v, ok, tc.rfc, tc.rfcOK)
		}
		if v, ok := parseMaxAgeChromium(tc.in); ok != tc.chromeOK || (ok && v != tc.chrome) {
			t.Errorf("Test %d: parseMaxAgeChromium(%q) = %d, %t; want %d, %t", i, tc.in, v, ok, tc.chrome, tc.chromeOK)
		}
		if v, ok := parseMaxAgeFirefox(tc.in); ok != tc.ffOK || (ok && v != tc.firefox) {
			t.Errorf("Test %d: parseMaxAgeFirefox(%q) = %d, %t; want %d, %t", i, tc.in, v, ok, tc.firefox, tc.ffOK)
		}
	}
}

func BenchmarkParseSetCookie(b *testing.B) {
	lines := []string{
		"_ga=GA1.2.1234567890.1700000000; Path=/; Domain=.example.com; Expires=Wed, 21 Oct 2099 07:28:00 GMT; SameSite=Lax",
		"sessionid=abcdef0123456789; Path=/; HttpOnly; Secure; SameSite=Strict",
		"_fbp=fb.1.1700000000000.1234567890; Max-Age=7776000; Path=/; Domain=.example.com; Secure",
		"cart=; Max-Age=0; Path=/",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := ParseSetCookie(lines[i%len(lines)])
		if s.Name() == "" || s.IsDeletion(wireNow) && s.Lifetime() == purpose.Session {
			b.Fatal("bad parse")
		}
	}
}

func BenchmarkDowngradeToSession(b *testing.B) {
	line := "_ga=GA1.2.1234567890.1700000000; Path=/; Domain=.example.com; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=63072000; SameSite=Lax"
	b.ReportAllocs()
	for b.Loop() {
		if DowngradeToSession(line) == line {
			b.Fatal("nothing removed")
		}
	}
}

// TestSetCookieValueHttpOnlyMaxAge: the parts of a line the cookie
// heuristics read.
func TestSetCookieValueHttpOnlyMaxAge(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		value      string
		httpOnly   bool
		maxAge     time.Duration
	}{
		{"session", "sid = abc ; Path=/; HttpOnly", "abc", true, 0},
		{"max-age", "_v=GA1.2.3.4; Max-Age=86400", "GA1.2.3.4", false, 24 * time.Hour},
		{"expires", "_v=1; Expires=" + wireNow.Add(48*time.Hour).UTC().Format(http.TimeFormat), "1", false, 48 * time.Hour},
		{"longest reading wins (Chromium reads +100)", "_v=1; Max-Age=+100", "1", false, 100 * time.Second},
		{"httponly any case", `_v="q"; httponly`, `"q"`, true, 0},
		{"nameless", "bare", "bare", false, 0},
		{"deletion", "_v=; Max-Age=0", "", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ParseSetCookie(tc.line)
			if s.Value() != tc.value || s.HttpOnly() != tc.httpOnly || s.MaxAge(wireNow) != tc.maxAge {
				t.Errorf("ParseSetCookie(%q): value %q, httpOnly %v, maxAge %v; want %q, %v, %v", tc.line, s.Value(), s.HttpOnly(), s.MaxAge(wireNow), tc.value, tc.httpOnly, tc.maxAge)
			}
		})
	}
}
