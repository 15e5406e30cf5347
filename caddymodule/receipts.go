package caddymodule

import (
	"context"
	"fmt"
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

// receiptsPool shares one store per file across config reloads (the new
// config is provisioned while the old one still serves).
var receiptsPool = caddy.NewUsagePool()

// receiptsUnit is one receipts file: the store, the resilient writer in
// front of it, and the daily purge.
type receiptsUnit struct {
	store *lazySQLite
	res   *receipts.Resilient
	stop  chan struct{}
	done  chan struct{}
}

// Destruct stops the purge, drains the writer and closes the store.
func (u *receiptsUnit) Destruct() error {
	close(u.stop)
	<-u.done
	err := u.res.Close()
	if cerr := u.store.Close(); err == nil {
		err = cerr
	}
	return err
}

// provisionReceipts opens (or shares) the receipts store. It never fails
// the config: a store that cannot be opened is retried on every write,
// and receipts are spooled meanwhile.
func (h *Handler) provisionReceipts() error {
	if h.Receipts == "off" {
		return nil
	}
	path := h.Receipts
	if path == "" {
		path = defaultReceiptsPath()
	}
	retention := time.Duration(h.ReceiptRetention)
	if retention == 0 {
		retention = DefaultReceiptRetention
	}
	logger, m := h.logger, h.metrics
	val, _, err := receiptsPool.LoadOrNew(path, func() (caddy.Destructor, error) {
		store := &lazySQLite{path: path}
		if err := store.open(); err != nil {
			logger.Error("receipts store unavailable; decisions still apply and receipts are spooled until it works", zap.String("path", path), zap.Error(err))
		}
		u := &receiptsUnit{store: store, stop: make(chan struct{}), done: make(chan struct{})}
		u.res = receipts.NewResilient(store, path+".spool", receipts.ResilientOptions{
			OnError: func(err error, r receipts.Receipt, stage string) {
				m.receiptErrors.WithLabelValues(stage).Inc()
				logger.Error("receipt store problem", zap.String("stage", stage), zap.String("receipt", r.ID), zap.Error(err))
			},
		})
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

// purgeLoop deletes expired receipts at start and then daily.
func (u *receiptsUnit) purgeLoop(logger *zap.Logger, retention time.Duration) {
	defer close(u.done)
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-u.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			n, err := u.store.Purge(ctx, time.Now().Add(-retention))
			cancel()
			if err != nil {
				logger.Error("purging expired receipts", zap.Error(err))
			} else if n > 0 {
				logger.Info("purged expired receipts", zap.Int64("count", n), zap.Duration("retention", retention))
			}
			t.Reset(24 * time.Hour)
		}
	}
}

// recordReceipt hands a decision to the receipts writer; it never blocks
// or fails the request.
func (h *Handler) recordReceipt(c consent.Choices, userAgent string) {
	if h.receipts == nil {
		return
	}
	if err := h.receipts.res.Put(context.Background(), receipts.FromChoices(c, h.mode, userAgent)); err != nil {
		h.logger.Error("receipt not queued", zap.String("receipt", c.Receipt), zap.Error(err))
	}
}

// Cleanup releases the receipts store.
func (h *Handler) Cleanup() error {
	if h.receiptsKey != "" {
		_, err := receiptsPool.Delete(h.receiptsKey)
		return err
	}
	return nil
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
	_ receipts.Store     = (*lazySQLite)(nil)
	_ caddy.Destructor   = (*receiptsUnit)(nil)
	_ caddy.CleanerUpper = (*Handler)(nil)
)
