package caddymodule

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

func TestUnmarshalCaddyfile(t *testing.T) {
	off := false
	for _, tc := range []struct {
		name  string
		input string
		want  Handler
	}{
		{name: "empty", input: `consent`, want: Handler{}},
		{name: "empty block", input: "consent {\n}", want: Handler{}},
		{name: "options", input: `consent {
			mode opt_out
			policy_version 7
			keys ` + optTestHash + " " + optTestBlock + `
			cookie nw_* functional Northwind Health
			host cdn.example.net beacon
			rules testdata/rules.tsv
			rules testdata/rules.tsv
			sensitive_paths /a/* /b
			sensitive_paths /c
			max_age 30d
			cookie_name pc
			unknown_cookies block
			honor_gpc off
			state_header X-State
			base_path /choices
			describe Analytics We count.
			color 0b5cad
			debug
		}`, want: Handler{
			Mode: "opt_out", PolicyVersion: "7", Keys: []KeyPairConfig{{Hash: optTestHash, Block: optTestBlock}},
			Cookies:        []CookieRuleConfig{{Pattern: "nw_*", Purpose: "functional", Vendor: "Northwind Health"}},
			Hosts:          []HostRuleConfig{{Pattern: "cdn.example.net", Purpose: "beacon"}},
			Rules:          []string{"testdata/rules.tsv", "testdata/rules.tsv"},
			SensitivePaths: []string{"/a/*", "/b", "/c"}, MaxAge: caddy.Duration(30 * 24 * time.Hour), CookieName: "pc",
			UnknownCookies: "block", HonorGPC: &off, StateHeader: "X-State", BasePath: "/choices",
			Descriptions: map[string]string{"analytics": "We count."}, Color: "#0b5cad", Debug: true,
		}},
		{name: "honor_gpc alone is on", input: "consent {\n honor_gpc\n}", want: Handler{HonorGPC: func() *bool { b := true; return &b }()}},
		{name: "quoted color", input: "consent {\n color \"#abc\"\n}", want: Handler{Color: "#abc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h Handler
			if err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.input)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(h, tc.want) {
				t.Errorf("\n got %+v\nwant %+v", h, tc.want)
			}
		})
	}
}

// badCase is a Caddyfile option the parser refuses. Unless syntax is set,
// the same value written in JSON must be refused by Validate too, with the
// same words.
type badCase struct {
	name   string
	option string // the lines inside `consent { … }`; {tmp} is a directory holding a regular file "file"
	input  string // instead of option: the whole directive
	want   string // a part of the error
	syntax bool   // refused for its form (argument count, duplicate…), which JSON cannot express
	line   int    // the line the error names; 0 means 2, the option's line
}

