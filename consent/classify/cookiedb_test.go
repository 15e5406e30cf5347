package classify

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

const cookieDBHeader = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"

func TestLoadCookieDBFixture(t *testing.T) {
	f, err := os.Open("testdata/cookiedb-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := LoadCookieDB(f)
	if err != nil {
		t.Fatalf("LoadCookieDB: %v", err)
	}
	want := []CookieRule{
		{"shop_session", purpose.Necessary, "Example Shop"},
		{"shop_lang", purpose.Functional, "Example Shop"},
		{"shop_reco_*", purpose.Functional, "Example Shop"},
		{"exa_id", purpose.Analytics, "Example Analytics"},
		{"exa_ses_*", purpose.Analytics, "Example Analytics"},
		{"exad_uid", purpose.Retargeting, "Example Ads"},
		{"/^exad_.*_seen$/", purpose.Retargeting, "Example Ads"},
		{"exwaf_token", purpose.Necessary, "Example WAF"},
		// "exad bad name" is skipped: no cookie can have that name.
		{"exad_uid", purpose.Retargeting, "Example Ads"},
		{"_ga", purpose.Analytics, "Other Analytics"},
		{"_gcl_example", purpose.Retargeting, "Example Ads"},
		{"_hjExample_*", purpose.Analytics, "Example Analytics"},
		{`/^/odd\*name$/`, purpose.Retargeting, "Example Ads"},
	}
	if !reflect.DeepEqual(rules, want) {
		t.Errorf("LoadCookieDB rules:\n got %v\nwant %v", rules, want)
	}

	c := mustClassifier(t, nil, rules)
	db := func(p purpose.Purpose, vendor, rule string) Decision {
		return Decision{Purpose: p, Vendor: vendor, Rule: rule, Source: "cookie_db"}
	}
	for i, tc := range []struct {
		name string
		want Decision
	}{
		{"shop_session", db(purpose.Necessary, "Example Shop", "shop_session")},
		{"__Host-shop_session", db(purpose.Necessary, "Example Shop", "shop_session")},
		{"shop_reco_42", db(purpose.Functional, "Example Shop", "shop_reco_*")},
		{"exa_id", db(purpose.Analytics, "Example Analytics", "exa_id")},
		{"exa_ses_17", db(purpose.Analytics, "Example Analytics", "exa_ses_*")},
		{"exad_spring_seen", db(purpose.Retargeting, "Example Ads", "/^exad_.*_seen$/")},
		{"exad_spring_seenx", noDecision},
		{"/odd*name", db(purpose.Retargeting, "Example Ads", `/^/odd\*name$/`)},
		{"/oddXname", noDecision},
		{"exad bad name", noDecision},
		// Tie: the built-in rule wins over the database's same name.
		{"_ga", wantBuiltin(purpose.Analytics, "Google Analytics", "_ga")},
		// More specific: the database's exact name over the built-in prefix.
		{"_gcl_example", db(purpose.Retargeting, "Example Ads", "_gcl_example")},
		{"_gcl_other", wantBuiltin(purpose.Retargeting, "Google Ads", "_gcl_*")},
		// Longer prefix from the database.
		{"_hjExample_1", db(purpose.Analytics, "Example Analytics", "_hjExample_*")},
		{"_hjExampl", wantBuiltin(purpose.Analytics, "Hotjar", "_hj*")},
	} {
		if got := c.Classify(tc.name); got != tc.want {
			t.Errorf("Test %d: Classify(%q) = %+v, want %+v", i, tc.name, got, tc.want)
		}
	}
}

func TestLoadCookieDBFormats(t *testing.T) {
	for i, tc := range []struct {
		input string
		want  []CookieRule
	}{
		{
			// Byte-order mark, CRLF line ends.
			input: "\uFEFF" + strings.ReplaceAll(cookieDBHeader, "\n", "\r\n") + "1,V,Analytics,a_id,d,x,1 year,V,N/A,0\r\n",
			want:  []CookieRule{{"a_id", purpose.Analytics, "V"}},
		},
		{
			// Columns reordered, names spaced and cased differently, extra columns.
			input: "wildcard match,Extra,cookie /  data key NAME,category,PLATFORM\n1,?,pre_,Marketing,V\n0,?,ex,security,W\n",
			want:  []CookieRule{{"pre_*", purpose.Retargeting, "V"}, {"ex", purpose.Necessary, "W"}},
		},
		{
			// Only the required columns; blank wildcard means exact; spaces trimmed.
			input: "Platform,Category,Cookie / Data Key name,Wildcard match\n V ,Personalization, n1 ,\n",
			want:  []CookieRule{{"n1", purpose.Functional, "V"}},
		},
		{
			// A header alone: no rules, no error.
			input: cookieDBHeader,
		},
		{
			// Placeholders and counts; a name that is only a placeholder is skipped.
			input: cookieDBHeader +
				"1,V,Analytics,<Id>,d,x,r,V,N/A,0\n" +
				"2,V,Analytics,<a><b>,d,x,r,V,N/A,1\n" +
				"3,V,Analytics,SR<RotatorID>,d,x,r,V,N/A,0\n" +
				"4,V,Analytics,a<x>b<y>c,d,x,r,V,N/A,0\n" +
				"5,V,Analytics,a<x>b,d,x,r,V,N/A,1\n" +
				"6,V,Analytics,CookieConsent [x4],d,x,r,V,N/A,0\n" +
				"7,V,Analytics,,d,x,r,V,N/A,0\n" +
				"8,V,Analytics,a;b,d,x,r,V,N/A,0\n" +
				"9,V,Analytics,a<b,d,x,r,V,N/A,0\n" +
				"10,V,Analytics,star*,d,x,r,V,N/A,1\n",
			want: []CookieRule{
				{"SR*", purpose.Analytics, "V"},
				{"/^a.*b.*c$/", purpose.Analytics, "V"},
				{"/^a.*b.*/", purpose.Analytics, "V"},
				{"CookieConsent", purpose.Analytics, "V"},
				{`/^star\*.*/`, purpose.Analytics, "V"},
			},
		},
	} {
		got, err := LoadCookieDB(strings.NewReader(tc.input))
		if err != nil {
			t.Errorf("Test %d: LoadCookieDB: %v", i, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Test %d: LoadCookieDB = %v, want %v", i, got, tc.want)
		}
	}
}

func TestLoadCookieDBErrors(t *testing.T) {
	row := func(category, name, wildcard string) string {
		return fmt.Sprintf("id,Vendor,%s,%s,domain,description,1 year,Vendor,N/A,%s\n", category, name, wildcard)
	}
	for i, tc := range []struct {
		input   string
		wantErr string
	}{
		{"", "cookie database is empty"},
		{"\uFEFF", "cookie database is empty"},
		{"ID,Platform,Category,Domain\n", `header lacks the column(s) "Cookie / Data Key name", "Wildcard match"`},
		{"just,some,csv\n1,2,3\n", "line 1: header lacks"},
		{cookieDBHeader + row("Analytics", "a", "0") + row("Advertising", "b", "0"), `line 3: unknown category "Advertising"`},
		{cookieDBHeader + row("", "a", "0"), `line 2: unknown category ""`},
		{cookieDBHeader + row("Analytics", "a", "yes"), `line 2: wildcard match "yes", want 0 or 1`},
		{cookieDBHeader + "id,Vendor,Analytics\n", "line 2: 3 fields, want at least 10"},
		{cookieDBHeader + row("Analytics", "a", "0") + `id,Vendor,Analytics,a"b,d,x,r,V,N/A,0` + "\n", `line 3: bare " in non-quoted-field`},
		{cookieDBHeader + "id,Vendor,Analytics,\"unterminated,d\n", "line 2"},
		// Line numbers count the lines of a quoted multi-line field.
		{cookieDBHeader + "id,V,Analytics,a,d,\"two\nlines\",r,V,N/A,0\n" + row("Ads", "b", "0"), `line 4: unknown category "Ads"`},
	} {
		_, err := LoadCookieDB(strings.NewReader(tc.input))
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("Test %d: LoadCookieDB error = %v, want one containing %q", i, err, tc.wantErr)
		}
	}
}

func TestLoadCookieDBBounds(t *testing.T) {
	// Exactly the row limit is fine; one more is refused.
	var buf bytes.Buffer
	buf.WriteString(cookieDBHeader)
	for i := range maxCookieDBRows {
		fmt.Fprintf(&buf, "%d,V,Analytics,c%d,d,x,r,V,N/A,0\n", i, i)
	}
	rules, err := LoadCookieDB(bytes.NewReader(buf.Bytes()))
	if err != nil || len(rules) != maxCookieDBRows {
		t.Errorf("LoadCookieDB of %d rows = %d rules, %v; want all of them", maxCookieDBRows, len(rules), err)
	}
	buf.WriteString("x,V,Analytics,one_more,d,x,r,V,N/A,0\n")
	if _, err := LoadCookieDB(bytes.NewReader(buf.Bytes())); err == nil || !strings.Contains(err.Error(), "more than 100000 rows") {
		t.Errorf("LoadCookieDB of %d rows: error = %v, want the row limit", maxCookieDBRows+1, err)
	}

	// An endless file is cut at the byte limit, with an error.
	endless := io.MultiReader(strings.NewReader(cookieDBHeader+`1,V,Analytics,"`), endlessReader{})
	if _, err := LoadCookieDB(endless); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("LoadCookieDB of an endless file: error = %v, want the byte limit", err)
	}
}

