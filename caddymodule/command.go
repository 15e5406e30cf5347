package caddymodule

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/spf13/cobra"
)

func init() {
	caddycmd.RegisterCommand(caddycmd.Command{
		Name:  "consent",
		Short: "Tools for the caddy-consent gateway",
		Long: `
Tools for operators of the caddy-consent gateway.

  caddy consent classify [--config <Caddyfile>]
      reads cookie names and URLs, one per line, on stdin and prints how the
      gateway classifies each: name<TAB>purpose<TAB>vendor<TAB>rule.

  caddy consent audit [--config <Caddyfile>] [--adapter <name>] <URL>
      fetches a page and prints what the gateway would do to every cookie
      and third-party tag, for an undecided visitor and after accept-all,
      with the Caddyfile line that would change each verdict.

  caddy consent receipts export|stats|purge
      exports consent receipts (JSON lines or CSV), prints the yearly
      figures the CCPA asks large businesses to publish, purges old ones.
`,
		CobraFunc: func(cmd *cobra.Command) {
			classify := &cobra.Command{
				Use:   "classify [--config <path>] [--adapter <name>]",
				Short: "Classifies cookie names and URLs read from stdin",
				Long: `
Reads cookie names and URLs (anything with "://" or starting with "//"), one
per line, on stdin, and prints for each:

  name<TAB>purpose<TAB>vendor<TAB>rule

where rule is the pattern that decided and its source (operator, builtin,
cookie_db). With --config, the operator rules and cookie database of the
first consent handler in that config are applied, exactly as the gateway
would. Use it to audit the classification before deploying.
`,
				RunE: caddycmd.WrapCommandFuncForCobra(cmdClassify),
			}
			classify.Flags().StringP("config", "c", "", "Configuration file whose consent handler rules to apply")
			classify.Flags().StringP("adapter", "a", "", "Name of config adapter to apply")
			cmd.AddCommand(classify, auditCommand(), receiptsCommand())
		},
	})
}

func cmdClassify(fl caddycmd.Flags) (int, error) {
	h := new(Handler)
	if cfg := fl.String("config"); cfg != "" {
		found, err := handlerFromConfig(cfg, fl.String("adapter"))
		if err != nil {
			return 1, err
		}
		h = found
	}
	cc, uc, err := h.classifiers()
	if err != nil {
		return 1, err
	}
	if err := classifyLines(os.Stdin, os.Stdout, cc, uc); err != nil {
		return 1, err
	}
	return 0, nil
}

// classifyLines prints one classification line per non-empty input line.
func classifyLines(in io.Reader, out io.Writer, cc *classify.CookieClassifier, uc *classify.URLClassifier) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	w := bufio.NewWriter(out)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var d classify.Decision
		if strings.Contains(line, "://") || strings.HasPrefix(line, "//") {
			u, err := url.Parse(line)
			if strings.HasPrefix(line, "//") && err == nil {
				u.Scheme = "https"
			}
			if err != nil || u.Host == "" {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", line, "error", "", "not a URL")
				continue
			}
			d = uc.ClassifyURL(u)
		} else {
			d = cc.Classify(line)
		}
		rule := d.Rule
		if rule != "" {
			rule += " (" + d.Source + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", line, d.Purpose, d.Vendor, rule)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}

// handlerFromConfig loads a config file, adapts it to JSON and returns the
// first consent handler found in it.
func handlerFromConfig(path, adapter string) (*Handler, error) {
	cfg, _, _, err := caddycmd.LoadConfig(path, adapter)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(cfg, &doc); err != nil {
		return nil, fmt.Errorf("reading adapted config: %w", err)
	}
	raw := findHandler(doc)
	if raw == nil {
		return nil, errors.New("no consent handler in " + path)
	}
	b, _ := json.Marshal(raw)
	h := new(Handler)
	if err := json.Unmarshal(b, h); err != nil {
		return nil, fmt.Errorf("reading consent handler: %w", err)
	}
	return h, nil
}

// findHandler walks a JSON document for the first object with
// "handler": "consent".
func findHandler(v any) map[string]any {
	switch t := v.(type) {
	case map[string]any:
		if t["handler"] == "consent" {
			return t
		}
		for _, c := range t {
			if found := findHandler(c); found != nil {
				return found
			}
		}
	case []any:
		for _, c := range t {
			if found := findHandler(c); found != nil {
				return found
			}
		}
	}
	return nil
}