var badCases = []badCase{
	// Refused for their form.
	{name: "directive argument", input: "consent opt_in", want: "unexpected argument", syntax: true, line: 1},
	{name: "mode without argument", option: "mode", want: "mode: wrong number of arguments; write: mode opt_in|opt_out", syntax: true},
	{name: "keys unpaired", option: "keys abc", want: "keys: wrong number of arguments; write: keys <hash> <block>", syntax: true},
	{name: "cookie without purpose", option: "cookie _ga", want: "write: cookie <name|prefix*|/regex/> <purpose> [<vendor>]", syntax: true},
	{name: "host without purpose", option: "host cdn.example.com", want: "write: host ", syntax: true},
	{name: "first_party without argument", option: "first_party", want: "write: first_party <host[/path]|*.host[/path]...>", syntax: true},
	{name: "rules without file", option: "rules", want: "write: rules <file>", syntax: true},
	{name: "rules two files on a line", option: "rules a.tsv b.tsv", want: "write: rules <file>", syntax: true},
	{name: "sensitive_paths without path", option: "sensitive_paths", want: "write: sensitive_paths <path...>", syntax: true},
	{name: "max_age not a duration", option: "max_age forever", want: `max_age: "forever" is not a duration`, syntax: true},
	{name: "receipt_retention not a duration", option: "receipt_retention two", want: `receipt_retention: "two" is not a duration`, syntax: true},
	{name: "honor_gpc sometimes", option: "honor_gpc sometimes", want: "honor_gpc: write on or off", syntax: true},
	{name: "debug with argument", option: "debug yes", want: "debug takes no argument", syntax: true},
	{name: "show_link with argument", option: "show_link yes", want: "show_link takes no argument", syntax: true},
	{name: "site_name without name", option: "site_name", want: "site_name: wrong number of arguments", syntax: true},
	{name: "describe without text", option: "describe analytics", want: "write: describe <purpose> <text...>", syntax: true},
	{name: "color two values", option: "color 000 fff", want: "color: wrong number of arguments", syntax: true},
	{name: "unknown option", option: "bogus_option 1", want: `unrecognized consent option "bogus_option"; the options are mode, policy_version,`, syntax: true},
	{name: "given twice", option: "mode opt_in\nmode opt_out", want: "mode is given twice (first on line 2)", syntax: true, line: 3},
	{name: "option with a block", option: "debug {\nx\n}", want: "debug takes no block", syntax: true, line: 3},

	// Refused for their value, in JSON too.
	{name: "mode", option: "mode opt_maybe", want: `mode: unknown mode "opt_maybe" (want opt_in or opt_out)`},
	{name: "keys not base64", option: "keys !!!! YWJj", want: "keys[0]: hash key: not valid base64 (generate a pair with: head -c 64"},
	{name: "keys too short", option: "keys YWJj YWJj", want: "keys[0]: hash key is 3 bytes, want 32 or 64"},
	{name: "second key pair", option: "keys " + optTestHash + " " + optTestBlock + " " + optTestHash + " YWJj", want: "keys[1]: block key is 3 bytes"},
	{name: "cookie purpose", option: "cookie _ga marketing", want: `cookies[0].purpose: unknown purpose "marketing" (want one of: necessary, functional, analytics, beacon, retargeting, social)`},
	{name: "cookie purpose unknown", option: "cookie _ga unknown", want: `cookies[0].purpose: purpose "unknown" cannot be assigned`},
	{name: "cookie pattern", option: "cookie /[a-/ analytics", want: `cookies[0].pattern: cookie pattern "/[a-/"`},
	{name: "second cookie", option: "cookie _ga analytics\ncookie _gb nope", want: `cookies[1].purpose: unknown purpose "nope"`, line: 3},
	{name: "host pattern", option: "host https://x.com analytics", want: `hosts[0].pattern: `},
	{name: "host purpose", option: "host x.com ads", want: `hosts[0].purpose: unknown purpose "ads"`},
	{name: "first_party scheme", option: "first_party https://static.example-cdn.net", want: `first_party[0]: URL pattern "https://static.example-cdn.net" includes a scheme`},
	{name: "first_party second pattern", option: "first_party static.example-cdn.net *.example-*.net", want: `first_party[1]: URL pattern "*.example-*.net": '*' may only begin a host`},
	{name: "first_party on a second line", option: "first_party static.example-cdn.net\nfirst_party cdn.example.net:8443", want: `first_party[1]: URL pattern "cdn.example.net:8443": remove the port`, line: 3},
	{name: "first_party without host", option: "first_party /assets/", want: `first_party[0]: "/assets/" names no host; write the site's other domain`},
	{name: "proxy_assets URL", option: "proxy_assets https://fonts.gstatic.com", want: `proxy_assets[0]: "https://fonts.gstatic.com" is not a host name or *.host`},
	{name: "proxy_assets port", option: "proxy_assets fonts.gstatic.com cdn.example.net:443", want: `proxy_assets[1]: "cdn.example.net:443" is not a host name`},
	{name: "proxy_assets without argument", option: "proxy_assets", want: "write: proxy_assets <host|*.host...>", syntax: true},
	{name: "proxy_assets_upstream unlisted host", option: "proxy_assets fonts.gstatic.com *.example-cdn.net\nproxy_assets_upstream cdn.example.org https://127.0.0.1:9443", want: "proxy_assets_upstreams[cdn.example.org]: the host is not proxied; list the proxied hosts with proxy_assets first", line: 3},
	{name: "proxy_assets_upstream URL", option: "proxy_assets fonts.gstatic.com *.example-cdn.net\nproxy_assets_upstream fonts.gstatic.com ftp://mirror.example.org", want: `proxy_assets_upstreams[fonts.gstatic.com]: "ftp://mirror.example.org" is not an http(s) base URL`, line: 3},
	{name: "proxy_assets_upstream one argument", option: "proxy_assets fonts.gstatic.com *.example-cdn.net\nproxy_assets_upstream fonts.gstatic.com", want: "write: proxy_assets_upstream <host> <base URL>", syntax: true, line: 3},
	{name: "proxy_assets_ca not PEM", option: "proxy_assets fonts.gstatic.com *.example-cdn.net\nproxy_assets_ca testdata/rules.tsv", want: "proxy_assets_ca[0]: testdata/rules.tsv holds no PEM certificate", line: 3},
	{name: "proxy_assets_cache not a number", option: "proxy_assets fonts.gstatic.com *.example-cdn.net\nproxy_assets_cache 64MB", want: `"64MB" is not a number of bytes`, syntax: true, line: 3},
	{name: "proxy_assets_max_file over the cache", option: "proxy_assets fonts.gstatic.com *.example-cdn.net\nproxy_assets_cache 1000\nproxy_assets_max_file 2000", want: "proxy_assets_max_file 2000 exceeds proxy_assets_cache 1000", line: 4},
	{name: "rules missing", option: "rules /nonexistent/rules.tsv", want: "rules[0]: open /nonexistent/rules.tsv: no such file or directory; give the path of a readable rules file"},
	{name: "rules directory", option: "rules testdata", want: "rules[0]: testdata is not a regular file"},
	{name: "cookie_db missing", option: "cookie_db /nonexistent/ocd.csv", want: "cookie_db: open /nonexistent/ocd.csv: no such file or directory; give the path of a readable Open Cookie Database CSV file"},
	{name: "sensitive path relative", option: "sensitive_paths /ok secure", want: `sensitive_paths[1]: "secure" must start with /`},
	{name: "sensitive path glob", option: "sensitive_paths /[x", want: `sensitive_paths[0]: "/[x" is not a valid pattern`},
	{name: "max_age over 400 days", option: "max_age 500d", want: "max_age 500d: write a duration between 1m and 400d (browsers cap cookies at 400 days)"},
	{name: "max_age under a minute", option: "max_age 30s", want: "max_age 30s: write a duration between 1m and 400d"},
	{name: "cookie_name not a token", option: `cookie_name "bad;name"`, want: `cookie_name "bad;name": write a cookie name of letters, digits`},
	{name: "cookie_name prefixed", option: "cookie_name __Host-x", want: "without a __Host- or __Secure- prefix"},
	{name: "unknown_cookies", option: "unknown_cookies kepp", want: `unknown_cookies "kepp": write keep or block`},
	{name: "unknown_tags", option: "unknown_tags kepp", want: `unknown_tags "kepp": write keep, ask or block`},
	{name: "state_header", option: `state_header "Bad Header"`, want: `state_header "Bad Header": write a header name`},
	{name: "state_header replacing Cookie", option: `state_header cookie`, want: `state_header "cookie": the gateway replaces this header on every request`},
	{name: "base_path relative", option: "base_path choices", want: `base_path "choices": write a clean absolute path such as /privacy-choices`},
	{name: "base_path root", option: "base_path /", want: `base_path "/"`},
	{name: "base_path dot segment", option: "base_path /a/../choices", want: `base_path "/a/../choices"`},
	{name: "base_path double slash", option: "base_path //choices", want: `base_path "//choices"`},
	{name: "base_path query", option: "base_path /choices?x", want: `base_path "/choices?x"`},
	{name: "logo javascript", option: "logo javascript:alert(1)", want: `logo "javascript:alert(1)": write an http(s) URL (https://example.com/logo.svg) or a path starting with /`},
	{name: "logo other host without scheme", option: "logo //evil.example/logo.svg", want: `logo "//evil.example/logo.svg"`},
	{name: "logo relative", option: "logo logo.svg", want: `logo "logo.svg"`},
	{name: "privacy_policy data", option: "privacy_policy data:text/html,hi", want: `privacy_policy "data:text/html,hi": write an http(s) URL (https://example.com/privacy) or a path starting with / (/privacy)`},
	{name: "privacy_policy URL without host", option: "privacy_policy https:/privacy", want: `privacy_policy "https:/privacy"`},
	{name: "color name", option: "color red", want: `color "#red": write a hex color, #rgb or #rrggbb`},
	{name: "color length", option: "color 12345", want: `color "#12345"`},
	{name: "describe necessary", option: "describe necessary Always on.", want: `descriptions["necessary"]: necessary is not a purpose visitors choose, so it has no description; describe one of: functional, analytics, beacon, retargeting, social`},
	{name: "describe unknown purpose", option: "describe marketing Ads.", want: `descriptions["marketing"]: unknown purpose "marketing"`},
	{name: "describe empty", option: `describe analytics " "`, want: `descriptions["analytics"]: empty`},
	{name: "receipts under a file", option: "receipts {tmp}/file/receipts.db", want: "/file is not a directory; write off or the path of a SQLite file"},
	{name: "receipts a directory", option: "receipts {tmp}", want: "exists and is not a regular file"},
	{name: "receipts URI", option: "receipts file:receipts.db", want: `receipts "file:receipts.db": write off or a plain file path`},
	{name: "receipt_retention under a day", option: "receipt_retention 1h", want: "receipt_retention 1h: write at least 1d, e.g. 730d (expired receipts are purged once a day"},
}

