package classify

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Limits on a cookie database file, so a wrong path or a hostile file
// cannot exhaust the gateway's memory at start.
const (
	maxCookieDBRows  = 100_000
	maxCookieDBBytes = 64 << 20
)

// The Open Cookie Database columns LoadCookieDB needs, by normalized header
// name (see normalizeCookieDBHeader).
const (
	cookieDBColPlatform = "platform"
	cookieDBColCategory = "category"
	cookieDBColName     = "cookie/datakeyname"
	cookieDBColWildcard = "wildcardmatch"
)

var cookieDBRequired = []struct{ key, header string }{
	{cookieDBColPlatform, "Platform"},
	{cookieDBColCategory, "Category"},
	{cookieDBColName, "Cookie / Data Key name"},
	{cookieDBColWildcard, "Wildcard match"},
}

// LoadCookieDB reads a file in the Open Cookie Database CSV format, whose
// header is
//
//	ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
//
// Columns are found by their header name, in any order; Platform, Category,
// "Cookie / Data Key name" and "Wildcard match" are required. Each row
// becomes a rule whose vendor is the platform; a "Wildcard match" of 1
// makes the name a prefix. Categories map to purposes: Functional (which the
// database uses for strictly necessary cookies) and Security to necessary,
// Preferences and Personalization to functional, Analytics to analytics,
// Marketing to retargeting; any other category is an error naming its line.
//
// Names are read as the database writes them: a trailing count such as
// "CookieConsent [x4]" is dropped, and a placeholder in angle brackets
// ("SR<RotatorID>") stands for any text. A row whose name cannot be a
// cookie name at all (empty, or with spaces, ';', '=', ',' or '"', such as
// "_dp Cookie") is skipped, since no cookie could match it. Duplicate rows
// are allowed. A byte-order mark is tolerated. A malformed file, or one of
// more than 100,000 rows or 64 MiB, is an error giving the line and reason.
func LoadCookieDB(r io.Reader) ([]CookieRule, error) {
	br := bufio.NewReader(newLimitedReader(r, maxCookieDBBytes, "cookie database"))
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // rows are checked against the header below
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cookie database is empty: want a header row naming the Platform, Category, \"Cookie / Data Key name\" and \"Wildcard match\" columns")
	}
	if err != nil {
		return nil, cookieDBError(err)
	}
	cols := make(map[string]int)
	for i, h := range header {
		k := normalizeCookieDBHeader(h)
		if _, dup := cols[k]; !dup {
			cols[k] = i
		}
	}
	var missing []string
	need := 0 // how many fields a row must have
	for _, c := range cookieDBRequired {
		i, ok := cols[c.key]
		if !ok {
			missing = append(missing, fmt.Sprintf("%q", c.header))
			continue
		}
		need = max(need, i+1)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("cookie database line 1: header lacks the column(s) %s (is this an Open Cookie Database CSV file?)", strings.Join(missing, ", "))
	}
	iPlatform, iCategory := cols[cookieDBColPlatform], cols[cookieDBColCategory]
	iName, iWildcard := cols[cookieDBColName], cols[cookieDBColWildcard]

	var rules []CookieRule
	for rows := 0; ; rows++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rules, nil
		}
		if err != nil {
			return nil, cookieDBError(err)
		}
		if rows >= maxCookieDBRows {
			return nil, fmt.Errorf("cookie database has more than %d rows; refusing it", maxCookieDBRows)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < need {
			return nil, fmt.Errorf("cookie database line %d: %d fields, want at least %d as the header says", line, len(rec), need)
		}
		purpose, ok := cookieDBCategory(rec[iCategory])
		if !ok {
			return nil, fmt.Errorf("cookie database line %d: unknown category %q (want Functional, Security, Preferences, Personalization, Analytics or Marketing)", line, rec[iCategory])
		}
		var wildcard bool
		switch strings.TrimSpace(rec[iWildcard]) {
		case "1":
			wildcard = true
		case "0", "":
		default:
			return nil, fmt.Errorf("cookie database line %d: wildcard match %q, want 0 or 1", line, rec[iWildcard])
		}
		pattern, ok := cookieDBPattern(rec[iName], wildcard)
		if !ok {
			continue
		}
		rules = append(rules, CookieRule{
			Pattern: pattern,
			Purpose: purpose,
			Vendor:  strings.TrimSpace(rec[iPlatform]),
		})
	}
}

