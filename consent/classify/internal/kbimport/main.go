// Command kbimport converts the open datasets in ../shared/data (the Open
// Cookie Database and third-party-web's entities) into the generated files
// of the built-in knowledge base, kb/imported-cookies.tsv and
// kb/imported-hosts.tsv. The judgments (which category is which purpose,
// and the rows the datasets get wrong) are data, in kb/import/overrides.tsv;
// the hand-curated files win over both. Run it with go generate in
// consent/classify; see kb/README.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	data := flag.String("data", "../../../shared/data", "directory holding open-cookie-database.train.csv and third-party-web-entities.json")
	kb := flag.String("kb", "kb", "the knowledge base directory: curated *.tsv, import/overrides.tsv; the generated files are written here")
	report := flag.Bool("report", false, "print the skipped rows, one a line, after the summary")
	flag.Parse()
	if err := run(*data, *kb, os.Stdout, *report); err != nil {
		fmt.Fprintln(os.Stderr, "kbimport:", err)
		os.Exit(1)
	}
}

// run converts the datasets in dataDir against the knowledge base in kbDir
// and writes the generated files there; the summary goes to w.
func run(dataDir, kbDir string, w io.Writer, report bool) error {
	in, err := readInputs(dataDir, kbDir)
	if err != nil {
		return err
	}
	out := convert(in)
	for name, text := range out.files {
		if err := os.WriteFile(filepath.Join(kbDir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	out.summary(w)
	if report {
		sort.Strings(out.skipped)
		for _, s := range out.skipped {
			fmt.Fprintln(w, s)
		}
	}
	return nil
}