// badCaseDir returns the directory {tmp} stands for.
func badCaseDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func badCaseInput(tc badCase, tmp string) string {
	if tc.input != "" {
		return tc.input
	}
	return "consent {\n" + strings.ReplaceAll(tc.option, "{tmp}", tmp) + "\n}"
}

func TestBadCaddyfileIsRefusedWithLineAndReason(t *testing.T) {
	tmp := badCaseDir(t)
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			var h Handler
			err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(badCaseInput(tc, tmp)))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nlacks %q", err, tc.want)
			}
			line := tc.line
			if line == 0 {
				line = 2
			}
			if want := ", at Testfile:" + string(rune('0'+line)); !strings.HasSuffix(err.Error(), want) {
				t.Errorf("error %q does not end with %q", err, want)
			}
		})
	}
}

// TestBadCaddyfileIsRefusedAsJSON writes every bad value of the table in
// JSON, on top of a config that is valid with every option, and expects
// Validate to refuse it with the words the parser used.
func TestBadCaddyfileIsRefusedAsJSON(t *testing.T) {
	tmp := badCaseDir(t)
	base := adaptedHandlerJSON(t, everyOptionCaddyfile())
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			var fromFile Handler
			perr := fromFile.UnmarshalCaddyfile(caddyfile.NewTestDispenser(badCaseInput(tc, tmp)))
			if perr == nil {
				t.Fatal("the parser accepts it")
			}
			// Read the option as the parser does, without its check.
			bad, err := parseWithoutChecks(badCaseInput(tc, tmp))
			if tc.syntax {
				if err == nil {
					t.Fatalf("marked syntax, but the parser reads it; its value must then be refused by a validator")
				}
				return
			}
			if err != nil {
				t.Fatalf("refused for its form (%v); mark the case syntax", err)
			}
			fields := map[string]json.RawMessage{}
			b, _ := json.Marshal(bad)
			if err := json.Unmarshal(b, &fields); err != nil {
				t.Fatal(err)
			}
			cfg := map[string]json.RawMessage{}
			for k, v := range base {
				cfg[k] = v
			}
			for k, v := range fields {
				cfg[k] = v
			}
			b, _ = json.Marshal(cfg)
			var h Handler
			if err := json.Unmarshal(b, &h); err != nil {
				t.Fatal(err)
			}
			verr := h.Validate()
			if verr == nil {
				t.Fatalf("Validate accepts %s", b)
			}
			if !strings.HasPrefix(perr.Error(), verr.Error()+", at Testfile:") {
				t.Errorf("Validate and the parser disagree:\nValidate: %v\n  parser: %v", verr, perr)
			}
		})
	}
}