// cookieDBError words a CSV error with the line it occurred on.
func cookieDBError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("cookie database line %d: %v", pe.Line, pe.Err)
	}
	return fmt.Errorf("reading cookie database: %v", err)
}

// normalizeCookieDBHeader folds a header name for comparison: no byte-order
// mark, no white space, lower case ("Cookie / Data Key name" gives
// "cookie/datakeyname").
func normalizeCookieDBHeader(h string) string {
	h = strings.TrimPrefix(h, "\uFEFF")
	return strings.ToLower(strings.Join(strings.Fields(h), ""))
}

// cookieDBCategory maps an Open Cookie Database category to a purpose.
func cookieDBCategory(c string) (purpose.Purpose, bool) {
	switch strings.ToLower(strings.TrimSpace(c)) {
	case "functional", "security":
		return purpose.Necessary, true
	case "preferences", "personalization", "personalisation":
		return purpose.Functional, true
	case "analytics":
		return purpose.Analytics, true
	case "marketing":
		return purpose.Retargeting, true
	}
	return purpose.Unknown, false
}

var (
	cookieDBCount       = regexp.MustCompile(`\s*\[x\d+\]$`) // "CookieConsent [x4]"
	cookieDBPlaceholder = regexp.MustCompile(`<[^<>]*>`)     // "SR<RotatorID>"
)

// cookieDBPattern turns a database name into a pattern, or reports false
// when no cookie name could match it.
func cookieDBPattern(name string, wildcard bool) (string, bool) {
	name = cookieDBCount.ReplaceAllString(strings.TrimSpace(name), "")
	// Split the name into literal parts around placeholders; a wildcard
	// name has an open end.
	parts := cookieDBPlaceholder.Split(name, -1)
	if wildcard {
		parts = append(parts, "")
	}
	literal := false
	for _, p := range parts {
		literal = literal || p != ""
		if strings.ContainsAny(p, " \t\r\n;=,\"<>") || strings.ContainsFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return "", false
		}
	}
	if !literal {
		return "", false // a name that is only a placeholder would match every cookie
	}
	var pattern string
	switch {
	case len(parts) == 1:
		// An exact name; a name that would read as a prefix or a regular
		// expression is written as an anchored regular expression.
		pattern = parts[0]
		if strings.Contains(pattern, "*") || pattern[0] == '/' {
			pattern = "/^" + regexp.QuoteMeta(pattern) + "$/"
		}
	case len(parts) == 2 && parts[1] == "" && !strings.Contains(parts[0], "*") && parts[0] != "" && parts[0][0] != '/':
		pattern = parts[0] + "*"
	default:
		var b strings.Builder
		b.WriteString("/^")
		for i, p := range parts {
			if i > 0 {
				b.WriteString(".*")
			}
			b.WriteString(regexp.QuoteMeta(p))
		}
		if parts[len(parts)-1] != "" {
			b.WriteString("$")
		}
		b.WriteString("/")
		pattern = b.String()
	}
	if ParseCookiePattern(pattern) != nil {
		return "", false
	}
	return pattern, true
}

// limitedReader reads at most n bytes from r and then fails, unlike
// io.LimitReader, which would end a truncated file quietly. what names the
// input in the error.
type limitedReader struct {
	r     io.Reader
	n     int64 // bytes left
	limit int64
	what  string
}

func newLimitedReader(r io.Reader, limit int64, what string) *limitedReader {
	return &limitedReader{r: r, n: limit, limit: limit, what: what}
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, fmt.Errorf("%s is larger than %d bytes; refusing it", l.what, l.limit)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
