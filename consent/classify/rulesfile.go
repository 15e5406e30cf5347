package classify

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// rulesHeader is the header row every rules file starts with.
var rulesHeader = []string{"kind", "pattern", "purpose", "vendor", "options", "note"}

// The row kinds of a rules file.
const (
	kindCookie = "cookie"
	kindHost   = "host"
	kindScript = "script"
	// kindValue rows (built-in only) name a vendor by the shape of a
	// cookie's value, whatever its name (valueshape.go).
	kindValue = "value"
)

// Limits on a rules file, so a wrong path or a hostile file cannot exhaust
// the gateway's memory at start. A line holds at most a pattern
// (maxCookiePatternLen) and a vendor and note of reasonable length.
const (
	maxRulesFileBytes = 16 << 20
	maxRulesFileRows  = 100_000
	maxRulesLineLen   = 16 << 10
)

// ruleRow is one row of a rules file: where it is, its note, and the rule
// it gives (the field of its kind is set).
type ruleRow struct {
	pos    string // "name:line"
	kind   string
	note   string
	cookie CookieRule
	host   HostRule
	script ScriptRule
	// The compiled pattern of the row, for the knowledge base's lint.
	cookiePat parsedPattern
	hostPat   hostPattern
	sig       *compiledSig
}

// pattern returns the row's pattern as written.
func (r *ruleRow) pattern() string {
	switch r.kind {
	case kindCookie, kindValue:
		return r.cookie.Pattern
	case kindHost:
		return r.host.Pattern
	}
	return r.script.Spec
}

// ParseRules reads an operator rules file; name (usually the file's path)
// prefixes every error, as "rules.tsv:12: ...". The format is the one of
// the built-in knowledge base (see the package documentation): a header
// row "kind<TAB>pattern<TAB>purpose<TAB>vendor<TAB>options<TAB>note", then
// one rule per row, with '#' comment lines and blank lines allowed. The
// kind is cookie, host or script; the pattern is a cookie pattern (see
// CookieRule), a URL pattern (see HostRule) or a script token (see
// ScriptRule); the purpose is one a rule can give (not "unknown"); the
// vendor is required; options are for script rows only ("small",
// "with=TEXT", separated by commas); the note is free text. A row may end
// after its vendor or options. A pattern listed twice for one kind is an
// error naming both lines. A file of more than 16 MiB or 100,000 rows is
// refused.
func ParseRules(r io.Reader, name string) (Rules, error) {
	rows, err := parseRuleRows(r, name, false)
	if err != nil {
		return Rules{}, err
	}
	return rulesOf(rows), nil
}

// LoadRulesFile reads the rules file at path (see ParseRules).
func LoadRulesFile(path string) (Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		return Rules{}, err
	}
	defer f.Close()
	return ParseRules(f, path)
}

// rulesOf collects the rules of rows, in order.
func rulesOf(rows []ruleRow) Rules {
	var rs Rules
	for i := range rows {
		switch r := &rows[i]; r.kind {
		case kindCookie:
			rs.Cookies = append(rs.Cookies, r.cookie)
		case kindHost:
			rs.Hosts = append(rs.Hosts, r.host)
		case kindScript:
			rs.Scripts = append(rs.Scripts, r.script)
		}
	}
	return rs
}

// parseRuleRows reads a rules file. builtin selects the rules of the
// embedded knowledge base: its script tokens may use the gtag option and
// must be anchored on a fast byte unless small.
func parseRuleRows(r io.Reader, name string, builtin bool) ([]ruleRow, error) {
	sc := bufio.NewScanner(newLimitedReader(r, maxRulesFileBytes, name))
	sc.Buffer(make([]byte, 0, 4096), maxRulesLineLen)
	var (
		rows      []ruleRow
		line      int
		header    bool
		firstLine = make(map[string]int) // kind+"\t"+pattern -> line
	)
	errorf := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if t := strings.TrimSpace(text); t == "" || t[0] == '#' {
			continue
		}
		fields := strings.Split(text, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if !header {
			if !slices.Equal(fields, rulesHeader) {
				return nil, errorf("the first row must be the header %q (the column names separated by tabs)", strings.Join(rulesHeader, "\t"))
			}
			header = true
			continue
		}
		if len(rows) >= maxRulesFileRows {
			return nil, errorf("more than %d rules; refusing the file", maxRulesFileRows)
		}
		row, err := parseRuleRow(fields, builtin)
		if err != nil {
			return nil, errorf("%v", err)
		}
		row.pos = fmt.Sprintf("%s:%d", name, line)
		key := row.kind + "\t" + row.pattern()
		if l, dup := firstLine[key]; dup {
			return nil, errorf("%s pattern %q is already listed on line %d; keep one row", row.kind, row.pattern(), l)
		}
		firstLine[key] = line
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line is longer than %d bytes", name, line+1, maxRulesLineLen)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if !header {
		return nil, fmt.Errorf("%s: no header row: start the file with %q (the column names separated by tabs)", name, strings.Join(rulesHeader, "\t"))
	}
	return rows, nil
}

