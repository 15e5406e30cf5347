package classify

import (
	"strings"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

const year = 365 * 24 * time.Hour

// TestClassifyCookieHeuristics: every heuristic, its false positives, and
// the precedence between them and the rules by name.
func TestClassifyCookieHeuristics(t *testing.T) {
	c := mustClassifier(t, []CookieRule{{Pattern: "_zz_op", Purpose: purpose.Functional, Vendor: "Operator"}}, nil)
	server := func(value string, httpOnly bool, maxAge time.Duration) CookieFacts {
		return CookieFacts{Value: value, SetBy: SetByServer, HttpOnly: httpOnly, MaxAge: maxAge}
	}
	for _, tc := range []struct {
		name    string
		cookie  string
		facts   CookieFacts
		purpose purpose.Purpose
		vendor  string
		rule    string // a prefix of the decision's rule
	}{
		// Value shapes name the vendor whatever the name.
		{"GA1 under another name", "_zz_vid", server("GA1.2.123456789.1700000000", false, year), purpose.Analytics, "Google Analytics", "heuristic: value shape GA1. (Google Analytics)"},
		{"GA1 quoted", "_zz_vid", CookieFacts{Value: `"GA1.1.123.1700000000"`}, purpose.Analytics, "Google Analytics", "heuristic: value shape GA1."},
		{"GA4 session GS1", "_zz_s", CookieFacts{Value: "GS1.1.1700000000.1.1.1700000100.0.0.0"}, purpose.Analytics, "Google Analytics", "heuristic: value shape GS1."},
		{"GA4 session GS2", "_zz_s", CookieFacts{Value: "GS2.1.s1700000000$o1$g1$t1700000100$j60$l0$h0"}, purpose.Analytics, "Google Analytics", "heuristic: value shape GS2."},
		{"Universal Analytics __utma shape", "utm_copy", CookieFacts{Value: "123456789.987654321.1700000000.1700000001.1700000002.3"}, purpose.Analytics, "Google Analytics", "heuristic: value shape /^"},
		{"Meta fbp", "px", CookieFacts{Value: "fb.1.1596403881668.1116446470"}, purpose.Retargeting, "Meta Pixel", "heuristic: value shape fb."},
		{"Meta fbc", "click", CookieFacts{Value: "fb.1.1554763741205.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk"}, purpose.Retargeting, "Meta Pixel", "heuristic: value shape fb."},
		{"Google Ads GCL", "conv", CookieFacts{Value: "GCL.1700000000.Cj0KCQiA"}, purpose.Retargeting, "Google Ads", "heuristic: value shape GCL."},
		{"Matomo visitor id", "stats", CookieFacts{Value: "a1b2c3d4e5f6a7b8.1700000000."}, purpose.Analytics, "Matomo", "heuristic: value shape"},
		{"HubSpot hstc", "hs", CookieFacts{Value: "37135011.0123456789abcdef0123456789abcdef.1700000000000.1700000000000.1700000000000.1"}, purpose.Analytics, "HubSpot", "heuristic: value shape"},
		{"Adobe s_vi", "adobe", CookieFacts{Value: "[CS]v1|2F1234567890ABCD-6000012345678901[CE]"}, purpose.Analytics, "Adobe Analytics", "heuristic: value shape [CS]v1|"},
		{"value shape over HttpOnly", "_zz_srv", server("GA1.2.123.1700000000", true, year), purpose.Analytics, "Google Analytics", "heuristic: value shape GA1."},

		// Who set it.
		{"HttpOnly server cookie", "app_state", server("opaque", true, 0), purpose.Necessary, "", ruleHttpOnly},
		{"HttpOnly persistent random id", "device", server("Zm9vYmFyYmF6cXV1eDEyMzQ1Njc4OTA", true, year), purpose.Necessary, "", ruleHttpOnly},
		{"server cookie without HttpOnly", "app_state", server("opaque", false, 0), purpose.Unknown, "", ""},

		// Attribution after consent.
		{"only after consent", "_zz_js", CookieFacts{Value: "x", SetBy: SetByScript, OnlyAfter: purpose.Analytics}, purpose.Analytics, "", "heuristic: appears only after consent to analytics"},
		{"value shape over attribution", "_zz_js", CookieFacts{Value: "fb.1.1596403881668.1", SetBy: SetByScript, OnlyAfter: purpose.Analytics}, purpose.Retargeting, "Meta Pixel", "heuristic: value shape fb."},

		// High-entropy persistent ids.
		{"persistent UUID", "_zz_uid", server("3f2504e0-4f89-11d3-9a0c-0305e82c3301", false, year), purpose.Analytics, "", ruleHighEntropyID},
		{"persistent long hex", "_zz_uid", server("9f8e7d6c5b4a39281706f5e4d3c2b1a0", false, 90*24*time.Hour), purpose.Analytics, "", ruleHighEntropyID},
		{"persistent base64 token", "_zz_uid", server("Zm9vYmFyYmF6cXV1eDEyMzQ1Njc4OTA", false, year), purpose.Analytics, "", ruleHighEntropyID},
		{"quoted UUID (percent-encoded)", "_zz_anon", server("%223f2504e0-4f89-11d3-9a0c-0305e82c3301%22", false, year), purpose.Analytics, "", ruleHighEntropyID},

		// False positives: none of these is flagged.
		{"session id", "_zz_uid", server("9f8e7d6c5b4a39281706f5e4d3c2b1a0", false, 0), purpose.Unknown, "", ""},
		{"short-lived id", "_zz_uid", server("9f8e7d6c5b4a39281706f5e4d3c2b1a0", false, 7*24*time.Hour), purpose.Unknown, "", ""},
		{"CSRF token", "my_csrf", server("kX9vQ2pLmN3rT5wY7zA1bC4dE6fG8hJ0", false, year), purpose.Unknown, "", ""},
		{"session-named id", "AppSession", server("kX9vQ2pLmN3rT5wY7zA1bC4dE6fG8hJ0", false, year), purpose.Unknown, "", ""},
		{"JSON preference", "prefs", server(`{"theme":"dark","lang":"en"}`, false, year), purpose.Unknown, "", ""},
		{"percent-encoded JSON", "prefs", server("%7B%22theme%22%3A%22dark%22%7D", false, year), purpose.Unknown, "", ""},
		{"short value", "seen", server("1", false, year), purpose.Unknown, "", ""},
		{"timestamp", "last_visit", server("1700000000123", false, year), purpose.Unknown, "", ""},
		{"word", "layout", server("compactlayoutwithsidebar", false, year), purpose.Unknown, "", ""},
		{"dotted version", "app_version", server("1.2.3.4567890123", false, year), purpose.Unknown, "", ""},
		{"JWT", "id_jwt", server("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", false, year), purpose.Unknown, "", ""},
		{"low-entropy hex", "flags", server("0000000000000000000001", false, year), purpose.Unknown, "", ""},

		// Rules by name win over every heuristic.
		{"name rule over value shape", "PHPSESSID", server("GA1.2.123.1700000000", false, year), purpose.Necessary, "PHP", "PHPSESSID"},
		{"name rule over entropy", "_ga", server("3f2504e0-4f89-11d3-9a0c-0305e82c3301", false, year), purpose.Analytics, "Google Analytics", "_ga"},
		{"operator rule over value shape", "_zz_op", server("fb.1.1596403881668.1", false, year), purpose.Functional, "Operator", "_zz_op"},
		{"no facts is Classify", "_zz_none", CookieFacts{}, purpose.Unknown, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := c.ClassifyCookie(tc.cookie, tc.facts)
			if d.Purpose != tc.purpose || d.Vendor != tc.vendor || !strings.HasPrefix(d.Rule, tc.rule) || (tc.rule == "") != (d.Rule == "") {
				t.Errorf("ClassifyCookie(%q, %+v) = %+v, want %v, vendor %q, rule %q…", tc.cookie, tc.facts, d, tc.purpose, tc.vendor, tc.rule)
			}
			if heuristic := strings.HasPrefix(tc.rule, "heuristic: "); heuristic != (d.Source == sourceHeuristic) {
				t.Errorf("source %q for rule %q", d.Source, d.Rule)
			}
		})
	}
}

