package classify

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
)

// TestKnowledgeBaseLint checks every row of every embedded file: that it
// parses (pattern, purpose, vendor, options: loadKnowledgeBase refuses a
// row that does not), that no pattern is listed twice, that each vendor
// lives in one file, and that no rule is shadowed by, or overlaps, a
// broader rule of another purpose unless the row that wins where both
// match has a note saying why. Errors name file:line.
func TestKnowledgeBaseLint(t *testing.T) {
	kb, err := loadKnowledgeBase(kbFiles, "kb/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lintKnowledgeBase(kb.rows) {
		t.Error(e)
	}
}

// lintKnowledgeBase returns the lint's findings for rows.
func lintKnowledgeBase(rows []ruleRow) []string {
	var errs []string
	report := func(r *ruleRow, format string, args ...any) {
		errs = append(errs, r.pos+": "+fmt.Sprintf(format, args...))
	}
	first := make(map[string]*ruleRow)
	vendorFile := make(map[string]*ruleRow)
	byKind := make(map[string][]*ruleRow)
	for i := range rows {
		r := &rows[i]
		key := r.kind + "\t" + r.pattern()
		if f, dup := first[key]; dup {
			report(r, "%s pattern %q is already listed at %s", r.kind, r.pattern(), f.pos)
		} else {
			first[key] = r
		}
		v := rowVendor(r)
		if r.kind == kindValue {
			// Value rows name vendors of other files on purpose.
			byKind[r.kind] = append(byKind[r.kind], r)
			continue
		}
		if generated(r) {
			// The generated layer is organised by source, not by vendor
			// family: its vendors are named as the curated files name
			// them, wherever those live.
		} else if f, ok := vendorFile[v]; ok && rowFile(f) != rowFile(r) {
			report(r, "vendor %q already has rows in %s (%s): keep a vendor's rows in one file", v, rowFile(f), f.pos)
		} else if !ok {
			vendorFile[v] = r
		}
		byKind[r.kind] = append(byKind[r.kind], r)
	}
	needNote := func(winner, other *ruleRow, how string) {
		if !generated(winner) && generated(other) {
			return // a curated row is by construction the exception to the data
		}
		if winner.note == "" {
			report(winner, "%s %q (%s) %s %s %q (%s) at %s: add a note saying why, or change one of them",
				winner.kind, winner.pattern(), rowPurpose(winner), how, other.kind, other.pattern(), rowPurpose(other), other.pos)
		}
	}
	for _, list := range [][]*ruleRow{byKind[kindCookie], byKind[kindHost]} {
		for i, a := range list {
			for j, b := range list {
				if i == j || rowPurpose(a) == rowPurpose(b) && (a.kind != kindCookie || rowVendor(a) == rowVendor(b)) {
					continue
				}
				if a.kind == kindCookie {
					if how, ok := cookieOverlap(a, b, i < j); ok {
						needNote(a, b, how)
					}
				} else if rowPurpose(a) != rowPurpose(b) && hostCovers(&b.hostPat, &a.hostPat) {
					needNote(a, b, "is narrower than")
				}
			}
		}
	}
	// A script token that another token of another purpose also matches:
	// both match, and the most restrictive purpose wins.
	scripts := byKind[kindScript]
	for _, b := range scripts {
		if b.script.gtag != 0 {
			continue
		}
		m, err := compileSignatures([]ScriptRule{b.script}, sourceBuiltin, false)
		if err != nil {
			report(b, "%v", err)
			continue
		}
		for _, a := range scripts {
			if a == b || a.script.gtag != 0 || a.script.Purpose == b.script.Purpose {
				continue
			}
			if _, ok := m.classify([]byte(exampleScriptFor(a.script))); ok {
				needNote(a, b, "also matches")
			}
		}
	}
	errs = append(errs, lintValueShapes(byKind[kindValue], byKind[kindCookie])...)
	return errs
}

// genericValues are cookie values no vendor owns: a value row that matches
// one is too weak to name a vendor.
var genericValues = []string{
	"1", "true", "0", "en", "1700000000", "1700000000123",
	"3f2504e0-4f89-11d3-9a0c-0305e82c3301",
	"9f8e7d6c5b4a39281706f5e4d3c2b1a0",
	"1.1.1234567890.1700000000",
	`{"id":"123","created":1700000000000}`,
	"a1b2c3d4e5f6.1700000000",
}

// lintValueShapes checks the value rows: each names a vendor that a cookie
// row of the knowledge base names with the same purpose, and none matches
// a generic value.
func lintValueShapes(values, cookies []*ruleRow) []string {
	var errs []string
	purposes := make(map[string]map[string]bool) // vendor -> purposes of its cookie rows
	for _, c := range cookies {
		if purposes[c.cookie.Vendor] == nil {
			purposes[c.cookie.Vendor] = make(map[string]bool)
		}
		purposes[c.cookie.Vendor][rowPurpose(c)] = true
	}
	for _, v := range values {
		if !purposes[v.cookie.Vendor][rowPurpose(v)] {
			errs = append(errs, fmt.Sprintf("%s: value row of %q (%s): no cookie row names this vendor with this purpose; name the vendor as its cookie rows do", v.pos, v.cookie.Vendor, rowPurpose(v)))
		}
		for _, g := range genericValues {
			if v.cookiePat.re.MatchString(g) {
				errs = append(errs, fmt.Sprintf("%s: value pattern %q matches the generic value %q: a value shape must be one only its vendor writes", v.pos, v.pattern(), g))
			}
		}
	}
	return errs
}

