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
	"time"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/cookiewire"
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
      reads cookie names (or Set-Cookie and Cookie lines) and URLs, one per
      line, on stdin and prints how the gateway classifies each:
      name<TAB>purpose<TAB>vendor<TAB>rule.

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
Reads cookies and URLs (anything with "://" or starting with "//"), one per
line, on stdin, and prints for each:

  name<TAB>purpose<TAB>vendor<TAB>rule

A cookie is written as one of:

  NAME                          the name alone: the rules by name decide
  NAME=VALUE[; attributes]      a Set-Cookie line (the server set it), e.g.
                                  sid=abc; HttpOnly
                                  _zz_vid=GA1.2.123.1700000000; Max-Age=63072000
  Cookie: NAME=VALUE            a cookie scripts wrote (it arrives in Cookie
                                headers only): the value decides, if no name does

rule is the pattern that decided and its source (operator, builtin,
cookie_db), or, for a cookie no rule knows by name, the heuristic that
decided ("heuristic: value shape GA1. (Google Analytics)", "heuristic:
HttpOnly server cookie", "heuristic: high-entropy persistent id"). The
gateway also attributes a script's cookie seen only after consent to a
purpose ("heuristic: appears only after consent to analytics"), which needs
its traffic and so never shows here. With --config, the operator rules and
cookie database of the first consent handler in that config are applied,
exactly as the gateway would. Use it to audit the classification before
deploying.
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
		name := line
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
			name, d = classifyCookieLine(cc, line)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", name, d.Purpose, d.Vendor, ruleColumn(d))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}

// classifyCookieLine classifies one cookie of classify's input: a name, a
// Set-Cookie line, or "Cookie: NAME=VALUE". It returns the cookie's name.
func classifyCookieLine(cc *classify.CookieClassifier, line string) (string, classify.Decision) {
	if pair, ok := cutPrefixFold(line, "cookie:"); ok {
		name, value, _ := strings.Cut(strings.TrimSpace(pair), "=")
		name = strings.TrimSpace(name)
		return name, cc.ClassifyCookie(name, classify.CookieFacts{Value: strings.TrimSpace(value), SetBy: classify.SetByScript})
	}
	if !strings.Contains(line, "=") {
		return line, cc.Classify(line)
	}
	sc := cookiewire.ParseSetCookie(strings.TrimSpace(strings.TrimPrefix(line, "Set-Cookie:")))
	return sc.Name(), cc.ClassifyCookie(sc.Name(), classify.CookieFacts{
		Value: sc.Value(), SetBy: classify.SetByServer, HttpOnly: sc.HttpOnly(), MaxAge: sc.MaxAge(time.Now()),
	})
}

// cutPrefixFold is strings.CutPrefix without regard to ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// ruleColumn is the rule column of classify and audit: the pattern that
// decided and its source, or the heuristic, which says so itself.
func ruleColumn(d classify.Decision) string {
	if d.Rule == "" || d.Source == "heuristic" {
		return d.Rule
	}
	return d.Rule + " (" + d.Source + ")"
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