// valueShapeExamples are values of the vendors of kb/values.tsv, at least
// one for each value row.
var valueShapeExamples = []string{
	"GA1.2.123456789.1700000000",
	"GS1.1.1700000000.1.1.1700000100.0.0.0",
	"GS2.1.s1700000000$o1$g1$t1700000100$j60$l0$h0",
	"FPID2.2.abcDEF123%3D.1700000000",
	"123456789.987654321.1700000000.1700000001.1700000002.3",
	"123456789.1700000000.1.1.utmcsr=google|utmccn=(organic)",
	"GCL.1700000000.Cj0KCQiA",
	"1.1700000000.Cj0KCQiAabc",
	"fb.1.1596403881668.1116446470",
	"a1b2c3d4e5f6a7b8.1700000000.",
	"37135011.0123456789abcdef0123456789abcdef.1700000000000.1700000000000.1700000000000.1",
	"[CS]v1|2F1234567890ABCD-6000012345678901[CE]",
	"-1124106680%7CMCIDTS%7C19700%7CMCMID%7C123",
	"1x2y3z|1700000000000|1|1|a.clarity.ms/collect",
	"_uet0123456789abcdef0123456789abcdef",
	"3f2504e0-4f89-11d3-9a0c-0305e82c3301.1700000000.1.1700000001.1700000002.x",
	"oeu1700000000000r0.123",
	"id:123-ABC-456&token:_mch-example.com-1700000000000-12345",
}

