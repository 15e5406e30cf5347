package cookiewire

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func TestSplitCookieHeader(t *testing.T) {
	for i, tc := range []struct {
		line string
		want []CookiePair
	}{
		{"", nil},
		{" ; ;; ", nil},
		{"a=1", []CookiePair{{"a", "a=1"}}},
		{"a=1; b=2", []CookiePair{{"a", "a=1"}, {"b", "b=2"}}},
		{" a=1 ;b=2;; ;c", []CookiePair{{"a", "a=1"}, {"b", "b=2"}, {"", "c"}}},
		{"a=1;", []CookiePair{{"a", "a=1"}}},
		{`a="x y"; b=="z"`, []CookiePair{{"a", `a="x y"`}, {"b", `b=="z"`}}},
		{"a=1=2", []CookiePair{{"a", "a=1=2"}}},
		{" a =1", []CookiePair{{"a", "a =1"}}},
		{"\ta=1\t;\tb", []CookiePair{{"a", "a=1"}, {"", "b"}}},
		{"=x", []CookiePair{{"", "=x"}}},
		{"a=", []CookiePair{{"a", "a="}}},
		{"a b=1", []CookiePair{{"a b", "a b=1"}}},
		{"__Host-id=1; __Secure-x=2", []CookiePair{{"__Host-id", "__Host-id=1"}, {"__Secure-x", "__Secure-x=2"}}},
	} {
		if got := SplitCookieHeader(tc.line); !slices.Equal(got, tc.want) {
			t.Errorf("Test %d: SplitCookieHeader(%q) = %q, want %q", i, tc.line, got, tc.want)
		}
	}
}

// manyCookies returns a Cookie header of n pairs named c0, c1, ...
func manyCookies(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "c%d=v%d", i, i)
	}
	return b.String()
}

func TestSplitCookieHeaderMany(t *testing.T) {
	const n = 10000
	pairs := SplitCookieHeader(manyCookies(n))
	if len(pairs) != n {
		t.Fatalf("got %d pairs, want %d", len(pairs), n)
	}
	for _, i := range []int{0, 2999, 3000, 5000, n - 1} {
		want := CookiePair{Name: fmt.Sprintf("c%d", i), Raw: fmt.Sprintf("c%d=v%d", i, i)}
		if pairs[i] != want {
			t.Errorf("pair %d = %q, want %q", i, pairs[i], want)
		}
	}
}

func TestFilterCookieHeader(t *testing.T) {
	denied := map[string]bool{"_ga": true, "_gid": true, "": true, "_fbp": true}
	keep := func(name string) bool { return !denied[name] }
	for i, tc := range []struct {
		line    string
		kept    string
		removed []string
	}{
		{"", "", nil},
		{"a=1; b=2", "a=1; b=2", nil},
		{"a=1;b=2 ;  c=3", "a=1;b=2 ;  c=3", nil}, // nothing removed: as it was
		{"a=1; _ga=GA1.2.3; b=2", "a=1; b=2", []string{"_ga"}},
		{"_ga=1; a=2", "a=2", []string{"_ga"}},
		{"a=1; _ga=1", "a=1", []string{"_ga"}},
		{"_ga=1; _gid=2", "", []string{"_ga", "_gid"}},
		{"a=1;b=2 ;  _ga=3;c=4;;", "a=1; b=2; c=4", []string{"_ga"}},
		{"_ga=1; _ga=2; a=1; _gid=3; _ga=4", "a=1", []string{"_ga", "_gid"}},
		{"x; a=1", "a=1", []string{""}}, // nameless
		{" _ga =1; a = 1 ", "a = 1", []string{"_ga"}},
		{`a="x;y"; _fbp=1`, `a="x`, []string{"", "_fbp"}}, // ';' splits, quotes or not: y" is nameless
	} {
		kept, removed := FilterCookieHeader(tc.line, keep)
		if kept != tc.kept || !slices.Equal(removed, tc.removed) {
			t.Errorf("Test %d: FilterCookieHeader(%q) = %q, %q; want %q, %q", i, tc.line, kept, removed, tc.kept, tc.removed)
		}
		if tc.removed == nil && unsafe.StringData(kept) != unsafe.StringData(tc.line) {
			t.Errorf("Test %d: FilterCookieHeader(%q) copied the line though nothing was removed", i, tc.line)
		}
	}
}