// endlessReader reads endless 'a' bytes.
type endlessReader struct{}

func (endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func FuzzLoadCookieDB(f *testing.F) {
	if b, err := os.ReadFile("testdata/cookiedb-sample.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(cookieDBHeader))
	f.Add([]byte("\uFEFF" + cookieDBHeader + "1,V,Marketing,a<b>c<d>,x,y,z,V,N/A,1\n"))
	f.Add([]byte("Platform,Category,Cookie / Data Key name,Wildcard match\nV,Security,/x*,0\n"))
	f.Add([]byte("Platform,Category,Cookie / Data Key name,Wildcard match\nV,Analytics,\"a\nb\",1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := LoadCookieDB(bytes.NewReader(data))
		if err != nil {
			if rules != nil {
				t.Errorf("LoadCookieDB returned rules with error %v", err)
			}
			return
		}
		for _, r := range rules {
			if err := ParseCookiePattern(r.Pattern); err != nil {
				t.Fatalf("LoadCookieDB produced an invalid pattern: %v", err)
			}
			if r.Purpose == purpose.Unknown || r.Purpose > purpose.Social {
				t.Fatalf("LoadCookieDB produced purpose %v for %q", r.Purpose, r.Pattern)
			}
		}
		c, err := NewCookieClassifier(nil, rules)
		if err != nil {
			t.Fatalf("NewCookieClassifier refused LoadCookieDB's rules: %v", err)
		}
		for _, r := range rules {
			c.Classify(strings.Trim(r.Pattern, "/*^$"))
		}
	})
}
