package classify

// The generated files of the knowledge base (kb/imported-*.tsv) come from
// the open datasets in the sibling directory shared/data of the project
// root, judged by kb/import/overrides.tsv; see kb/README.md. They are
// committed: building and testing never need the datasets.
//
//go:generate go run ./internal/kbimport -data ../../../shared/data -kb kb