// TestValueShapesMatchExamples: every value row matches at least the
// example the tests hold for it, so a row cannot rot into matching nothing.
func TestValueShapesMatchExamples(t *testing.T) {
	for _, s := range mustBuiltinKB().values {
		t.Run(s.re.String(), func(t *testing.T) {
			for _, e := range valueShapeExamples {
				if s.re.MatchString(e) {
					return
				}
			}
			t.Errorf("value row %s matches none of the examples: add one", s.re)
		})
	}
}

// TestLintValueShapes: the lint refuses a value row of a vendor no cookie
// row names with that purpose, and one that matches a generic value.
func TestLintValueShapes(t *testing.T) {
	const head = "kind\tpattern\tpurpose\tvendor\toptions\tnote\n" +
		"cookie\t_nw\tanalytics\tNorthwind\n"
	for _, tc := range []struct {
		name, row, want string
	}{
		{"good", "value\t/^NW1\\.\\d{10}$/\tanalytics\tNorthwind\n", ""},
		{"unknown vendor", "value\t/^NW1\\./\tanalytics\tSouthwind\n", "no cookie row names this vendor"},
		{"other purpose", "value\t/^NW1\\./\tretargeting\tNorthwind\n", "no cookie row names this vendor"},
		{"generic", "value\t/^[0-9a-f-]{36}$/\tanalytics\tNorthwind\n", "matches the generic value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := parseRuleRows(strings.NewReader(head+tc.row), "t.tsv", true)
			if err != nil {
				t.Fatal(err)
			}
			errs := strings.Join(lintKnowledgeBase(rows), "\n")
			if (tc.want == "") != (errs == "") || !strings.Contains(errs, tc.want) {
				t.Errorf("lint = %q, want %q", errs, tc.want)
			}
		})
	}
}

