package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// caddyCmd runs the built binary and returns its combined output.
func caddyCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := caddyExec(t, stdin, args...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// caddyStdout runs the built binary and returns its standard output only.
func caddyStdout(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := caddyExec(t, stdin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out) + stderr.String(), err
	}
	return string(out), nil
}

func caddyExec(t *testing.T, stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(caddyBin, args...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

func writeCaddyfile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "Caddyfile")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadCaddyfileIsRefusedWithLineAndReason(t *testing.T) {
	for i, tc := range []struct {
		option string
		want   string
	}{
		{"mode opt_maybe", "unknown mode"},
		{"mode", "mode takes one argument"},
		{"keys abc", "pairs of base64 keys"},
		{"keys !!!! YWJj", "not valid base64"},
		{"keys YWJj YWJj", "hash key is 3 bytes"},
		{"cookie _ga marketing", "unknown purpose"},
		{"cookie _ga", "takes a pattern and a purpose"},
		{"cookie /[a-/ analytics", "cookie /[a-/"},
		{"cookie _ga unknown", `purpose "unknown" cannot be assigned`},
		{"host https://x.com analytics", "host https://x.com"},
		{"sensitive_paths secure", "must start with /"},
		{"max_age forever", "max_age"},
		{"max_age 500d", "400d"},
		{"cookie_name bad;name", "cookie_name"},
		{"cookie_name __Host-x", "without a __Host-"},
		{"unknown_cookies maybe", "keep or block"},
		{"honor_gpc sometimes", "on or off"},
		{"bogus_option 1", `unrecognized consent option "bogus_option"`},
		{"debug yes", "debug takes no argument"},
		{"mode opt_in\n\t\tmode opt_out", "given twice"},
		{"color red", "color takes one hex color"},
		{"logo javascript:alert(1)", "want an http(s) URL"},
		{"describe necessary Always", "describe necessary"},
		{"receipt_retention 1h", "at least 1d"},
		{"unknown_tags maybe", "keep or block"},
		{"site_name", "site_name takes"},
	} {
		body := "http://127.0.0.1:9 {\n\tconsent {\n\t\t" + tc.option + "\n\t}\n\trespond ok\n}\n"
		file := writeCaddyfile(t, body)
		out, err := caddyCmd(t, "", "validate", "--config", file, "--adapter", "caddyfile")
		out = strings.ReplaceAll(out, `\"`, `"`) // the log line is JSON
		if err == nil {
			t.Errorf("Test %d (%s): accepted", i, tc.option)
			continue
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("Test %d (%s): output lacks %q:\n%s", i, tc.option, tc.want, out)
		}
		wantLine := "Caddyfile:3"
		if strings.Contains(tc.option, "\n") {
			wantLine = "Caddyfile:4"
		}
		if !strings.Contains(out, wantLine) {
			t.Errorf("Test %d (%s): output lacks the line %q:\n%s", i, tc.option, wantLine, out)
		}
	}
	// A cookie_db that does not exist is refused at load too.
	file := writeCaddyfile(t, "http://127.0.0.1:9 {\n\tconsent {\n\t\tcookie_db /nonexistent/ocd.csv\n\t}\n\trespond ok\n}\n")
	if out, err := caddyCmd(t, "", "validate", "--config", file, "--adapter", "caddyfile"); err == nil || !strings.Contains(out, "cookie_db") {
		t.Errorf("missing cookie_db accepted: %v %s", err, out)
	}
}

func TestAdaptEveryOptionAndExample(t *testing.T) {
	full := `http://127.0.0.1:9 {
	encode
	consent {
		mode opt_out
		policy_version 2026-11
		keys SEhISEhISEhISEhISEhISGNhZGR5LWNvbnNlbnQtdGUwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg== Y2FkZHktY29uc2VudC10ZXN0LWJsb2NrLWtleS0wMDE= SEhISEhISEhISEhISEhISGNhZGR5LWNvbnNlbnQtdGUwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg== Y2FkZHktY29uc2VudC10ZXN0LWJsb2NrLWtleS0wMDE=
		cookie nw_* functional Northwind
		cookie /^tmp_[0-9]+$/ analytics
		host cdn.example.net/pixel beacon Example
		sensitive_paths /secure/* /medical-record/*
		max_age 90d
		cookie_name choices
		unknown_cookies block
		honor_gpc off
		state_header X-Consent
		base_path /choices
		unknown_tags keep
		honor_no_transform
		show_link
		site_name Northwind Health Plan
		logo /logo.svg
		color "#0b5cad"
		privacy_policy https://example.com/privacy
		describe analytics We count visits.
		receipts off
		receipt_retention 365d
		debug
	}
	respond ok
}
`
	out, err := caddyStdout(t, "", "adapt", "--config", writeCaddyfile(t, full), "--adapter", "caddyfile")
	if err != nil {
		t.Fatalf("adapt: %v\n%s", err, out)
	}
	// And back: the adapted JSON loads and provisions as it is.
	jsonFile := filepath.Join(t.TempDir(), "caddy.json")
	if err := os.WriteFile(jsonFile, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if vout, err := caddyCmd(t, "", "validate", "--config", jsonFile); err != nil {
		t.Errorf("adapted JSON does not validate: %v\n%s", err, vout)
	}
	for _, want := range []string{
		`"handler":"consent"`, `"mode":"opt_out"`, `"policy_version":"2026-11"`, `"hash":"SEhI`, `"pattern":"nw_*"`,
		`"vendor":"Northwind"`, `"pattern":"/^tmp_[0-9]+$/"`, `"pattern":"cdn.example.net/pixel"`,
		`"sensitive_paths":["/secure/*","/medical-record/*"]`, `"max_age":7776000000000000`, `"cookie_name":"choices"`,
		`"unknown_cookies":"block"`, `"honor_gpc":false`, `"state_header":"X-Consent"`, `"base_path":"/choices"`, `"debug":true`,
		`"unknown_tags":"keep"`, `"honor_no_transform":true`, `"show_link":true`, `"site_name":"Northwind Health Plan"`, `"logo":"/logo.svg"`,
		`"color":"#0b5cad"`, `"privacy_policy":"https://example.com/privacy"`, `"descriptions":{"analytics":"We count visits."}`, `"receipts":"off"`, `"receipt_retention":31536000000000000`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("adapted JSON lacks %s:\n%s", want, out)
		}
	}
	// encode must come before consent in the route (consent is inner).
	if strings.Index(out, `"handler":"encode"`) > strings.Index(out, `"handler":"consent"`) {
		t.Errorf("consent is not ordered after encode:\n%s", out)
	}
	if out, err := caddyCmd(t, "", "validate", "--config", "Caddyfile.example"); err != nil {
		t.Errorf("Caddyfile.example does not validate: %v\n%s", err, out)
	}
}

func TestListModulesAndClassifyCommand(t *testing.T) {
	out, err := caddyCmd(t, "", "list-modules")
	if err != nil || !strings.Contains(out, "http.handlers.consent") || !strings.Contains(out, "admin.api.consent") {
		t.Errorf("list-modules: %v\n%s", err, out)
	}
	cfg := writeCaddyfile(t, "http://127.0.0.1:9 {\n\tconsent {\n\t\tcookie _ga functional Override\n\t}\n\trespond ok\n}\n")
	out, err = caddyStdout(t, "_ga\n_fbp\nPHPSESSID\nsomething_unknown\n\n", "consent", "classify", "--config", cfg)
	if err != nil {
		t.Fatalf("classify: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("classify printed %d lines:\n%s", len(lines), out)
	}
	for i, want := range []string{"_ga\tfunctional\tOverride\t_ga (operator)", "_fbp\tretargeting\t", "PHPSESSID\tnecessary\t", "something_unknown\tunknown\t\t"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], want)
		}
	}
}
