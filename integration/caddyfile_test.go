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

// Each option's checks are unit-tested in caddymodule (the parser and
// Validate share them); these runs prove what reaches the operator of the
// real binary.

func TestCaddyValidateNamesFileAndLine(t *testing.T) {
	for _, tc := range []struct {
		name, option, want string
	}{
		{"bad value", "unknown_tags kepp", `unknown_tags "kepp": write keep, ask or block`},
		{"missing cookie_db", "cookie_db /nonexistent/ocd.csv", "cookie_db: open /nonexistent/ocd.csv: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writeCaddyfile(t, "http://127.0.0.1:9 {\n\tconsent {\n\t\t"+tc.option+"\n\t}\n\trespond ok\n}\n")
			out, err := caddyCmd(t, "", "validate", "--config", file, "--adapter", "caddyfile")
			out = strings.ReplaceAll(out, `\"`, `"`) // the log line is JSON
			if err == nil {
				t.Fatalf("accepted:\n%s", out)
			}
			for _, want := range []string{tc.want, ", at " + file + ":3"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestCaddyValidateRefusesBadJSON(t *testing.T) {
	cfg := `{"apps": {"http": {"servers": {"s": {"listen": [":9"], "routes": [{"handle": [{"handler": "consent", "max_age": "500d"}]}]}}}}}`
	file := filepath.Join(t.TempDir(), "caddy.json")
	if err := os.WriteFile(file, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := caddyCmd(t, "", "validate", "--config", file)
	if want := "max_age 500d: write a duration between 1m and 400d"; err == nil || !strings.Contains(out, want) {
		t.Errorf("%v, output lacks %q:\n%s", err, want, out)
	}
}

func TestCaddyValidateCreatesNoFile(t *testing.T) {
	// No keys (they would be generated and stored) and the default
	// receipts file in the data directory.
	file := writeCaddyfile(t, "http://127.0.0.1:9 {\n\tconsent\n\trespond ok\n}\n")
	data, config := t.TempDir(), t.TempDir()
	cmd := exec.Command(caddyBin, "validate", "--config", file, "--adapter", "caddyfile")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+data, "XDG_CONFIG_HOME="+config)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("validate: %v\n%s", err, out)
	}
	for _, dir := range []string{data, config, cmd.Dir} {
		_ = filepath.WalkDir(dir, func(p string, _ os.DirEntry, _ error) error {
			if p != dir {
				t.Errorf("caddy validate created %s", p)
			}
			return nil
		})
	}
}

func TestExampleValidates(t *testing.T) {
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
