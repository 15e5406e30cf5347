//go:build browser

package choices

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// The guard's JavaScript tests need node (installed with npm by .ci/run),
// so they run with the browser suite's build tag.

// TestGuardJS runs guard.js's unit tests (assets/guard_test.mjs) in
// node's own test runner.
func TestGuardJS(t *testing.T) {
	out, err := exec.Command("node", "--test", filepath.Join("assets", "guard_test.mjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("node --test assets/guard_test.mjs: %v\n%s", err, out)
	}
}

// TestShrunkGuardRuns runs the shrunk guard, as the gateway inlines it,
// through the same matcher checks as the source: shrinking must not change
// what it does.
func TestShrunkGuardRuns(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "guard.js"), guardJS, 0o644); err != nil {
		t.Fatal(err)
	}
	test, err := os.ReadFile(filepath.Join("assets", "guard_test.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "guard_test.mjs"), test, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", "--test", filepath.Join(dir, "guard_test.mjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("the shrunk guard fails its tests: %v\n%s", err, out)
	}
}

// guardAgreement is what TestGuardAgreesWithServer hands to node: the
// tiers and, for sample URLs, the server's purpose.
type guardAgreement struct {
	Tiers json.RawMessage   `json:"tiers"`
	Cases map[string]string `json:"cases"` // URL → purpose the server gives
}

// runGuardAgreement runs the guard in node on every case and returns
// the URLs where the guard decides otherwise than the server: it may
// defer to the server ("?"), never contradict it.
func runGuardAgreement(t *testing.T, a guardAgreement) []string {
	t.Helper()
	dir := t.TempDir()
	b, _ := json.Marshal(a)
	for name, data := range map[string][]byte{"cases.json": b, "guard.js": guardJS, "agree.mjs": []byte(agreeJS)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("node", filepath.Join(dir, "agree.mjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("node agree.mjs: %v\n%s", err, out)
	}
	var bad []string
	if err := json.Unmarshal(out, &bad); err != nil {
		t.Fatalf("node agree.mjs printed %s: %v", out, err)
	}
	return bad
}

// agreeJS loads the guard with nothing granted and compares its verdict
// with the server's for each URL: a purpose must be the server's, ”
// (loads) only where the server says necessary.
const agreeJS = `
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
const dir = new URL('.', import.meta.url);
const a = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));
const win = {
  privacyChoicesGuardConfig: { all: true, f: 'example.com', g: [], u: 'ask', t: a.tiers },
  location: new URL('https://www.example.com/'),
  document: { baseURI: 'https://www.example.com/', implementation: { createHTMLDocument: () => ({ createElement: () => ({}) }) } },
  sessionStorage: { getItem: () => null, setItem: () => {} },
  setTimeout, URL, JSON, Promise,
};
win.window = win;
vm.runInNewContext(readFileSync(new URL('guard.js', dir), 'utf8'), win);
const bad = [];
for (const [u, want] of Object.entries(a.cases)) {
  const got = win.privacyChoicesGuard.verdict(u);
  if (got === '?') continue;
  if (got === '' ? want !== 'necessary' : got !== want) bad.push(u + ': guard ' + JSON.stringify(got) + ', server ' + want);
}
console.log(JSON.stringify(bad));
`

// TestGuardAgreesWithServer checks the guard against the server on a URL
// of every host rule of the knowledge base (its host, a subdomain, the
// rule's path): where the guard decides on its own, it decides as
// ClassifyURL does.
func TestGuardAgreesWithServer(t *testing.T) {
	uc, err := classify.NewURLClassifier([]classify.HostRule{
		{Pattern: "*.example-cdn.net", Purpose: purpose.Necessary},
		{Pattern: "www.googletagmanager.com/gtag/js?id=AW-", Purpose: purpose.Retargeting},
	})
	if err != nil {
		t.Fatal(err)
	}
	tiers, _ := json.Marshal(uc.GuardTiers())
	a := guardAgreement{Tiers: tiers, Cases: map[string]string{}}
	add := func(raw string) {
		if u, err := url.Parse(raw); err == nil {
			a.Cases[raw] = uc.ClassifyURL(u).Purpose.String()
		}
	}
	for _, r := range append(classify.BuiltinHostRules(), classify.HostRule{Pattern: "*.example-cdn.net"}) {
		host, path, _ := strings.Cut(r.Pattern, "/")
		if host == "" {
			continue
		}
		path, _, _ = strings.Cut(path, "?")
		host = strings.TrimPrefix(host, "*.")
		add("https://" + host + "/")
		if last := host[strings.LastIndexByte(host, '.')+1:]; strings.Trim(last, "0123456789") != "" {
			add("https://sub." + host + "/x.js") // (not under an IP address: no such URL parses)
		}
		add("https://" + host + "/" + strings.ReplaceAll(path, "*", "x"))
	}
	if len(a.Cases) < 3000 {
		t.Fatalf("only %d cases", len(a.Cases))
	}
	if bad := runGuardAgreement(t, a); len(bad) > 0 {
		t.Errorf("%d of %d URLs: the guard contradicts the server, e.g. %q", len(bad), len(a.Cases), bad[:min(len(bad), 10)])
	}
}
