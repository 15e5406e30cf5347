package caddymodule

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/caddyserver/caddy/v2"
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/spf13/cobra"

	"github.com/caddy-consent/caddy-consent/consent/receipts"
)

// receiptsCommand is `caddy consent receipts`: export, stats and purge.
func receiptsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "receipts",
		Short: "Exports consent receipts, prints yearly CCPA figures, purges old receipts",
		Long: `
Works on the receipts database of the consent gateway (SQLite). The file is
found with --db, else from the first consent handler of --config, else in
Caddy's data directory (consent/receipts.db). Safe while Caddy runs.

  caddy consent receipts export [--format jsonl|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  caddy consent receipts stats  [--year YYYY]
  caddy consent receipts purge  [--retention 730d]
`,
	}
	addDBFlags := func(c *cobra.Command) {
		c.Flags().String("db", "", "Path of the receipts SQLite file")
		c.Flags().StringP("config", "c", "", "Configuration file whose consent handler names the receipts file")
		c.Flags().StringP("adapter", "a", "", "Name of config adapter to apply")
	}
	export := &cobra.Command{
		Use:   "export [--format jsonl|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
		Short: "Writes receipts to stdout as JSON lines or CSV",
		RunE:  caddycmd.WrapCommandFuncForCobra(cmdReceiptsExport),
	}
	addDBFlags(export)
	export.Flags().String("format", "jsonl", "Output format: jsonl or csv")
	export.Flags().String("from", "", "First day to export (UTC, inclusive)")
	export.Flags().String("to", "", "Last day to export (UTC, inclusive)")
	stats := &cobra.Command{
		Use:   "stats [--year YYYY]",
		Short: "Prints the yearly figures the CCPA asks large businesses to publish",
		RunE:  caddycmd.WrapCommandFuncForCobra(cmdReceiptsStats),
	}
	addDBFlags(stats)
	stats.Flags().Int("year", time.Now().UTC().Year(), "Calendar year")
	purge := &cobra.Command{
		Use:   "purge [--retention 730d]",
		Short: "Deletes receipts older than the retention period",
		RunE:  caddycmd.WrapCommandFuncForCobra(cmdReceiptsPurge),
	}
	addDBFlags(purge)
	purge.Flags().String("retention", "", "Retention period (default: the config's receipt_retention, else 730d)")
	cmd.AddCommand(export, stats, purge)
	return cmd
}

// openReceiptsDB finds and opens the receipts file for a command.
func openReceiptsDB(fl caddycmd.Flags) (*receipts.SQLiteStore, *Handler, error) {
	h := new(Handler)
	if cfg := fl.String("config"); cfg != "" {
		found, err := handlerFromConfig(cfg, fl.String("adapter"))
		if err != nil {
			return nil, nil, err
		}
		h = found
	}
	path := fl.String("db")
	if path == "" {
		path = h.Receipts
	}
	if path == "off" {
		return nil, nil, errors.New("receipts are off in this config")
	}
	if path == "" {
		path = defaultReceiptsPath()
	}
	if _, err := os.Stat(path); err != nil {
		return nil, nil, fmt.Errorf("receipts database: %w", err)
	}
	s, err := receipts.OpenSQLite(path)
	return s, h, err
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: want YYYY-MM-DD", s)
	}
	return t, nil
}

func cmdReceiptsExport(fl caddycmd.Flags) (int, error) {
	from, err := parseDay(fl.String("from"))
	if err != nil {
		return 1, fmt.Errorf("--from %w", err)
	}
	to, err := parseDay(fl.String("to"))
	if err != nil {
		return 1, fmt.Errorf("--to %w", err)
	}
	if !to.IsZero() {
		to = to.Add(24 * time.Hour) // inclusive day
	}
	format := fl.String("format")
	if format != "jsonl" && format != "csv" {
		return 1, fmt.Errorf("--format %q: want jsonl or csv", format)
	}
	s, _, err := openReceiptsDB(fl)
	if err != nil {
		return 1, err
	}
	defer s.Close()
	out := bufio.NewWriter(os.Stdout)
	var write func(receipts.Receipt) error
	var csvw *receipts.CSVWriter
	if format == "csv" {
		csvw = receipts.NewCSVWriter(out)
		write = csvw.Write
	} else {
		write = func(r receipts.Receipt) error { return receipts.WriteJSONLines(out, r) }
	}
	if err := s.Export(context.Background(), from, to, write); err != nil {
		return 1, err
	}
	if csvw != nil {
		if err := csvw.Flush(); err != nil {
			return 1, err
		}
	}
	return 0, out.Flush()
}

func cmdReceiptsStats(fl caddycmd.Flags) (int, error) {
	s, _, err := openReceiptsDB(fl)
	if err != nil {
		return 1, err
	}
	defer s.Close()
	st, err := s.Stats(context.Background(), fl.Int("year"))
	if err != nil {
		return 1, err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return 0, enc.Encode(st)
}

func cmdReceiptsPurge(fl caddycmd.Flags) (int, error) {
	s, h, err := openReceiptsDB(fl)
	if err != nil {
		return 1, err
	}
	defer s.Close()
	retention := time.Duration(h.ReceiptRetention)
	if v := fl.String("retention"); v != "" {
		if retention, err = caddy.ParseDuration(v); err != nil {
			return 1, fmt.Errorf("--retention: %w", err)
		}
	}
	if retention == 0 {
		retention = DefaultReceiptRetention
	}
	n, err := s.Purge(context.Background(), time.Now().Add(-retention))
	if err != nil {
		return 1, err
	}
	fmt.Printf("purged %d receipts older than %s\n", n, retention)
	return 0, nil
}
