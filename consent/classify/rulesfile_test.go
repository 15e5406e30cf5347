package classify

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

const rulesHeaderLine = "kind\tpattern\tpurpose\tvendor\toptions\tnote\n"

func TestParseRules(t *testing.T) {
	in := "\uFEFF# the site's own rules\n\n" + rulesHeaderLine +
		"cookie\tsession_token\tnecessary\tExample Shop\r\n" +
		"cookie\t_ga\tnecessary\tExample Shop\t\tour own measurement, kept\n" +
		"host\tstats.example.com/collect\tbeacon\tExample Shop\n" +
		"  # an indented comment\n" +
		"script\tacme.init(\tanalytics\tAcme\tsmall\n" +
		"script\tacmeTag\tretargeting\tAcme\tsmall, with=cdn.acme.example\tloader and id\n"
	got, err := ParseRules(strings.NewReader(in), "rules.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := Rules{
		Cookies: []CookieRule{{"session_token", purpose.Necessary, "Example Shop"}, {"_ga", purpose.Necessary, "Example Shop"}},
		Hosts:   []HostRule{{Pattern: "stats.example.com/collect", Purpose: purpose.Beacon, Vendor: "Example Shop"}},
		Scripts: []ScriptRule{
			{Spec: "acme.init(", Purpose: purpose.Analytics, Vendor: "Acme", Small: true},
			{Spec: "acmeTag", Purpose: purpose.Retargeting, Vendor: "Acme", Small: true, With: "cdn.acme.example"},
		},
	}
	if len(got.Cookies) != 2 || got.Cookies[0] != want.Cookies[0] || got.Cookies[1] != want.Cookies[1] {
		t.Errorf("cookies = %+v, want %+v", got.Cookies, want.Cookies)
	}
	if len(got.Hosts) != 1 || got.Hosts[0] != want.Hosts[0] {
		t.Errorf("hosts = %+v, want %+v", got.Hosts, want.Hosts)
	}
	if len(got.Scripts) != 2 || got.Scripts[0] != want.Scripts[0] || got.Scripts[1] != want.Scripts[1] {
		t.Errorf("scripts = %+v, want %+v", got.Scripts, want.Scripts)
	}
}

func TestParseRulesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "rules.tsv: no header row"},
		{"only comments", "# nothing\n\n", "rules.tsv: no header row"},
		{"bad header", "pattern\tpurpose\n", "rules.tsv:1: the first row must be the header"},
		{"header with spaces", "kind pattern purpose vendor options note\n", "rules.tsv:1: the first row must be the header"},
		{"spaces not tabs", rulesHeaderLine + "cookie _ga analytics Google\n", "rules.tsv:2: no tab in the row"},
		{"too few columns", rulesHeaderLine + "cookie\t_ga\tanalytics\n", "rules.tsv:2: 3 columns"},
		{"too many columns", rulesHeaderLine + "cookie\t_ga\tanalytics\tGoogle\t\tnote\textra\n", "rules.tsv:2: 7 columns"},
		{"unknown kind", rulesHeaderLine + "cookies\t_ga\tanalytics\tGoogle\n", `rules.tsv:2: unknown kind "cookies": write cookie, host or script`},
		{"unknown purpose", rulesHeaderLine + "cookie\t_ga\tstats\tGoogle\n", `rules.tsv:2: unknown purpose "stats"`},
		{"purpose unknown", rulesHeaderLine + "cookie\t_ga\tunknown\tGoogle\n", `rules.tsv:2: purpose "unknown" cannot be assigned`},
		{"no vendor", rulesHeaderLine + "\n# x\ncookie\t_ga\tanalytics\t\n", "rules.tsv:4: cookie \"_ga\" has no vendor"},
		{"bad cookie", rulesHeaderLine + "cookie\t*\tanalytics\tX\n", `rules.tsv:2: cookie pattern "*" alone`},
		{"bad host", rulesHeaderLine + "host\thttps://x.example\tanalytics\tX\n", "rules.tsv:2: URL pattern \"https://x.example\" includes a scheme"},
		{"cookie options", rulesHeaderLine + "cookie\tx\tanalytics\tX\tsmall\n", "rules.tsv:2: options \"small\": only script rows take options"},
		{"unknown option", rulesHeaderLine + "script\t_x\tanalytics\tX\tbig\n", `rules.tsv:2: unknown or repeated option "big"`},
		{"repeated with", rulesHeaderLine + "script\t_x\tanalytics\tX\twith=a,with=b\n", `unknown or repeated option "with=b"`},
		{"empty with", rulesHeaderLine + "script\t_x\tanalytics\tX\twith=\n", "write the text that must also occur"},
		{"gtag reserved", rulesHeaderLine + "script\t_x\tanalytics\tX\tgtag=id\n", "gtag is reserved"},
		{"no anchor", rulesHeaderLine + "script\t~'~\tanalytics\tX\n", "no anchor byte"},
		{"duplicate", rulesHeaderLine + "cookie\t_x\tanalytics\tX\nhost\t_x.example\tanalytics\tX\ncookie\t_x\tsocial\tY\n", `rules.tsv:4: cookie pattern "_x" is already listed on line 2`},
		{"long line", rulesHeaderLine + "cookie\t" + strings.Repeat("a", maxRulesLineLen) + "\tanalytics\tX\n", "rules.tsv:2: line is longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRules(strings.NewReader(tc.in), "rules.tsv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseRules error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestParseRulesBounds(t *testing.T) {
	t.Run("bytes", func(t *testing.T) {
		_, err := ParseRules(io.MultiReader(strings.NewReader(rulesHeaderLine), new(commentLines)), "big.tsv")
		if err == nil || !strings.Contains(err.Error(), "big.tsv is larger than") {
			t.Errorf("endless input: %v, want a size error naming the file", err)
		}
	})
	t.Run("rows", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(rulesHeaderLine)
		for i := 0; i <= maxRulesFileRows; i++ {
			b.WriteString("cookie\tc" + strconv.Itoa(i) + "\tanalytics\tX\n")
		}
		_, err := ParseRules(strings.NewReader(b.String()), "many.tsv")
		if err == nil || !strings.Contains(err.Error(), "more than 100000 rules") {
			t.Errorf("too many rows: %v", err)
		}
	})
}

// commentLines is an endless rules file of comment lines.
type commentLines struct{ n int }

func (c *commentLines) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "# x\n"[c.n%4]
		c.n++
	}
	return len(p), nil
}

func TestLoadRulesFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "site.tsv")
	if err := os.WriteFile(p, []byte(rulesHeaderLine+"cookie\tsid\tnecessary\tSite\nhost\tbroken\tanalytic\tSite\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRulesFile(p); err == nil || !strings.HasPrefix(err.Error(), p+":3: ") {
		t.Errorf("LoadRulesFile error = %v, want one starting with %q", err, p+":3: ")
	}
	if _, err := LoadRulesFile(filepath.Join(dir, "missing.tsv")); err == nil || !strings.Contains(err.Error(), "missing.tsv") {
		t.Errorf("missing file: %v, want an error naming it", err)
	}
}

