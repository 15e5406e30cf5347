package cookiewire

import (
	"slices"
	"strings"
	"testing"
	"time"
)

const epoch = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"

func TestExpiryLines(t *testing.T) {
	for i, tc := range []struct {
		name   string
		host   string
		secure bool
		paths  []string
		want   []string
	}{
		{"_ga", "www.example.com", true, nil, []string{
			"_ga=; Path=/" + epoch + "; Secure",
			"_ga=; Path=/" + epoch + "; Domain=example.com; Secure",
			"_ga=; Path=/" + epoch + "; Domain=www.example.com; Secure",
		}},
		{"_ga", "Example.COM", false, nil, []string{
			"_ga=; Path=/" + epoch,
			"_ga=; Path=/" + epoch + "; Domain=example.com",
		}},
		{"_ga", "shop.Example.co.uk", false, nil, []string{
			"_ga=; Path=/" + epoch,
			"_ga=; Path=/" + epoch + "; Domain=example.co.uk",
			"_ga=; Path=/" + epoch + "; Domain=shop.example.co.uk",
		}},
		{"_ga", "user.github.io", false, nil, []string{ // private suffix
			"_ga=; Path=/" + epoch,
			"_ga=; Path=/" + epoch + "; Domain=user.github.io",
		}},
		{"id", "bücher.example", false, nil, []string{
			"id=; Path=/" + epoch,
			"id=; Path=/" + epoch + "; Domain=xn--bcher-kva.example",
		}},
		{"id", "BÜCHER.example", false, nil, []string{
			"id=; Path=/" + epoch,
			"id=; Path=/" + epoch + "; Domain=xn--bcher-kva.example",
		}},

		// Host-only only.
		{"id", "co.uk", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "localhost", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "intranet", true, nil, []string{"id=; Path=/" + epoch + "; Secure"}},
		{"id", "127.0.0.1", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "10.1", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "::1", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "[::1]", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "[2001:db8::1]", true, nil, []string{"id=; Path=/" + epoch + "; Secure"}},
		{"id", "example.com.", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "example.com:8080", false, nil, []string{"id=; Path=/" + epoch}},
		{"id", "", false, nil, []string{"id=; Path=/" + epoch}},

		// Prefixes, in any case.
		{"__Host-id", "www.example.com", true, []string{"/a"}, []string{"__Host-id=; Path=/" + epoch + "; Secure"}},
		{"__host-id", "www.example.com", true, nil, []string{"__host-id=; Path=/" + epoch + "; Secure"}},
		{"__HOST-id", "www.example.com", false, nil, nil},
		{"__Host-id", "www.example.com", false, nil, nil},
		{"__Secure-id", "example.com", true, nil, []string{
			"__Secure-id=; Path=/" + epoch + "; Secure",
			"__Secure-id=; Path=/" + epoch + "; Domain=example.com; Secure",
		}},
		{"__secure-id", "example.com", false, nil, nil},
		{"__Http-id", "example.com", true, nil, []string{
			"__Http-id=; Path=/" + epoch + "; Secure; HttpOnly",
			"__Http-id=; Path=/" + epoch + "; Domain=example.com; Secure; HttpOnly",
		}},
		{"__Http-id", "example.com", false, nil, nil},
		{"__Host-Http-id", "example.com", true, nil, []string{"__Host-Http-id=; Path=/" + epoch + "; Secure; HttpOnly"}},
		{"__Hoſt-id", "example.com", false, nil, []string{ // not an ASCII fold of __Host-
			"__Hoſt-id=; Path=/" + epoch,
			"__Hoſt-id=; Path=/" + epoch + "; Domain=example.com",
		}},

		// Paths.
		{"id", "www.example.com", false, RequestPathParents("/shop/cart/item", 3), []string{
			"id=; Path=/" + epoch,
			"id=; Path=/" + epoch + "; Domain=example.com",
			"id=; Path=/" + epoch + "; Domain=www.example.com",
			"id=; Path=/shop" + epoch,
			"id=; Path=/shop" + epoch + "; Domain=example.com",
			"id=; Path=/shop" + epoch + "; Domain=www.example.com",
			"id=; Path=/shop/cart" + epoch,
			"id=; Path=/shop/cart" + epoch + "; Domain=example.com",
			"id=; Path=/shop/cart" + epoch + "; Domain=www.example.com",
		}},
		{"id", "example.com", false, []string{"", "x", "/a;b", "/a b", "/a\x00", "/", "/ok", "/ok"}, []string{
			"id=; Path=/" + epoch,
			"id=; Path=/" + epoch + "; Domain=example.com",
			"id=; Path=/ok" + epoch,
			"id=; Path=/ok" + epoch + "; Domain=example.com",
		}},

		// Names that cannot be written back.
		{"", "example.com", true, nil, nil},
		{"a;b", "example.com", true, nil, nil},
		{"a b", "example.com", true, nil, nil},
		{"a,b", "example.com", true, nil, nil},
		{"a=b", "example.com", true, nil, nil},
		{"a\tb", "example.com", true, nil, nil},
		{"a\x00", "example.com", true, nil, nil},
		{"a\x7f", "example.com", true, nil, nil},
		{strings.Repeat("n", 4097), "example.com", true, nil, nil},
	} {
		got := ExpiryLines(tc.name, tc.host, tc.secure, tc.paths)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Test %d: ExpiryLines(%q, %q, %t, %q) =\n%s\nwant\n%s", i, tc.name, tc.host, tc.secure, tc.paths,
				strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
		checkExpiryLines(t, tc.name, got)
	}
}

