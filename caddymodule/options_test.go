package caddymodule

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	_ "github.com/caddyserver/caddy/v2/modules/caddyhttp/encode"
	_ "github.com/caddyserver/caddy/v2/modules/caddyhttp/encode/gzip"
	_ "github.com/caddyserver/caddy/v2/modules/caddyhttp/encode/zstd"
	_ "github.com/caddyserver/caddy/v2/modules/filestorage"
)

var update = flag.Bool("update", false, "rewrite the configuration reference in README.md and caddyfile.go from the options table")

// A key pair for the options tests: a 64-byte hash key, a 32-byte block key.
const (
	optTestHash  = "SEhISEhISEhISEhISEhISGNhZGR5LWNvbnNlbnQtdGUwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg=="
	optTestBlock = "Y2FkZHktY29uc2VudC10ZXN0LWJsb2NrLWtleS0wMDE="
)

// optionExamples gives every option of the table valid arguments, one
// entry per line.
var optionExamples = map[string][]string{
	"mode":                  {"opt_out"},
	"policy_version":        {"2026-11"},
	"keys":                  {optTestHash + " " + optTestBlock + " " + optTestHash + " " + optTestBlock},
	"cookie":                {"nw_* functional Northwind", "/^tmp_[0-9]+$/ analytics"},
	"host":                  {"cdn.example.net/pixel beacon Example", "*.example.org social"},
	"first_party":           {"static.example-cdn.net *.example-assets.net", "api.example.org/v1/"},
	"proxy_assets":          {"fonts.googleapis.com fonts.gstatic.com", "*.example-cdn.net"},
	"proxy_assets_upstream": {"fonts.gstatic.com https://127.0.0.1:9443", "static.example-cdn.net https://mirror.example.org/cdn"},
	"proxy_assets_ca":       {"testdata/proxy-ca.pem"},
	"proxy_assets_cache":    {"33554432"},
	"proxy_assets_max_file": {"4194304"},
	"rules":                 {"testdata/rules.tsv", "testdata/rules.tsv"},
	"sensitive_paths":       {"/secure/* /medical-record/*", "/account/*/orders"},
	"max_age":               {"90d"},
	"cookie_name":           {"choices"},
	"unknown_cookies":       {"block"},
	"cookie_db":             {"testdata/ocd.csv"},
	"honor_gpc":             {"off"},
	"state_header":          {"X-Consent"},
	"base_path":             {"/choices"},
	"unknown_tags":          {"keep"},
	"honor_no_transform":    {""},
	"show_link":             {""},
	"site_name":             {"Northwind Health Plan"},
	"logo":                  {"/logo.svg"},
	"color":                 {`"#0b5cad"`},
	"privacy_policy":        {"https://example.com/privacy"},
	"describe":              {"analytics We count visits.", "social Share buttons."},
	"receipts":              {"off"},
	"receipt_retention":     {"365d"},
	"debug":                 {""},
}

// everyOptionCaddyfile is a site whose consent block uses every option.
func everyOptionCaddyfile() string {
	var b strings.Builder
	b.WriteString("http://127.0.0.1:9 {\n\tencode\n\tconsent {\n")
	for _, o := range options {
		for _, args := range optionExamples[o.name] {
			b.WriteString("\t\t" + strings.TrimSpace(o.name+" "+args) + "\n")
		}
	}
	b.WriteString("\t}\n}\n")
	return b.String()
}

// adapt adapts a Caddyfile to JSON, as `caddy adapt` does.
func adapt(t *testing.T, src string) []byte {
	t.Helper()
	cfg, warnings, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(src), map[string]any{"filename": "Caddyfile"})
	if err != nil {
		t.Fatalf("adapt: %v\n%s", err, src)
	}
	if len(warnings) > 0 {
		t.Errorf("adapt warnings: %v", warnings)
	}
	return cfg
}

// adaptedHandlerJSON returns the consent handler's fields in the JSON a
// Caddyfile adapts to.
func adaptedHandlerJSON(t *testing.T, src string) map[string]json.RawMessage {
	t.Helper()
	var doc any
	if err := json.Unmarshal(adapt(t, src), &doc); err != nil {
		t.Fatal(err)
	}
	raw := findHandler(doc)
	if raw == nil {
		t.Fatal("no consent handler in the adapted config")
	}
	delete(raw, "handler")
	b, _ := json.Marshal(raw)
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	return fields
}

func TestOptionsCoverEveryField(t *testing.T) {
	var fields, fromOptions []string
	ht := reflect.TypeOf(Handler{})
	for i := 0; i < ht.NumField(); i++ {
		if tag := ht.Field(i).Tag.Get("json"); tag != "" {
			fields = append(fields, strings.Split(tag, ",")[0])
		}
	}
	seen := map[string]bool{}
	for _, o := range options {
		if seen[o.name] {
			t.Errorf("option %s is listed twice", o.name)
		}
		seen[o.name] = true
		fromOptions = append(fromOptions, o.field)
		if o.doc == "" || strings.Contains(o.doc, "\n") {
			t.Errorf("option %s: want a one-line doc", o.name)
		}
		if _, ok := optionExamples[o.name]; !ok {
			t.Errorf("option %s has no example in optionExamples", o.name)
		}
	}
	sort.Strings(fields)
	sort.Strings(fromOptions)
	if !reflect.DeepEqual(fields, fromOptions) {
		t.Errorf("JSON fields %v\nset by options %v", fields, fromOptions)
	}
	for name := range optionExamples {
		if optionNamed(name) == nil {
			t.Errorf("example for %s, which is not an option", name)
		}
	}
}

