package classify

import (
	"strings"
	"testing"
)

// TestValuePrefilterAdmitsExamples: no value row's prefilter refuses an
// example its expression matches, and the shapes decide every example as
// their expressions alone do.
func TestValuePrefilterAdmitsExamples(t *testing.T) {
	shapes := mustBuiltinKB().values
	for i := range shapes {
		s := &shapes[i]
		t.Run(s.re.String(), func(t *testing.T) {
			matched := 0
			for _, e := range valueShapeExamples {
				if !s.re.MatchString(e) {
					continue
				}
				matched++
				if !s.match(e) {
					t.Errorf("prefilter %+v refuses %q, which %s matches", s.valuePrefilter, e, s.re)
				}
			}
			if matched == 0 {
				t.Errorf("value row %s matches none of the examples: add one", s.re)
			}
		})
	}
	for _, e := range valueShapeExamples {
		got, gotOK := matchValueShape(shapes, e)
		want, wantOK := matchValueShapeByRegexp(shapes, e)
		if got != want || gotOK != wantOK {
			t.Errorf("matchValueShape(%q) = %+v, %v; the expressions alone say %+v, %v", e, got, gotOK, want, wantOK)
		}
	}
}

// matchValueShapeByRegexp is matchValueShape without the prefilters.
func matchValueShapeByRegexp(shapes []valueShape, value string) (Decision, bool) {
	value = shapedPart(value)
	for i := range shapes {
		if value != "" && shapes[i].re.MatchString(value) {
			return shapes[i].d, true
		}
	}
	return Decision{}, false
}

// TestNewValuePrefilter: what the prefilter reads from an expression, and
// where it gives up and admits every value.
func TestNewValuePrefilter(t *testing.T) {
	const digits = "0123456789"
	high := func() string {
		var b strings.Builder
		for c := 0x80; c <= 0xff; c++ {
			b.WriteByte(byte(c))
		}
		return b.String()
	}()
	for _, tc := range []struct {
		name, expr string
		first      string // the first bytes admitted; "all" for every byte
		minLen     int
		at         int
		atLit      string
		inner      string
	}{
		{"literal prefix", `^GA1\.\d\.\d+\.\d+$`, "G", 9, 5, ".", ""},
		{"digits", `^\d+\.\d{10}\.\d+\.\d+\.utmcsr=`, digits, 24, 0, "", ".utmcsr="},
		{"optional sign", `^-?\d+(%7C|\|)MCIDTS(%7C|\|)\d+`, "-" + digits, 10, 0, "", "MCIDTS"},
		{"class", `^[0-9a-f]{16}\.`, digits + "abcdef", 17, 16, ".", ""},
		{"fixed groups", `^(\d{2}[a-z]){2}-x`, digits, 8, 6, "-x", ""},
		{"varying width ends the offsets", `^\d{2,3}-x`, digits, 4, 0, "", "-x"},
		{"alternation", `^(ab|cd)x`, "ac", 3, 0, "", ""},
		{"repeat from zero", `^a{0,3}b`, "ab", 1, 0, "", ""},
		{"case folded", `^(?i)k`, "Kk" + high, 1, 0, "", ""},
		{"past ASCII", `^é`, high, 1, 0, "", ""},
		{"negated class", `^[^a]`, "all but a", 1, 0, "", ""},
		{"any character", `^.x`, "all", 2, 0, "", ""},
		{"can match nothing", `^a*`, "all", 0, 0, "", ""},
		{"not anchored", `^a|b`, "all", 1, 0, "", ""},
		{"longest inner literal", `^\d-ab-\d\.abcd`, digits, 11, 1, "-ab-", ".abcd"},
		{"one-byte inner literal", `^\d+\.\d`, digits, 3, 0, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newValuePrefilter(tc.expr)
			var want byteSet
			switch tc.first {
			case "all":
				want = allBytes
			case "all but a":
				want = allBytes
				want['a'>>6] &^= 1 << ('a' & 63)
			default:
				for i := 0; i < len(tc.first); i++ {
					want.add(tc.first[i])
				}
			}
			wantP := valuePrefilter{first: want, minLen: tc.minLen, at: tc.at, atLit: tc.atLit, inner: tc.inner}
			if p != wantP {
				t.Errorf("newValuePrefilter(%q) = %+v, want %+v", tc.expr, p, wantP)
			}
		})
	}
}

// FuzzValuePrefilter: a value shape with its prefilter matches exactly the
// values its regular expression matches, for the built-in rows and for
// any anchored expression.
func FuzzValuePrefilter(f *testing.F) {
	f.Add(`^\d+\.\d{10}\.`, "123.1700000000.")
	f.Add(`^(?i)k+$`, "\u212a")
	f.Add(`^[^a]`, "\xff")
	f.Add(`^(a|)b?`, "")
	for _, e := range valueShapeExamples {
		f.Add(`^GA1\.`, e)
	}
	shapes := mustBuiltinKB().values
	f.Fuzz(func(t *testing.T, expr, value string) {
		for i := range shapes {
			if s := &shapes[i]; s.match(value) != s.re.MatchString(value) {
				t.Fatalf("shape %s: match(%q) = %v, the expression says %v", s.re, value, s.match(value), !s.match(value))
			}
		}
		if len(expr) > 64 {
			return
		}
		pp, err := parseValuePattern("/" + expr + "/")
		if err != nil {
			return
		}
		s := newValueShape(CookieRule{Pattern: "/" + expr + "/"}, pp)
		if got, want := s.match(value), s.re.MatchString(value); got != want {
			t.Fatalf("shape %s (prefilter %+v): match(%q) = %v, the expression says %v", s.re, s.valuePrefilter, value, got, want)
		}
	})
}