// TestOperatorRulesWin checks that rules from a file are in the operator
// tier: they win over the built-in knowledge base, for cookies, URLs and
// inline scripts.
func TestOperatorRulesWin(t *testing.T) {
	rules, err := ParseRules(strings.NewReader(rulesHeaderLine+
		"cookie\t_ga\tnecessary\tSite\n"+
		"host\t*.google-analytics.com\tfunctional\tSite\n"+
		"script\tfbq(~'init'\tfunctional\tSite\n"+
		"script\tacme.init(\tanalytics\tAcme\n"), "rules.tsv")
	if err != nil {
		t.Fatal(err)
	}
	cc, uc, err := NewClassifiers(rules, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cc.Classify("_ga"); d != (Decision{Purpose: purpose.Necessary, Vendor: "Site", Rule: "_ga", Source: sourceOperator}) {
		t.Errorf("cookie _ga: %+v", d)
	}
	if d := classifyRawURL(t, uc, "https://www.google-analytics.com/analytics.js"); d.Source != sourceOperator || d.Purpose != purpose.Functional {
		t.Errorf("URL: %+v", d)
	}
	for _, tc := range []struct {
		name, script string
		want         Decision
		ok           bool
	}{
		{"operator token over built-in", "fbq('init', '123');", Decision{Purpose: purpose.Functional, Vendor: "Site", Rule: "fbq('init'", Source: sourceOperator}, true},
		{"operator token, no built-in", "acme.init({id: 1})", Decision{Purpose: purpose.Analytics, Vendor: "Acme", Rule: "acme.init(", Source: sourceOperator}, true},
		{"built-in still applies", "_linkedin_partner_id = '1';", Decision{Purpose: purpose.Retargeting, Vendor: "LinkedIn Insight Tag", Rule: "_linkedin_partner_id", Source: sourceBuiltin}, true},
		{"first party", "console.log(1)", Decision{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := uc.ClassifyInlineScript([]byte(tc.script))
			if ok != tc.ok || d != tc.want {
				t.Errorf("ClassifyInlineScript(%q) = %+v, %v; want %+v, %v", tc.script, d, ok, tc.want, tc.ok)
			}
		})
	}
	if uc.SignatureCount() != len(mustBuiltinKB().scripts) {
		t.Errorf("SignatureCount() = %d counts operator tokens", uc.SignatureCount())
	}
}

func TestNewClassifiersErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rules Rules
		want  string
	}{
		{"cookie", Rules{Cookies: []CookieRule{{Pattern: "", Purpose: purpose.Analytics}}}, "operator cookie rule 1"},
		{"host", Rules{Hosts: []HostRule{{Pattern: "a b", Purpose: purpose.Analytics}}}, "operator URL rule 1"},
		{"script", Rules{Scripts: []ScriptRule{{Spec: "_x", Vendor: "X"}}}, "operator script rule: signature \"_x\" needs a purpose and a vendor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := NewClassifiers(tc.rules, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewClassifiers error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestCompileSignaturesKeepsFirstListing(t *testing.T) {
	m, err := compileSignatures([]ScriptRule{
		{Spec: "_abc", Purpose: purpose.Analytics, Vendor: "V"},
		{Spec: "_abc", Purpose: purpose.Social, Vendor: "W"},
	}, sourceOperator, false)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := m.classify([]byte("_abc")); !ok || d.Vendor != "V" || len(m.all) != 1 {
		t.Errorf("classify = %+v, %v with %d tokens; want vendor V, one token", d, ok, len(m.all))
	}
}

func FuzzParseRules(f *testing.F) {
	f.Add(rulesHeaderLine + "cookie\t_ga\tanalytics\tGoogle Analytics\n")
	f.Add(rulesHeaderLine + "host\t*.example.com/x/?id=G-\tbeacon\tX\t\tnote\n")
	f.Add(rulesHeaderLine + "script\tfbq(~'init'\tretargeting\tMeta\tsmall,with=connect.facebook.net\n")
	f.Add("\uFEFF# c\r\n" + rulesHeaderLine + "cookie\t/^a[0-9]+$/\tnecessary\tA\r\n")
	f.Add(rulesHeaderLine + "script\tym(~#,~'init'\tanalytics\tY\tsmall\n")
	f.Add("kind\tpattern\n")
	f.Fuzz(func(t *testing.T, in string) {
		rules, err := ParseRules(strings.NewReader(in), "f.tsv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.tsv") {
				t.Errorf("error %q does not start with the file name", err)
			}
			return
		}
		// Whatever parses builds classifiers.
		if _, _, err := NewClassifiers(rules, nil); err != nil {
			t.Errorf("parsed rules refused by NewClassifiers: %v", err)
		}
	})
}