func TestFilterCookieHeaderMany(t *testing.T) {
	const n = 10000
	line := manyCookies(n)
	calls := 0
	kept, removed := FilterCookieHeader(line, func(name string) bool {
		calls++
		var i int
		fmt.Sscanf(name, "c%d", &i)
		return i%2 == 0
	})
	if calls != n {
		t.Errorf("keep was called %d times, want %d", calls, n)
	}
	if len(removed) != n/2 || removed[0] != "c1" || removed[len(removed)-1] != fmt.Sprintf("c%d", n-1) {
		t.Errorf("removed %d names (%q ... %q), want %d", len(removed), removed[0], removed[len(removed)-1], n/2)
	}
	pairs := SplitCookieHeader(kept)
	if len(pairs) != n/2 || pairs[1].Raw != "c2=v2" {
		t.Errorf("kept %d pairs, want %d", len(pairs), n/2)
	}

	// Many repeats of many names: each removed name is listed once.
	var b strings.Builder
	for i := range 3 * n {
		fmt.Fprintf(&b, "t%d=x; ", i%100)
	}
	kept, removed = FilterCookieHeader(b.String(), func(string) bool { return false })
	if kept != "" || len(removed) != 100 || removed[99] != "t99" {
		t.Errorf("got kept %q and %d removed names, want none kept and 100 names", kept, len(removed))
	}
}

// realisticCookieHeader is a 30-cookie header as a browser sends it to a
// site with analytics, ads, a consent tool and a shop session.
func realisticCookieHeader() string {
	return strings.Join([]string{
		"_ga=GA1.1.1234567890.1700000000", "_ga_ABCDEF1234=GS1.1.1700000000.5.1.1700000500.0.0.0",
		"_gid=GA1.2.987654321.1700000000", "_gcl_au=1.1.1234567890.1700000000",
		"_fbp=fb.1.1700000000000.1234567890", "_fbc=fb.1.1700000000000.IwAR0abcdef",
		"_uetsid=0123456789abcdef0123456789abcdef", "_uetvid=fedcba9876543210fedcba9876543210",
		"_hjSessionUser_123456=eyJpZCI6IjAxMjM0NTY3LTg5YWItY2RlZi0wMTIzLTQ1Njc4OWFiY2RlZiJ9",
		"_hjSession_123456=eyJpZCI6ImFiY2RlZiIsImMiOjE3MDAwMDAwMDAwMDB9", "_clck=1abcde2%7C2%7Cfg1%7C0%7C1400",
		"_clsk=1x2y3z%7C1700000000000%7C3%7C1%7Cq.clarity.ms%2Fcollect", "_pin_unauth=dWlkPU1qQXdNREF3TURBd01EQT0",
		"_tt_enable_cookie=1", "_ttp=abcdefghijklmnopqrstuvwxyz1", "li_sugr=01234567-89ab-cdef-0123-456789abcdef",
		"IDE=AHWqTUmabcdefghijklmnopqrstuvwxyz", "test_cookie=CheckForPermission",
		"sessionid=8f14e45fceea167a5a36dedd4bea2543", "csrftoken=c4ca4238a0b923820dcc509a6f75849b",
		"cart=%7B%22items%22%3A3%7D", "lang=en-US", "currency=EUR", "theme=dark",
		"__Host-privacy_choices=MTcwMDAwMDAwMHxEdi1CQkFFQ180SUFBUkFCRUFBQUJQLUNBQUE9fA==",
		"recently_viewed=1234,5678,9012", "AWSALB=abcdefghijklmnopqrstuvwxyz0123456789",
		"AWSALBCORS=abcdefghijklmnopqrstuvwxyz0123456789", "__cf_bm=abcdefghij.klmnopqrst-1700000000-0-AQ==",
		"OptanonConsent=isGpcEnabled=0&datestamp=Tue+Nov+14+2023",
	}, "; ")
}

func BenchmarkFilterCookieHeader(b *testing.B) {
	line := realisticCookieHeader()
	keep := func(name string) bool {
		// Drop the analytics and advertising cookies, as a visitor who
		// rejected them would have it.
		return !(strings.HasPrefix(name, "_") && !strings.HasPrefix(name, "__") || name == "IDE" || name == "test_cookie" || name == "li_sugr")
	}
	b.ReportAllocs()
	for b.Loop() {
		kept, removed := FilterCookieHeader(line, keep)
		if kept == line || len(removed) == 0 {
			b.Fatal("nothing removed")
		}
	}
}

func BenchmarkSplitCookieHeader(b *testing.B) {
	line := realisticCookieHeader()
	b.ReportAllocs()
	for b.Loop() {
		if len(SplitCookieHeader(line)) != 30 {
			b.Fatal("want 30 pairs")
		}
	}
}

// TestFilterCookiePairs: the keep function sees each pair's value.
func TestFilterCookiePairs(t *testing.T) {
	var seen []string
	kept, removed := FilterCookiePairs(` a=1; b = "x y" ; bare; c=GA1.2.3.4`, func(name, value string) bool {
		seen = append(seen, name+"|"+value)
		return value != "1"
	})
	if want := []string{"a|1", `b|"x y"`, "|", "c|GA1.2.3.4"}; !slices.Equal(seen, want) {
		t.Errorf("keep saw %q, want %q", seen, want)
	}
	if kept != `b = "x y"; bare; c=GA1.2.3.4` || !slices.Equal(removed, []string{"a"}) {
		t.Errorf("kept %q, removed %q", kept, removed)
	}
}
