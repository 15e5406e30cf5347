package receipts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// purgeChunk is how many rows one purge statement deletes, so a large purge
// never holds the write lock for long.
const purgeChunk = 5000

// busyTimeoutMS is how long a connection waits for a lock held by another
// connection or process before failing.
const busyTimeoutMS = 5000

// SQLiteStore is a Store in an SQLite database file, in WAL mode with
// synchronous=FULL: a receipt whose Put returned survives a power loss.
// That costs a sync per transaction, so bulk writers use PutBatch (as
// Resilient does). It is safe for concurrent use, and several processes
// may share the file.
type SQLiteStore struct {
	path string
	// w is the one connection that writes, so writers queue in Go rather
	// than spin on SQLite's busy handler; r serves reads, which WAL lets
	// run beside the writer.
	w, r *sql.DB
	put  *sql.Stmt

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
}

var _ Store = (*SQLiteStore)(nil)

// OpenSQLite opens (creating if needed) the receipt database at path. It
// creates the parent directory (mode 0700) and the file (mode 0600) when
// they do not exist, enables WAL and a busy timeout, and migrates the
// schema.
func OpenSQLite(path string) (*SQLiteStore, error) {
	if path == "" {
		return nil, errors.New("receipt database path is empty; give a file path")
	}
	if strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") || path == ":memory:" {
		return nil, fmt.Errorf("receipt database path %q must be a plain file path, without '?', '#' or a file: prefix", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("creating receipt database directory: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening receipt database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("opening receipt database file: %w", err)
	}

	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)", busyTimeoutMS)
	w, err := sql.Open("sqlite", path+"?"+common+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("opening receipt database: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &SQLiteStore{path: path, w: w}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := migrate(ctx, w); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("receipt database %s: %w", path, err)
	}
	s.put, err = w.PrepareContext(ctx, `INSERT INTO receipts
		(id, time_ns, applied_ns, policy_version, mode, granted, persistent, source, gpc, user_agent, opt_out)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("receipt database %s: preparing insert: %w", path, err)
	}
	s.r, err = sql.Open("sqlite", path+"?"+common)
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("opening receipt database: %w", err)
	}
	s.r.SetMaxOpenConns(4)
	s.r.SetMaxIdleConns(2)
	return s, nil
}

// Path returns the database file's path.
func (s *SQLiteStore) Path() string { return s.path }

// Put implements Store.
func (s *SQLiteStore) Put(ctx context.Context, r Receipt) error {
	if s.closed.Load() {
		return ErrClosed
	}
	n, err := r.normalize()
	if err != nil {
		return err
	}
	if _, err := s.put.ExecContext(ctx, insertArgs(n)...); err != nil {
		return s.wrap("storing receipt", err)
	}
	return nil
}

// PutBatch stores several receipts in one transaction: all or none. It is
// what Resilient uses when draining its queue. Validation errors wrap
// ErrInvalid, and then nothing is stored.
func (s *SQLiteStore) PutBatch(ctx context.Context, rs []Receipt) error {
	if s.closed.Load() {
		return ErrClosed
	}
	norm := make([]Receipt, len(rs))
	for i, r := range rs {
		n, err := r.normalize()
		if err != nil {
			return fmt.Errorf("receipt %d of batch: %w", i, err)
		}
		norm[i] = n
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("storing receipts", err)
	}
	defer func() { _ = tx.Rollback() }()
	stmt := tx.StmtContext(ctx, s.put)
	for _, n := range norm {
		if _, err := stmt.ExecContext(ctx, insertArgs(n)...); err != nil {
			return s.wrap("storing receipts", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.wrap("storing receipts", err)
	}
	return nil
}

func insertArgs(n Receipt) []any {
	return []any{
		n.ID, n.Time.UnixNano(), n.Applied.UnixNano(), n.PolicyVersion, n.Mode,
		strings.Join(n.Granted, " "), n.Persistent, n.Source, n.GPC, n.UserAgent, OptOutRequest(n),
	}
}

const selectColumns = `id, time_ns, applied_ns, policy_version, mode, granted, persistent, source, gpc, user_agent`

type scanner interface{ Scan(dest ...any) error }

func scanReceipt(sc scanner) (Receipt, error) {
	var (
		r                Receipt
		tns, ans         int64
		granted          string
		persistent, gpc  bool
		mode, src, ua, v string
	)
	if err := sc.Scan(&r.ID, &tns, &ans, &v, &mode, &granted, &persistent, &src, &gpc, &ua); err != nil {
		return Receipt{}, err
	}
	r.Time = time.Unix(0, tns).UTC()
	r.Applied = time.Unix(0, ans).UTC()
	r.PolicyVersion, r.Mode, r.Source, r.UserAgent = v, mode, src, ua
	r.Granted = strings.Fields(granted)
	if r.Granted == nil {
		r.Granted = []string{}
	}
	r.Persistent, r.GPC = persistent, gpc
	return r, nil
}

// Get implements Store.
func (s *SQLiteStore) Get(ctx context.Context, id string) (Receipt, error) {
	r, err := scanReceipt(s.r.QueryRowContext(ctx, `SELECT `+selectColumns+` FROM receipts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Receipt{}, ErrNotFound
	}
	if err != nil {
		return Receipt{}, s.wrap("reading receipt", err)
	}
	return r, nil
}

// timeRange converts an export window to Unix nanoseconds; zero times
// leave the window open.
func timeRange(from, to time.Time) (int64, int64) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = clampNano(from)
	}
	if !to.IsZero() {
		hi = clampNano(to)
	}
	return lo, hi
}

