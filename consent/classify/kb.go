package classify

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"
)

// kbFiles is the built-in knowledge base: one rules file per vendor family
// (see kb/README.md), in the format of operator rules files (ParseRules).
//
//go:embed kb/*.tsv
var kbFiles embed.FS

// knowledgeBase is the parsed built-in knowledge base. It is read once and
// shared by every classifier: nothing in it changes after loading.
type knowledgeBase struct {
	rows       []ruleRow // every row of every file, files in name order
	cookies    []CookieRule
	cookiePats []parsedPattern // cookiePats[i] is cookies[i]'s pattern
	hosts      []HostRule
	hostSet    urlRuleSet
	scripts    []ScriptRule
	sigs       *sigMatcher
	values     []valueShape
}

// builtinKB parses the embedded files on first use. An error is a defect
// of the embedded data, which the package's tests catch.
var builtinKB = sync.OnceValues(func() (*knowledgeBase, error) {
	kb, err := loadKnowledgeBase(kbFiles, "kb/*.tsv")
	if err != nil {
		return nil, fmt.Errorf("built-in knowledge base: %v", err)
	}
	return kb, nil
})

// mustBuiltinKB returns the knowledge base for the functions that cannot
// return an error; an embedded file that does not parse is a programming
// error.
func mustBuiltinKB() *knowledgeBase {
	kb, err := builtinKB()
	if err != nil {
		panic(err)
	}
	return kb
}

// loadKnowledgeBase parses the files of fsys that match glob, in name
// order. Order matters only among cookie regular expressions (the first
// listed wins) and, as the last tie-breaker, among URL rules equally
// specific for one URL; within a file it is the order of its rows.
func loadKnowledgeBase(fsys fs.FS, glob string) (*knowledgeBase, error) {
	names, err := fs.Glob(fsys, glob)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no file matches %s", glob)
	}
	kb := new(knowledgeBase)
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		rows, err := parseRuleRows(f, name, true)
		f.Close()
		if err != nil {
			return nil, err
		}
		kb.rows = append(kb.rows, rows...)
	}
	for i := range kb.rows {
		switch r := &kb.rows[i]; r.kind {
		case kindCookie:
			kb.cookies = append(kb.cookies, r.cookie)
			kb.cookiePats = append(kb.cookiePats, r.cookiePat)
		case kindHost:
			kb.hosts = append(kb.hosts, r.host)
		case kindScript:
			kb.scripts = append(kb.scripts, r.script)
		case kindValue:
			kb.values = append(kb.values, newValueShape(r.cookie, r.cookiePat))
		}
	}
	if kb.hostSet, err = buildURLRuleSet(kb.hosts, sourceBuiltin); err != nil {
		return nil, err
	}
	if kb.sigs, err = compileSignatures(kb.scripts, sourceBuiltin, true); err != nil {
		return nil, err
	}
	return kb, nil
}

// BuiltinCookieRules returns a copy of the built-in knowledge base of cookie
// names, vendors and purposes.
func BuiltinCookieRules() []CookieRule {
	return append([]CookieRule(nil), mustBuiltinKB().cookies...)
}

// BuiltinHostRules returns the built-in URL knowledge base. The slice is a
// copy: callers may keep or modify it.
func BuiltinHostRules() []HostRule {
	return append([]HostRule(nil), mustBuiltinKB().hosts...)
}
