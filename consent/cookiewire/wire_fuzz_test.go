package cookiewire

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

func FuzzParseSetCookie(f *testing.F) {
	for _, seed := range []string{
		"",
		"a=1",
		"abc",
		"=abc",
		" a = b=c ;",
		`a="x; Max-Age=0"`,
		"_ga=GA1.2.3; Path=/; Domain=.Example.com; Expires=Wed, 21 Oct 2099 07:28:00 GMT; SameSite=Lax; Priority=High; Partitioned; Secure",
		"a=1; Max-Age=-1; Max-Age=abc",
		"a=1; max-age=+5; EXPIRES=Wednesday, 21-Oct-15 07:28:00 GMT",
		"a=1;Max-Age=0;",
		"a=1; Expires=Wed Oct 21 07:28:00 2015; Expires=garbage",
		"a=1; Expireſ=0; Max-Ag\u212a=0",
		"a=1;\tMax-Age=5\t;\tHttpOnly",
		"a=1; Max-Age=-1; Max-Age=" + strings.Repeat("9", 1030),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		s := ParseSetCookie(line)
		name := s.Name()
		if trimWSP(name) != name {
			t.Errorf("Name() = %q is not trimmed", name)
		}
		deletion := s.IsDeletion(wireNow)
		if deletion && s.Lifetime() != purpose.Persistent {
			t.Errorf("%q is a deletion but not persistent", line)
		}
		if p := s.Path(); p != "" && p[0] != '/' {
			t.Errorf("Path() = %q does not start with '/'", p)
		}
		_ = s.Domain()

		down := DowngradeToSession(line)
		d := ParseSetCookie(down)
		if d.Lifetime() != purpose.Session {
			t.Errorf("DowngradeToSession(%q) = %q is still persistent", line, down)
		}
		if d.IsDeletion(wireNow) {
			t.Errorf("DowngradeToSession(%q) = %q is a deletion", line, down)
		}
		if d.Name() != name {
			t.Errorf("DowngradeToSession(%q) = %q changed the name from %q to %q", line, down, name, d.Name())
		}
		if d.Domain() != s.Domain() || d.Path() != s.Path() {
			t.Errorf("DowngradeToSession(%q) = %q changed Domain or Path", line, down)
		}
		if again := DowngradeToSession(down); again != down {
			t.Errorf("DowngradeToSession is not idempotent: %q, then %q", down, again)
		}
		if s.Lifetime() == purpose.Persistent && down == line {
			t.Errorf("persistent %q came back unchanged", line)
		}
		if len(down) > len(line) {
			t.Errorf("DowngradeToSession(%q) = %q grew", line, down)
		}
		if !strings.HasPrefix(line, strings.SplitN(down, ";", 2)[0]) {
			t.Errorf("DowngradeToSession(%q) = %q changed the name-value pair", line, down)
		}
	})
}

func FuzzCookieDate(f *testing.F) {
	for _, seed := range []string{
		"Wed, 21 Oct 2015 07:28:00 GMT",
		"Wednesday, 21-Oct-15 07:28:00 GMT",
		"Wed Oct 21 07:28:00 2015",
		"Thu, 01 Jan 1000 00:00:00 GMT",
		"Wed, 21 Oct 2015 07:28:00123 GMT",
		"31 Feb 2015 7:8:9",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Whatever one reader accepts, written back in the canonical form,
		// both read back as the same instant.
		for _, parse := range []func(string) (int64, bool){parseCookieDate, parseCookieDateChromium} {
			at, ok := parse(s)
			if !ok {
				continue
			}
			tm := time.Unix(at, 0).UTC()
			if tm.Year() < 1601 || tm.Year() > 9999 {
				continue // http.TimeFormat writes four-digit years only
			}
			canon := tm.Format(http.TimeFormat)
			if got, ok := parseCookieDate(canon); !ok || got != at {
				t.Errorf("%q read as %q, which parseCookieDate reads as %d, %t", s, canon, got, ok)
			}
			if got, ok := parseCookieDateChromium(canon); !ok || got != at {
				t.Errorf("%q read as %q, which parseCookieDateChromium reads as %d, %t", s, canon, got, ok)
			}
		}
	})
}