// clampNano returns t in Unix nanoseconds, saturating outside the range an
// int64 can hold.
func clampNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// Export implements Store. It reads from one snapshot of the database, so
// receipts written meanwhile are not half included.
func (s *SQLiteStore) Export(ctx context.Context, from, to time.Time, fn func(Receipt) error) error {
	lo, hi := timeRange(from, to)
	rows, err := s.r.QueryContext(ctx, `SELECT `+selectColumns+` FROM receipts
		WHERE time_ns >= ? AND time_ns < ? ORDER BY time_ns, id`, lo, hi)
	if err != nil {
		return s.wrap("exporting receipts", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReceipt(rows)
		if err != nil {
			return s.wrap("exporting receipts", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.wrap("exporting receipts", err)
	}
	return nil
}

// Purge implements Store. It deletes in chunks so writers are not held up.
func (s *SQLiteStore) Purge(ctx context.Context, before time.Time) (int64, error) {
	if before.IsZero() {
		return 0, nil
	}
	_, cut := timeRange(time.Time{}, before)
	var total int64
	for {
		res, err := s.w.ExecContext(ctx, `DELETE FROM receipts WHERE rowid IN
			(SELECT rowid FROM receipts WHERE time_ns < ? LIMIT ?)`, cut, purgeChunk)
		if err != nil {
			return total, s.wrap("purging receipts", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, s.wrap("purging receipts", err)
		}
		total += n
		if n < purgeChunk {
			return total, nil
		}
	}
}

// Stats implements Store; see YearStats for the definitions.
func (s *SQLiteStore) Stats(ctx context.Context, year int) (YearStats, error) {
	st := YearStats{Year: year, BySource: map[string]int64{}}
	if year < 1970 || year > 2200 {
		return st, fmt.Errorf("year %d out of range (1970 to 2200)", year)
	}
	start, end := yearBounds(year)
	lo, hi := start.UnixNano(), end.UnixNano()

	// One read transaction, so the figures agree with each other.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return st, s.wrap("computing receipt stats", err)
	}
	defer func() { _ = tx.Rollback() }()

	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM receipts WHERE time_ns >= ? AND time_ns < ?`, lo, hi).Scan(&st.Decisions); err != nil {
		return st, s.wrap("computing receipt stats", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT source, COUNT(*), COALESCE(SUM(applied_ns >= time_ns), 0) FROM receipts
		WHERE opt_out = 1 AND time_ns >= ? AND time_ns < ? GROUP BY source`, lo, hi)
	if err != nil {
		return st, s.wrap("computing receipt stats", err)
	}
	for rows.Next() {
		var src string
		var n, honored int64
		if err := rows.Scan(&src, &n, &honored); err != nil {
			rows.Close()
			return st, s.wrap("computing receipt stats", err)
		}
		st.BySource[src] = n
		st.Requests += n
		st.Honored += honored
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, s.wrap("computing receipt stats", err)
	}
	if st.Honored > 0 {
		// The median needs only the middle one or two delays.
		off, lim := (st.Honored-1)/2, 2-st.Honored%2
		rows, err := tx.QueryContext(ctx, `SELECT applied_ns - time_ns AS d FROM receipts
			WHERE opt_out = 1 AND time_ns >= ? AND time_ns < ? AND applied_ns >= time_ns
			ORDER BY d LIMIT ? OFFSET ?`, lo, hi, lim, off)
		if err != nil {
			return st, s.wrap("computing receipt stats", err)
		}
		defer rows.Close()
		var mid []time.Duration
		for rows.Next() {
			var d int64
			if err := rows.Scan(&d); err != nil {
				return st, s.wrap("computing receipt stats", err)
			}
			mid = append(mid, time.Duration(d))
		}
		if err := rows.Err(); err != nil {
			return st, s.wrap("computing receipt stats", err)
		}
		st.MedianDays = medianDays(mid)
	}
	return st, nil
}

// Close implements Store. Calling it again returns the first result.
func (s *SQLiteStore) Close() error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		var errs []error
		if s.put != nil {
			errs = append(errs, s.put.Close())
		}
		if s.r != nil {
			errs = append(errs, s.r.Close())
		}
		errs = append(errs, s.w.Close())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// wrap adds context to a database error; a closed database reads as
// ErrClosed.
func (s *SQLiteStore) wrap(what string, err error) error {
	if s.closed.Load() || errors.Is(err, sql.ErrConnDone) {
		return fmt.Errorf("%s in %s: %w", what, s.path, ErrClosed)
	}
	return fmt.Errorf("%s in %s: %w", what, s.path, err)
}