// checkExpiryLines asserts that every line reads back as a deletion of name.
func checkExpiryLines(t *testing.T, name string, lines []string) {
	t.Helper()
	for _, line := range lines {
		s := ParseSetCookie(line)
		if s.Name() != name {
			t.Errorf("ExpiryLines(%q) line %q reads back with name %q", name, line, s.Name())
		}
		if !s.IsDeletion(time.Now()) {
			t.Errorf("ExpiryLines(%q) line %q is not a deletion", name, line)
		}
	}
}

func TestExpiryLinesCap(t *testing.T) {
	host := "a.b.c.d.e.example.com" // host-only and 6 domains per path
	lines := ExpiryLines("id", host, true, RequestPathParents("/x/y/z/w", 4))
	if len(lines) != maxExpiryLines {
		t.Fatalf("got %d lines, want %d", len(lines), maxExpiryLines)
	}
	for i, line := range lines[:7] {
		if !strings.HasPrefix(line, "id=; Path=/; ") {
			t.Errorf("line %d = %q: the root path should be covered first", i, line)
		}
	}
	domains := map[string]bool{}
	for _, line := range lines[:7] {
		domains[ParseSetCookie(line).Domain()] = true
	}
	for _, d := range []string{"", "example.com", "e.example.com", "d.e.example.com", "c.d.e.example.com", "b.c.d.e.example.com", host} {
		if !domains[d] {
			t.Errorf("Domain %q is not covered on Path=/", d)
		}
	}
	checkExpiryLines(t, "id", lines)

	many := make([]string, 40)
	for i := range many {
		many[i] = "/p" + strings.Repeat("x", i)
	}
	if got := len(ExpiryLines("id", "localhost", false, many)); got != maxExpiryLines {
		t.Errorf("host-only with 40 paths: got %d lines, want %d", got, maxExpiryLines)
	}
}

func TestRequestPathParents(t *testing.T) {
	for i, tc := range []struct {
		path string
		max  int
		want []string
	}{
		{"/a/b/c", 3, []string{"/", "/a", "/a/b"}},
		{"/a/b/c", 2, []string{"/", "/a"}},
		{"/a/b/c", 1, []string{"/"}},
		{"/a/b/c", 0, nil},
		{"/a/b/c", 10, []string{"/", "/a", "/a/b"}},
		{"/a/b/", 10, []string{"/", "/a", "/a/b"}}, // default path of /a/b/ is /a/b
		{"/a/b", 10, []string{"/", "/a"}},
		{"/a", 10, []string{"/"}},
		{"/", 10, []string{"/"}},
		{"", 10, []string{"/"}},
		{"relative/path", 10, []string{"/"}},
		{"//x", 10, []string{"/"}},
		{"/a//b/c", 10, []string{"/", "/a", "/a/", "/a//b"}},
		{"/a/b/c?x=/y/z", 10, []string{"/", "/a", "/a/b"}},
		{"/a/b/c#/f/g", 10, []string{"/", "/a", "/a/b"}},
		{"/caf%C3%A9/menu", 10, []string{"/", "/caf%C3%A9"}},
	} {
		if got := RequestPathParents(tc.path, tc.max); !slices.Equal(got, tc.want) {
			t.Errorf("Test %d: RequestPathParents(%q, %d) = %q, want %q", i, tc.path, tc.max, got, tc.want)
		}
	}
}

func BenchmarkExpiryLines(b *testing.B) {
	paths := RequestPathParents("/shop/cart/item", 3)
	b.ReportAllocs()
	for b.Loop() {
		if len(ExpiryLines("_ga", "www.example.co.uk", true, paths)) != 9 {
			b.Fatal("want 9 lines")
		}
	}
}