// cookieOverlap reports whether cookie rows a and b can match one name,
// a winning there: how says how they relate. aFirst says a is listed
// before b, which decides between regular expressions.
func cookieOverlap(a, b *ruleRow, aFirst bool) (how string, ok bool) {
	pa, pb := &a.cookiePat, &b.cookiePat
	related := func(x, y string) bool { return strings.HasPrefix(x, y) || strings.HasPrefix(y, x) }
	switch {
	case pa.kind == kindExact && pb.kind == kindPrefix:
		return "is under the prefix", strings.HasPrefix(pa.text, pb.text)
	case pa.kind == kindPrefix && pb.kind == kindPrefix:
		return "is under the prefix", strings.HasPrefix(pa.text, pb.text)
	case pa.kind == kindExact && pb.kind == kindRegex:
		return "is matched by", pb.re.MatchString(pa.text)
	case pa.kind == kindPrefix && pb.kind == kindRegex:
		// An approximation: the prefix and the literal every match of the
		// regular expression starts with are related.
		return "overlaps", related(pa.text, pb.lit) && (pb.lit != "" || pb.re.MatchString(pa.text))
	case pa.kind == kindRegex && pb.kind == kindRegex && aFirst:
		return "overlaps (and is listed first)", related(pa.lit, pb.lit) &&
			(strings.HasSuffix(pa.suf, pb.suf) || strings.HasSuffix(pb.suf, pa.suf))
	}
	return "", false
}

// hostCovers reports whether URL pattern b matches every URL that n
// matches.
func hostCovers(b, n *hostPattern) bool {
	switch {
	case b.host == "":
	case n.host == "":
		return false
	case n.host == b.host:
		if n.wildcard && !b.wildcard {
			return false
		}
	case !b.wildcard || !strings.HasSuffix(n.host, "."+b.host):
		return false
	}
	if len(b.segs) > len(n.segs) {
		return false
	}
	for i, s := range b.segs {
		if !segmentCovers(s, n.segs[i]) {
			return false
		}
	}
	if b.dirSlash && len(b.segs) == len(n.segs) && !n.dirSlash {
		return false
	}
	if b.hasQuery {
		return n.hasQuery && n.qName == b.qName && strings.HasPrefix(n.qValue, b.qValue)
	}
	return true
}

// segmentCovers reports whether path segment pattern b matches every
// segment n matches.
func segmentCovers(b, n pathSegment) bool {
	if !b.glob {
		return !n.glob && n.prefix == b.prefix
	}
	if !n.glob {
		return b.match(n.prefix)
	}
	return strings.HasPrefix(n.prefix, b.prefix) && strings.HasSuffix(n.suffix, b.suffix)
}

// generatedPrefix starts the names of the knowledge base's generated
// files (internal/kbimport).
const generatedPrefix = "imported-"

// generated reports whether r is a row of a generated file.
func generated(r *ruleRow) bool { return strings.HasPrefix(rowFile(r), generatedPrefix) }

func rowFile(r *ruleRow) string {
	name, _, _ := strings.Cut(r.pos, ":")
	return path.Base(name)
}

func rowVendor(r *ruleRow) string {
	switch r.kind {
	case kindCookie, kindValue:
		return r.cookie.Vendor
	case kindHost:
		return r.host.Vendor
	}
	return r.script.Vendor
}

func rowPurpose(r *ruleRow) string {
	switch r.kind {
	case kindCookie, kindValue:
		return r.cookie.Purpose.String()
	case kindHost:
		return r.host.Purpose.String()
	}
	return r.script.Purpose.String()
}

// BenchmarkLoadKnowledgeBase times parsing the embedded files, the
// one-off start-up cost of the knowledge base as data.
func BenchmarkLoadKnowledgeBase(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadKnowledgeBase(kbFiles, "kb/*.tsv"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGeneratedFilesHeader checks that every generated file of the
// knowledge base says so, and where its judgments are.
func TestGeneratedFilesHeader(t *testing.T) {
	names, err := fs.Glob(kbFiles, "kb/"+generatedPrefix+"*.tsv")
	if err != nil || len(names) != 2 {
		t.Fatalf("generated files %v (%v), want imported-cookies.tsv and imported-hosts.tsv", names, err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(kbFiles, name)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(b), "\n")
		if !strings.HasPrefix(first, "# generated by consent/classify/internal/kbimport") || !strings.Contains(first, "do not edit; overrides in kb/import/overrides.tsv") {
			t.Errorf("%s: first line %q is not the generated header", name, first)
		}
	}
}
