package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The input files.
const (
	ocdFile       = "open-cookie-database.train.csv"
	tpwFile       = "third-party-web-entities.json"
	overridesFile = "import/overrides.tsv"
)

// generatedPrefix starts the name of every generated file of the knowledge
// base; the curated files are the other *.tsv files.
const generatedPrefix = "imported-"

// ocdRow is one row of the reduced Open Cookie Database.
type ocdRow struct {
	line                             int
	platform, category, name, domain string
	wildcard                         bool
}

// tpwEntity is one entity of third-party-web.
type tpwEntity struct {
	Name     string   `json:"name"`
	Category string   `json:"category"`
	Domains  []string `json:"domains"`
}

// curatedRow is one row of a hand-curated file: what the converter needs
// to skip the patterns it covers.
type curatedRow struct {
	pos, kind, pattern, purpose, vendor string
}

// override is one judgment of overrides.tsv.
type override struct {
	pos, match, key, category, purpose, vendor, note string
}

type inputs struct {
	ocd       []ocdRow
	tpw       []tpwEntity
	curated   []curatedRow
	overrides []override
}

func readInputs(dataDir, kbDir string) (*inputs, error) {
	in := new(inputs)
	var err error
	if in.ocd, err = readOCD(filepath.Join(dataDir, ocdFile)); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dataDir, tpwFile))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &in.tpw); err != nil {
		return nil, fmt.Errorf("%s: %v", tpwFile, err)
	}
	if in.curated, err = readCurated(kbDir); err != nil {
		return nil, err
	}
	if in.overrides, err = readOverrides(filepath.Join(kbDir, overridesFile)); err != nil {
		return nil, err
	}
	return in, nil
}

func readOCD(path string) ([]ocdRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	want := "platform,category,name,domain,retention,wildcard"
	if len(recs) == 0 || strings.Join(recs[0], ",") != want {
		return nil, fmt.Errorf("%s: the header must be %q", path, want)
	}
	var rows []ocdRow
	for i, r := range recs[1:] {
		rows = append(rows, ocdRow{line: i + 2, platform: strings.TrimSpace(r[0]), category: strings.TrimSpace(r[1]),
			name: strings.TrimSpace(r[2]), domain: strings.TrimSpace(r[3]), wildcard: r[5] == "1"})
	}
	return rows, nil
}

// readCurated reads the rows of the hand-curated files of kbDir, in name
// order, as the knowledge base does.
func readCurated(kbDir string) ([]curatedRow, error) {
	names, err := filepath.Glob(filepath.Join(kbDir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var rows []curatedRow
	for _, name := range names {
		if strings.HasPrefix(filepath.Base(name), generatedPrefix) {
			continue
		}
		err := eachTSVRow(name, func(pos string, f []string) error {
			if f[0] == "kind" {
				return nil
			}
			if len(f) < 4 {
				return fmt.Errorf("%s: want at least kind, pattern, purpose and vendor", pos)
			}
			rows = append(rows, curatedRow{pos: pos, kind: f[0], pattern: f[1], purpose: f[2], vendor: f[3]})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no curated rows in %s", kbDir)
	}
	return rows, nil
}

// The columns of overrides.tsv.
var overrideHeader = []string{"match", "key", "category", "purpose", "vendor", "note"}

// The match column's values, and which dataset field each keys on.
var overrideMatches = map[string]bool{
	"ocd-category": true, "ocd-platform": true, "ocd-cookie": true, "ocd-name-contains": true,
	"3pw-category": true, "3pw-entity": true, "3pw-host": true,
}

func readOverrides(path string) ([]override, error) {
	var list []override
	header := false
	err := eachTSVRow(path, func(pos string, f []string) error {
		if !header {
			if strings.Join(f, "\t") != strings.Join(overrideHeader, "\t") {
				return fmt.Errorf("%s: the first row must be the header %q", pos, strings.Join(overrideHeader, "\t"))
			}
			header = true
			return nil
		}
		if len(f) != len(overrideHeader) {
			return fmt.Errorf("%s: %d columns, want %d (%s)", pos, len(f), len(overrideHeader), strings.Join(overrideHeader, ", "))
		}
		o := override{pos: pos, match: f[0], key: f[1], category: f[2], purpose: f[3], vendor: f[4], note: f[5]}
		switch {
		case !overrideMatches[o.match]:
			return fmt.Errorf("%s: unknown match %q", pos, o.match)
		case o.key == "":
			return fmt.Errorf("%s: empty key", pos)
		case o.purpose != "skip" && o.purpose != "-" && !validPurpose[o.purpose]:
			return fmt.Errorf("%s: purpose %q: write a purpose, skip, or - (keep the mapped purpose)", pos, o.purpose)
		case o.purpose == "-" && o.vendor == "":
			return fmt.Errorf("%s: purpose - without a vendor changes nothing", pos)
		case o.note == "":
			return fmt.Errorf("%s: every judgment needs a note saying why", pos)
		case o.category != "" && o.match != "ocd-platform":
			return fmt.Errorf("%s: the category column is for ocd-platform rows only", pos)
		}
		list = append(list, o)
		return nil
	})
	return list, err
}

// validPurpose holds the purposes a rule can give.
var validPurpose = map[string]bool{
	"necessary": true, "functional": true, "analytics": true, "beacon": true, "retargeting": true, "social": true,
}

// eachTSVRow calls fn with the tab-separated fields of every line of path
// that is neither blank nor a comment.
func eachTSVRow(path string, fn func(pos string, fields []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSuffix(sc.Text(), "\r")
		if t := strings.TrimSpace(text); t == "" || t[0] == '#' {
			continue
		}
		fields := strings.Split(text, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if err := fn(fmt.Sprintf("%s:%d", filepath.Base(path), line), fields); err != nil {
			return err
		}
	}
	return sc.Err()
}