// parseWithoutChecks reads the options of a consent block with their
// parse functions only, as the parser does before it checks a value.
func parseWithoutChecks(input string) (*Handler, error) {
	d := caddyfile.NewTestDispenser(input)
	d.Next()
	if d.NextArg() {
		return nil, d.ArgErr()
	}
	h := new(Handler)
	seen := map[string]bool{}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		opt := optionNamed(d.Val())
		if opt == nil || (seen[opt.name] && !opt.repeat) {
			return nil, d.Errf("unknown or repeated option")
		}
		seen[opt.name] = true
		args := d.RemainingArgs()
		if d.NextBlock(d.Nesting()) {
			return nil, d.Errf("block")
		}
		if err := opt.parse(h, args); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func TestValidateJSON(t *testing.T) {
	for _, tc := range []struct {
		name, json, want string
	}{
		{"defaults", `{}`, ""},
		{"max_age as a string", `{"max_age": "500d"}`, "max_age 500d: write a duration between 1m and 400d"},
		{"max_age negative", `{"max_age": -1}`, "max_age -1ns"},
		{"max_age at the cap", `{"max_age": "400d"}`, ""},
		{"retention of a day", `{"receipt_retention": "1d"}`, ""},
		{"retention in hours", `{"receipt_retention": "1h"}`, "receipt_retention 1h: write at least 1d"},
		{"description key in capitals", `{"descriptions": {"Analytics": "We count."}}`, `descriptions["Analytics"]: write the purpose name in lower case: analytics`},
		{"description of a purpose that does not exist", `{"descriptions": {"ads": "x"}}`, `descriptions["ads"]: unknown purpose "ads" (want one of: functional, analytics, beacon, retargeting, social)`},
		{"description empty", `{"descriptions": {"social": ""}}`, `descriptions["social"]: empty`},
		{"unknown_tags", `{"unknown_tags": "kepp"}`, `unknown_tags "kepp": write keep, ask or block`},
		{"unknown_cookies", `{"unknown_cookies": "kepp"}`, `unknown_cookies "kepp": write keep or block`},
		{"state_header", `{"state_header": "Bad Header"}`, `state_header "Bad Header"`},
		{"logo", `{"logo": "javascript:alert(1)"}`, `logo "javascript:alert(1)"`},
		{"logo https", `{"logo": "https://cdn.example/logo.svg"}`, ""},
		{"color", `{"color": "0b5cad"}`, `color "0b5cad"`},
		{"cookie rule without purpose", `{"cookies": [{"pattern": "_ga"}]}`, `cookies[0].purpose: unknown purpose ""`},
		{"host rule without pattern", `{"hosts": [{"pattern": "", "purpose": "analytics"}]}`, "hosts[0].pattern: empty URL pattern"},
		{"cookie_name", `{"cookie_name": "a b"}`, `cookie_name "a b"`},
		{"base_path with a trailing slash", `{"base_path": "/choices/"}`, ""},
		{"keys pair without block", `{"keys": [{"hash": "` + optTestHash + `"}]}`, "keys[0]: block key is 0 bytes"},
		{"receipts off", `{"receipts": "off"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := Handler{Receipts: filepath.Join(t.TempDir(), "r.db")}
			if err := json.Unmarshal([]byte(tc.json), &h); err != nil {
				t.Fatal(err)
			}
			err := h.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestValidateReceiptsPathCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	h := Handler{Receipts: filepath.Join(dir, "a", "b", "receipts.db")}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Validate created %v", entries)
	}
}