// TestAdaptEveryOption adapts a Caddyfile using every option of the
// table, and checks the handler's JSON round-trips and validates.
func TestAdaptEveryOption(t *testing.T) {
	src := everyOptionCaddyfile()
	cfg := string(adapt(t, src))
	if strings.Index(cfg, `"handler":"encode"`) > strings.Index(cfg, `"handler":"consent"`) {
		t.Errorf("consent is not ordered after encode (it must be inner to it):\n%s", cfg)
	}
	// It loads as `caddy validate` loads it (Provision included).
	var loaded caddy.Config
	if err := json.Unmarshal([]byte(cfg), &loaded); err != nil {
		t.Fatal(err)
	}
	if err := caddy.Validate(&loaded); err != nil {
		t.Errorf("the adapted config does not load: %v", err)
	}
	fields := adaptedHandlerJSON(t, src)
	for _, o := range options {
		if _, ok := fields[o.field]; !ok {
			t.Errorf("option %s: the adapted JSON lacks %q", o.name, o.field)
		}
	}
	b, _ := json.Marshal(fields)
	var fromJSON Handler
	if err := json.Unmarshal(b, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := fromJSON.Validate(); err != nil {
		t.Errorf("the adapted JSON does not validate: %v", err)
	}
	// The same handler as the parser builds, and the same JSON again.
	block := src[strings.Index(src, "consent {"):strings.LastIndex(src, "}")]
	var fromFile Handler
	if err := fromFile.UnmarshalCaddyfile(caddyfile.NewTestDispenser(block)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromJSON, fromFile) {
		t.Errorf("from JSON:\n%+v\nfrom the Caddyfile:\n%+v", fromJSON, fromFile)
	}
	again, _ := json.Marshal(fromJSON)
	var a, c map[string]any
	_ = json.Unmarshal(again, &a)
	_ = json.Unmarshal(b, &c)
	if !reflect.DeepEqual(a, c) {
		t.Errorf("JSON does not round-trip:\n%s\n%s", again, b)
	}
}

// TestConfigurationReference keeps the README's configuration reference
// and UnmarshalCaddyfile's doc equal to what the options table generates
// (go test -run TestConfigurationReference -update rewrites both).
func TestConfigurationReference(t *testing.T) {
	want := caddyfileSyntax()
	for _, doc := range []struct {
		file       string
		start, end string // what surrounds the reference
		indent     string // of every line of the reference
	}{
		{file: "../README.md", start: "## Configuration reference\n\n```caddyfile\n", end: "```\n"},
		{file: "caddyfile.go", start: "// load with its file and line. Syntax (generated from the options table):\n//\n", end: "//\n", indent: "//\t"},
	} {
		t.Run(filepath.Base(doc.file), func(t *testing.T) {
			b, err := os.ReadFile(doc.file)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			i := strings.Index(s, doc.start)
			if i < 0 {
				t.Fatalf("%s lacks %q", doc.file, doc.start)
			}
			i += len(doc.start)
			j := strings.Index(s[i:], doc.end)
			if j < 0 {
				t.Fatalf("%s: the reference does not end with %q", doc.file, doc.end)
			}
			var gen strings.Builder
			for _, line := range strings.SplitAfter(strings.TrimSuffix(want, "\n"), "\n") {
				gen.WriteString(doc.indent + line)
			}
			generated := gen.String() + "\n"
			if s[i:i+j] == generated {
				return
			}
			if *update {
				if err := os.WriteFile(doc.file, []byte(s[:i]+generated+s[i+j:]), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("%s's configuration reference is not the options table's; run go test -run TestConfigurationReference -update\n got:\n%s\nwant:\n%s", doc.file, s[i:i+j], generated)
		})
	}
}

// TestValidateCreatesNoFile validates, in process as `caddy validate`
// does, a config whose keys would be generated and whose receipts would
// be stored in the data directory, and checks nothing was written.
func TestValidateCreatesNoFile(t *testing.T) {
	data, storage := t.TempDir(), t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	cfg := adapt(t, "{\n\tstorage file_system "+storage+"\n\tadmin off\n}\nhttp://127.0.0.1:9 {\n\tconsent\n}\n")
	var c caddy.Config
	if err := json.Unmarshal(cfg, &c); err != nil {
		t.Fatal(err)
	}
	if err := caddy.Validate(&c); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{data, storage} {
		_ = filepath.WalkDir(dir, func(p string, _ os.DirEntry, _ error) error {
			if p != dir {
				t.Errorf("validating created %s", p)
			}
			return nil
		})
	}
	// And the handler, provisioned, has its receipts file where it will
	// create it with the first receipt.
	h := Handler{}
	if err := h.Validate(); err != nil || h.receiptsPath() != filepath.Join(data, "caddy", "consent", "receipts.db") {
		t.Errorf("default receipts path %s, %v", h.receiptsPath(), err)
	}
}
