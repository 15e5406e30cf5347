package purpose

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in         string
		parse      func(string) (Purpose, error)
		want       Purpose
		wantErrHas string
	}{
		{"any: name", "analytics", ParsePurpose, Analytics, ""},
		{"any: case", "Retargeting", ParsePurpose, Retargeting, ""},
		{"any: unknown", "unknown", ParsePurpose, Unknown, ""},
		{"any: typo", "analytic", ParsePurpose, Unknown, "necessary, functional, analytics, beacon, retargeting, social, unknown"},
		{"assignable: necessary", "necessary", ParseAssignable, Necessary, ""},
		{"assignable: unknown refused", "unknown", ParseAssignable, Unknown, "cannot be assigned"},
		{"assignable: typo", "socail", ParseAssignable, Unknown, "want one of: necessary, functional, analytics, beacon, retargeting, social)"},
		{"choosable: social", "social", ParseChoosable, Social, ""},
		{"choosable: necessary refused", "necessary", ParseChoosable, Unknown, "want one of: functional, analytics, beacon, retargeting, social)"},
		{"choosable: unknown refused", "unknown", ParseChoosable, Unknown, "want one of: functional"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.parse(tc.in)
			if tc.wantErrHas == "" {
				if err != nil || got != tc.want {
					t.Fatalf("got %v, %v; want %v", got, err, tc.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErrHas) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErrHas)
			}
		})
	}
}

func TestNamesRoundTrip(t *testing.T) {
	for p := Unknown; p <= Social; p++ {
		var q Purpose
		if err := q.UnmarshalText([]byte(p.String())); err != nil || q != p {
			t.Errorf("%v: round trip gave %v, %v", p, q, err)
		}
	}
	if got := List(Choosable); got != "functional, analytics, beacon, retargeting, social" {
		t.Errorf("List(Choosable) = %q", got)
	}
}