func FuzzSplitCookieHeader(f *testing.F) {
	for _, seed := range []string{
		"",
		"a=1",
		"a=1; b=2",
		" a=1 ;b=2;; ;c",
		`a="x;y"; b==z`,
		"\ta =1\t;\t=x",
		realisticCookieHeader(),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		pairs := SplitCookieHeader(line)
		names := make([]string, len(pairs))
		raws := make([]string, len(pairs))
		for i, p := range pairs {
			if p.Raw == "" || trimWSP(p.Raw) != p.Raw || strings.Contains(p.Raw, ";") {
				t.Errorf("pair %d has Raw %q", i, p.Raw)
			}
			if !strings.Contains(line, p.Raw) {
				t.Errorf("pair %d Raw %q is not from the line", i, p.Raw)
			}
			if p.Name != cookiePairName(p.Raw) || trimWSP(p.Name) != p.Name {
				t.Errorf("pair %d has Name %q for Raw %q", i, p.Name, p.Raw)
			}
			names[i], raws[i] = p.Name, p.Raw
		}

		// Rebuilding all pairs loses no name.
		rebuilt := SplitCookieHeader(strings.Join(raws, "; "))
		if !slices.Equal(rebuilt, pairs) {
			t.Errorf("rebuilt %q from %q, which splits as %q", strings.Join(raws, "; "), line, rebuilt)
		}

		// Keeping everything returns the very same line.
		if kept, removed := FilterCookieHeader(line, func(string) bool { return true }); kept != line || removed != nil {
			t.Errorf("FilterCookieHeader(%q, all) = %q, %q", line, kept, removed)
		}

		// Dropping some keeps the others, in order, and names each dropped
		// name once.
		drop := func(name string) bool { return len(name)%2 == 1 }
		kept, removed := FilterCookieHeader(line, func(n string) bool { return !drop(n) })
		var wantKept []CookiePair
		var wantRemoved []string
		for _, p := range pairs {
			if !drop(p.Name) {
				wantKept = append(wantKept, p)
			} else if !slices.Contains(wantRemoved, p.Name) {
				wantRemoved = append(wantRemoved, p.Name)
			}
		}
		if got := SplitCookieHeader(kept); !slices.Equal(got, wantKept) {
			t.Errorf("FilterCookieHeader(%q) kept %q, want pairs %q", line, kept, wantKept)
		}
		if !slices.Equal(removed, wantRemoved) {
			t.Errorf("FilterCookieHeader(%q) removed %q, want %q", line, removed, wantRemoved)
		}
		if wantRemoved == nil && kept != line {
			t.Errorf("FilterCookieHeader(%q) removed nothing but returned %q", line, kept)
		}
	})
}

func FuzzExpiryLines(f *testing.F) {
	for _, seed := range []struct {
		name, host string
		secure     bool
		path       string
	}{
		{"_ga", "www.example.com", true, "/a/b/c"},
		{"__Host-id", "example.com", true, "/"},
		{"__secure-id", "example.co.uk", false, ""},
		{"__Http-x", "a.b.c.d.e.f.example.com", true, "/x/y/z/w"},
		{"id", "[::1]", false, "/p"},
		{"id", "bücher.example", false, "/caf%C3%A9/menu"},
		{"a;b", "example.com", true, "/"},
		{"", "example.com", true, "/"},
	} {
		f.Add(seed.name, seed.host, seed.secure, seed.path)
	}
	f.Fuzz(func(t *testing.T, name, host string, secure bool, path string) {
		paths := append(RequestPathParents(path, 3), path)
		lines := ExpiryLines(name, host, secure, paths)
		if len(lines) > maxExpiryLines {
			t.Errorf("ExpiryLines(%q, %q) returned %d lines", name, host, len(lines))
		}
		prefixed := ascii.HasPrefixFold(name, "__host-") || ascii.HasPrefixFold(name, "__secure-") || ascii.HasPrefixFold(name, "__http-")
		if validExpiryName(name) && (secure || !prefixed) && len(lines) == 0 {
			t.Errorf("ExpiryLines(%q, %q, %t) returned no line", name, host, secure)
		}
		seen := map[string]bool{}
		for _, line := range lines {
			if seen[line] {
				t.Errorf("ExpiryLines(%q, %q) repeats %q", name, host, line)
			}
			seen[line] = true
			if strings.ContainsAny(line, "\r\n\x00") {
				t.Errorf("line %q holds a line break or NUL", line)
			}
			s := ParseSetCookie(line)
			if s.Name() != name {
				t.Errorf("line %q reads back with name %q, want %q", line, s.Name(), name)
			}
			if !s.IsDeletion(time.Now()) {
				t.Errorf("line %q is not a deletion", line)
			}
			if s.Path() == "" || (s.Path() != "/" && !slices.Contains(paths, s.Path())) {
				t.Errorf("line %q has Path %q, not one asked for", line, s.Path())
			}
			if d := s.Domain(); d != "" && !strings.Contains(line, "; Domain="+d+";") && !strings.HasSuffix(line, "; Domain="+d) {
				t.Errorf("line %q has Domain %q that does not read back", line, d)
			}
			if secure != strings.Contains(line, "; Secure") {
				t.Errorf("line %q: Secure does not match secure=%t", line, secure)
			}
		}
	})
}
