package caddymodule

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/caddyserver/caddy/v2"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/receipts"
)

// DefaultReceiptRetention is how long receipts are kept: 24 months, the
// CCPA record-keeping period.
const DefaultReceiptRetention = 730 * 24 * time.Hour

// defaultReceiptsPath is the SQLite file in Caddy's data directory.
func defaultReceiptsPath() string {
	return filepath.Join(caddy.AppDataDir(), "consent", "receipts.db")
}

// receiptsPath is the receipts file the config names, or the default.
func (h *Handler) receiptsPath() string {
	if h.Receipts == "" {
		return defaultReceiptsPath()
	}
	return h.Receipts
}

// receiptsPool shares one store per file across config reloads (the new
// config is provisioned while the old one still serves).
var receiptsPool = caddy.NewUsagePool()

// receiptsUnit is one receipts file: the store, the resilient writer in
// front of it, and the daily purge. Nothing of it touches the disk before
// the first receipt or the first purge, so loading a config (and `caddy
// validate`) creates no file.
type receiptsUnit struct {
	path  string
	store *lazySQLite
	opts  receipts.ResilientOptions
	stop  chan struct{}
	done  chan struct{}

	mu     sync.Mutex
	res    *receipts.Resilient // started by writer
	closed bool
}

// writer returns the resilient writer, starting it on first use (it then
// replays a spool an earlier process left). It returns nil once the unit
// is closed if it was never started.
func (u *receiptsUnit) writer() *receipts.Resilient {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.res == nil && !u.closed {
		u.res = receipts.NewResilient(u.store, u.path+".spool", u.opts)
	}
	return u.res
}

// Destruct stops the purge, drains the writer and closes the store.
func (u *receiptsUnit) Destruct() error {
	close(u.stop)
	<-u.done
	u.mu.Lock()
	u.closed = true
	res := u.res
	u.mu.Unlock()
	var err error
	if res != nil {
		err = res.Close()
	}
	if cerr := u.store.Close(); err == nil {
		err = cerr
	}
	return err
}

// provisionReceipts sets up (or shares) the receipts writer for the
// configured file, without opening it. It never fails the config: a store
// that cannot be opened is retried on every write, and receipts are
// spooled meanwhile.
func (h *Handler) provisionReceipts() error {
	if h.Receipts == "off" {
		return nil
	}
	path := h.receiptsPath()
	retention := time.Duration(h.ReceiptRetention)
	if retention == 0 {
		retention = DefaultReceiptRetention
	}
	logger, m := h.logger, h.metrics
	val, _, err := receiptsPool.LoadOrNew(path, func() (caddy.Destructor, error) {
		u := &receiptsUnit{
			path:  path,
			store: &lazySQLite{path: path},
			stop:  make(chan struct{}),
			done:  make(chan struct{}),
			opts: receipts.ResilientOptions{
				OnError: func(err error, r receipts.Receipt, stage string) {
					m.receiptErrors.WithLabelValues(stage).Inc()
					logger.Error("receipt store problem", zap.String("stage", stage), zap.String("receipt", r.ID), zap.Error(err))
				},
			},
		}
		go u.purgeLoop(logger, retention)
		return u, nil
	})
	if err != nil {
		return fmt.Errorf("receipts: %w", err)
	}
	h.receipts = val.(*receiptsUnit)
	h.receiptsKey = path
	return nil
}

// firstPurgeDelay is how long after start the first purge runs: late
// enough that a config that is only validated, or replaced at once, never
// gets there.
const firstPurgeDelay = time.Minute

// purgeLoop deletes expired receipts a minute after start and then daily.
// Its first run also starts the writer, so a spool left by an earlier
// process is replayed even before the next decision.
func (u *receiptsUnit) purgeLoop(logger *zap.Logger, retention time.Duration) {
	defer close(u.done)
	t := time.NewTimer(firstPurgeDelay)
	defer t.Stop()
	for {
		select {
		case <-u.stop:
			return
		case <-t.C:
			u.writer()
			u.purge(logger, retention)
			t.Reset(24 * time.Hour)
		}
	}
}

// purge deletes the receipts older than retention. A store file that does
// not exist yet holds none, and is not created for the purpose.
func (u *receiptsUnit) purge(logger *zap.Logger, retention time.Duration) {
	if _, err := os.Stat(u.path); errors.Is(err, fs.ErrNotExist) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := u.store.Purge(ctx, time.Now().Add(-retention))
	if err != nil {
		logger.Error("purging expired receipts", zap.Error(err))
	} else if n > 0 {
		logger.Info("purged expired receipts", zap.Int64("count", n), zap.Duration("retention", retention))
	}
}

// recordReceipt hands a decision to the receipts writer; it never blocks
// or fails the request.
func (h *Handler) recordReceipt(c consent.Choices, userAgent string) {
	if h.receipts == nil {
		return
	}
	w := h.receipts.writer()
	if w == nil {
		h.logger.Error("receipt not queued", zap.String("receipt", c.Receipt), zap.Error(receipts.ErrClosed))
		return
	}
	if err := w.Put(context.Background(), receipts.FromChoices(c, h.mode, userAgent)); err != nil {
		h.logger.Error("receipt not queued", zap.String("receipt", c.Receipt), zap.Error(err))
	}
}

// lazySQLite is a receipts.Store that opens its SQLite file on first use
// and again after a failure, so a store that is down at start (full disk,
// bad permissions) recovers without a restart.
type lazySQLite struct {
	path string
	mu   sync.Mutex
	s    *receipts.SQLiteStore
}

func (l *lazySQLite) open() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.s != nil {
		return nil
	}
	s, err := receipts.OpenSQLite(l.path)
	if err != nil {
		return err
	}
	l.s = s
	return nil
}

func (l *lazySQLite) get() (*receipts.SQLiteStore, error) {
	if err := l.open(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.s, nil
}

func (l *lazySQLite) Put(ctx context.Context, r receipts.Receipt) error {
	s, err := l.get()
	if err != nil {
		return err
	}
	return s.Put(ctx, r)
}

// PutBatch lets the resilient writer store batches in one transaction.
func (l *lazySQLite) PutBatch(ctx context.Context, rs []receipts.Receipt) error {
	s, err := l.get()
	if err != nil {
		return err
	}
	return s.PutBatch(ctx, rs)
}

func (l *lazySQLite) Get(ctx context.Context, id string) (receipts.Receipt, error) {
	s, err := l.get()
	if err != nil {
		return receipts.Receipt{}, err
	}
	return s.Get(ctx, id)
}

func (l *lazySQLite) Export(ctx context.Context, from, to time.Time, fn func(receipts.Receipt) error) error {
	s, err := l.get()
	if err != nil {
		return err
	}
	return s.Export(ctx, from, to, fn)
}

func (l *lazySQLite) Purge(ctx context.Context, before time.Time) (int64, error) {
	s, err := l.get()
	if err != nil {
		return 0, err
	}
	return s.Purge(ctx, before)
}

func (l *lazySQLite) Stats(ctx context.Context, year int) (receipts.YearStats, error) {
	s, err := l.get()
	if err != nil {
		return receipts.YearStats{}, err
	}
	return s.Stats(ctx, year)
}

func (l *lazySQLite) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.s == nil {
		return nil
	}
	err := l.s.Close()
	l.s = nil
	return err
}

// Interface guards
var (
	_ receipts.Store   = (*lazySQLite)(nil)
	_ caddy.Destructor = (*receiptsUnit)(nil)
)
