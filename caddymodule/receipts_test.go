package caddymodule

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap"
)

func TestPurgeCreatesNoStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "consent", "receipts.db")
	u := &receiptsUnit{path: path, store: &lazySQLite{path: path}, stop: make(chan struct{}), done: make(chan struct{})}
	u.purge(zap.NewNop(), time.Hour)
	close(u.done)
	if err := u.Destruct(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a purge without a store created %v", entries)
	}
}
