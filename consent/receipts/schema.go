package receipts

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema changes, in order; migrations[i] brings the
// schema from version i to i+1. Append only: never edit a released one.
var migrations = []string{
	// 1: the receipts table. Times are Unix nanoseconds (UTC); granted is
	// the space-separated purpose names; opt_out is OptOutRequest, kept so
	// Stats needs no decoding.
	`CREATE TABLE receipts (
		id             TEXT    NOT NULL PRIMARY KEY,
		time_ns        INTEGER NOT NULL,
		applied_ns     INTEGER NOT NULL,
		policy_version TEXT    NOT NULL,
		mode           TEXT    NOT NULL,
		granted        TEXT    NOT NULL,
		persistent     INTEGER NOT NULL,
		source         TEXT    NOT NULL,
		gpc            INTEGER NOT NULL,
		user_agent     TEXT    NOT NULL,
		opt_out        INTEGER NOT NULL
	);
	CREATE INDEX receipts_time ON receipts (time_ns, id);
	CREATE INDEX receipts_opt_out_time ON receipts (opt_out, time_ns);`,
}

// migrate brings the schema up to date in one immediate transaction, so
// gateways opening the same file at once apply each migration exactly once.
// It is safe to run on every open.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see the DSN)
	if err != nil {
		return fmt.Errorf("starting schema migration: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_version table: %w", err)
	}
	var version int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case err == sql.ErrNoRows:
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("initializing schema_version: %w", err)
		}
	case err != nil:
		return fmt.Errorf("reading schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("receipt database schema version %d is newer than this build supports (%d); upgrade caddy-consent or use another file", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrating receipt schema to version %d: %w", v+1, err)
		}
	}
	if version < len(migrations) {
		if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, len(migrations)); err != nil {
			return fmt.Errorf("recording schema version: %w", err)
		}
	}
	return tx.Commit()
}