// TestValueRows: an operator's rules file cannot hold value
// rows, and a value pattern must be an anchored regular expression.
func TestValueRows(t *testing.T) {
	for _, tc := range []struct {
		name, row string
		builtin   bool
		want      string
	}{
		{"operator file", "value\t/^NW1\\./\tanalytics\tNorthwind\n", false, "reserved for the built-in"},
		{"not a regexp", "value\tNW1.\tanalytics\tNorthwind\n", true, "anchored at the start"},
		{"unanchored", "value\t/NW1\\./\tanalytics\tNorthwind\n", true, "anchored at the start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseRuleRows(strings.NewReader("kind\tpattern\tpurpose\tvendor\toptions\tnote\n"+tc.row), "t.tsv", tc.builtin)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCookieMemory: attribution after consent and what the server set.
func TestCookieMemory(t *testing.T) {
	const (
		nothing   = uint8(0)
		analytics = uint8(1 << purpose.Analytics)
		all       = uint8(1<<purpose.Functional | 1<<purpose.Analytics | 1<<purpose.Beacon | 1<<purpose.Retargeting | 1<<purpose.Social)
		adsOnly   = uint8(1 << purpose.Retargeting)
	)
	type visit struct {
		granted uint8
		n       int
		cookie  bool // the cookie arrives in these requests
	}
	for _, tc := range []struct {
		name   string
		visits []visit
		want   purpose.Purpose
	}{
		{"only with analytics granted", []visit{{nothing, 30, false}, {analytics, 25, true}}, purpose.Analytics},
		{"most restrictive of what all granted", []visit{{nothing, 30, false}, {all, 25, true}}, purpose.Retargeting},
		{"narrowed by a visitor granting less", []visit{{nothing, 30, false}, {all, 25, true}, {analytics, 1, true}}, purpose.Analytics},
		{"one sighting without consent ends it", []visit{{nothing, 30, false}, {analytics, 25, true}, {nothing, 1, true}, {analytics, 50, true}}, purpose.Unknown},
		{"too few sightings", []visit{{nothing, 30, false}, {analytics, MinSightings - 1, true}}, purpose.Unknown},
		{"no visitor ever withheld it", []visit{{all, 100, true}}, purpose.Unknown},
		{"disjoint grants", []visit{{nothing, 30, false}, {analytics, 25, true}, {adsOnly, 25, true}}, purpose.Unknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewCookieMemory(0)
			var f CookieFacts
			for _, v := range tc.visits {
				for range v.n {
					m.SawRequest(v.granted)
					if v.cookie {
						f = m.RequestFacts("_zz_js", "abc", v.granted)
					}
				}
			}
			if f.SetBy != SetByScript || f.OnlyAfter != tc.want {
				t.Errorf("facts = %+v, want set by script, only after %v", f, tc.want)
			}
		})
	}
	t.Run("server cookie", func(t *testing.T) {
		m := NewCookieMemory(0)
		m.SawSetCookie("sid", CookieFacts{SetBy: SetByServer, HttpOnly: true, MaxAge: time.Hour})
		f := m.RequestFacts("sid", "v", 0)
		if f != (CookieFacts{Value: "v", SetBy: SetByServer, HttpOnly: true, MaxAge: time.Hour}) {
			t.Errorf("facts = %+v", f)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		m := NewCookieMemory(2)
		for _, n := range []string{"a", "b", "c"} {
			m.SawSetCookie(n, CookieFacts{HttpOnly: true})
			m.RequestFacts("js_"+n, "v", 0)
		}
		if len(m.server) != 2 || len(m.script) != 2 {
			t.Errorf("kept %d server and %d script names, want 2 and 2", len(m.server), len(m.script))
		}
		if f := m.RequestFacts("c", "v", 0); f.SetBy != SetByScript {
			t.Errorf("a server name past the bound: %+v", f)
		}
	})
}

// FuzzCookieValueHeuristics: the value readers never panic, are
// deterministic, and an id-shaped value has only token characters.
func FuzzCookieValueHeuristics(f *testing.F) {
	for _, s := range []string{"", `""`, "%22%22", "GA1.2.1.1700000000", "fb.1.1596403881668.1", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
		"Zm9vYmFyYmF6cXV1eDEyMzQ1Njc4OTA=", `{"a":1}`, "\xff\xfe", strings.Repeat("a1", 3000)} {
		f.Add(s)
	}
	c, err := NewCookieClassifier(nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d1, ok1 := matchValueShape(mustBuiltinKB().values, v)
		d2, ok2 := matchValueShape(mustBuiltinKB().values, v)
		if ok1 != ok2 || d1 != d2 {
			t.Fatalf("matchValueShape(%q) not deterministic", v)
		}
		if ok1 && (d1.Source != sourceHeuristic || d1.Vendor == "") {
			t.Fatalf("matchValueShape(%q) = %+v", v, d1)
		}
		if idShaped(v) {
			if u := unquoteValue(v); strings.Trim(u, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_+/=") != "" {
				t.Fatalf("idShaped(%q) with other characters", v)
			}
		}
		d := c.ClassifyCookie("_zz_fuzz", CookieFacts{Value: v, SetBy: SetByServer, MaxAge: year})
		if d.Purpose != purpose.Unknown && d.Source != sourceHeuristic {
			t.Fatalf("ClassifyCookie(%q) = %+v", v, d)
		}
	})
}

// BenchmarkCookieHeuristic times the heuristics over values of cookies no
// rule knows by name: the common case, a value of no vendor's shape, as a
// request cookie (no lifetime known) and as a persistent Set-Cookie line
// (the id test runs too).
func BenchmarkCookieHeuristic(b *testing.B) {
	c := mustClassifier(b, nil, nil)
	values := []string{
		"en", "compact", "abc", "%7B%22dark%22%3Atrue%7D", "eyJpZCI6IjEyMyJ9", "1700000000123",
		"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "GA1.2.123456789.1700000000",
	}
	for _, bc := range []struct {
		name  string
		facts CookieFacts
	}{
		{"request", CookieFacts{SetBy: SetByScript}},
		{"persistent", CookieFacts{SetBy: SetByServer, MaxAge: year}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, v := range values {
					f := bc.facts
					f.Value = v
					c.Heuristic("_zz_pref", f)
				}
			}
		})
	}
}

// TestSoundsNecessary: a word of necessaryWords anywhere in the first 64
// bytes of a name, in any case.
func TestSoundsNecessary(t *testing.T) {
	pad := strings.Repeat("x", 60)
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"PHPSESSID", true},
		{"my_csrf", true},
		{"XSRF-TOKEN", true},
		{"wp_woocommerce_cart", true},
		{"cookieConsent", true},
		{"s", false},
		{"se", false},
		{"theme", false},
		{"currency_pref", false},
		{"", false},
		{pad + "gdpr", true},      // ends at byte 64
		{pad + "xxxxgdpr", false}, // past byte 64
		{pad + "xgdpr", false},    // straddles byte 64
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := soundsNecessary(tc.name); got != tc.want {
				t.Errorf("soundsNecessary(%q) = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}