// parseRuleRow reads the fields of one row after the header.
func parseRuleRow(fields []string, builtin bool) (ruleRow, error) {
	var row ruleRow
	switch {
	case len(fields) < 4 && len(fields) == 1 && strings.ContainsAny(fields[0], " "):
		return row, fmt.Errorf("no tab in the row: separate the columns kind, pattern, purpose and vendor with tabs, not spaces")
	case len(fields) < 4:
		return row, fmt.Errorf("%d columns; a row needs at least kind, pattern, purpose and vendor, separated by tabs", len(fields))
	case len(fields) > len(rulesHeader):
		return row, fmt.Errorf("%d columns; the header names %d (is there a tab in the note?)", len(fields), len(rulesHeader))
	}
	for len(fields) < len(rulesHeader) {
		fields = append(fields, "")
	}
	kind, pattern, purposeName, vendor, options := fields[0], fields[1], fields[2], fields[3], fields[4]
	row.kind, row.note = kind, fields[5]
	p, err := purpose.ParseAssignable(purposeName)
	if err != nil {
		return row, err
	}
	if vendor == "" {
		return row, fmt.Errorf("%s %q has no vendor: name who sets it (for the site's own, the site's name)", kind, pattern)
	}
	if kind != kindScript && options != "" {
		return row, fmt.Errorf("options %q: only script rows take options; leave the column empty", options)
	}
	switch kind {
	case kindCookie:
		row.cookie = CookieRule{Pattern: pattern, Purpose: p, Vendor: vendor}
		row.cookiePat, err = parseCookiePattern(pattern)
	case kindHost:
		row.host = HostRule{Pattern: pattern, Purpose: p, Vendor: vendor}
		row.hostPat, err = parseHostPattern(pattern)
	case kindScript:
		row.script = ScriptRule{Spec: pattern, Purpose: p, Vendor: vendor}
		if err := parseScriptOptions(&row.script, options, builtin); err != nil {
			return row, err
		}
		row.sig, err = compileSig(&row.script, builtin)
	case kindValue:
		if !builtin {
			return row, fmt.Errorf("value rows are reserved for the built-in knowledge base; name the cookie with a cookie row")
		}
		row.cookie = CookieRule{Pattern: pattern, Purpose: p, Vendor: vendor}
		row.cookiePat, err = parseValuePattern(pattern)
	default:
		return row, fmt.Errorf("unknown kind %q: write cookie, host or script", kind)
	}
	return row, err
}

// parseScriptOptions reads the options column of a script row into t.
func parseScriptOptions(t *ScriptRule, options string, builtin bool) error {
	if options == "" {
		return nil
	}
	for opt := range strings.SplitSeq(options, ",") {
		opt = strings.TrimSpace(opt)
		key, value, hasValue := strings.Cut(opt, "=")
		switch {
		case opt == "small":
			t.Small = true
		case key == "with" && value != "" && t.With == "":
			t.With = value
		case key == "gtag" && builtin && t.gtag == 0 && (value == "loader" || value == "id"):
			t.gtag = gtagLoader
			if value == "id" {
				t.gtag = gtagID
			}
		case key == "gtag" && !builtin:
			return fmt.Errorf("option %q: gtag is reserved for the built-in Google tag tokens; give the token a purpose and vendor of its own", opt)
		case key == "with" && hasValue && value == "":
			return fmt.Errorf("option %q: write the text that must also occur in the script after with=", opt)
		default:
			return fmt.Errorf("unknown or repeated option %q: script options are small and with=TEXT, separated by commas", opt)
		}
	}
	return nil
}
