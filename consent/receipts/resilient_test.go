package receipts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var errStoreDown = errors.New("store down")

// flakyStore is a Store over a real one that fails on demand. It has no
// PutBatch, so Resilient writes to it one receipt at a time.
type flakyStore struct {
	Store
	failNext atomic.Int64 // fail this many more calls
	down     atomic.Bool  // fail every call
	hang     atomic.Bool  // block every call until its context ends
	poison   string       // refuse this id as invalid
	calls    atomic.Int64
	inFlight atomic.Int64 // calls entered and not yet returned
}

func (f *flakyStore) check(ctx context.Context) error {
	f.calls.Add(1)
	f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	if f.hang.Load() {
		<-ctx.Done()
		return ctx.Err()
	}
	if f.down.Load() || f.failNext.Add(-1) >= 0 {
		return errStoreDown
	}
	return nil
}

func (f *flakyStore) Put(ctx context.Context, r Receipt) error {
	if err := f.check(ctx); err != nil {
		return err
	}
	if r.ID == f.poison {
		return fmt.Errorf("%w: poisoned", ErrInvalid)
	}
	return f.Store.Put(ctx, r)
}

// flakyBatchStore is a flakyStore with PutBatch, over an SQLiteStore.
type flakyBatchStore struct {
	*flakyStore
	sql *SQLiteStore
}

func (f flakyBatchStore) PutBatch(ctx context.Context, rs []Receipt) error {
	if err := f.check(ctx); err != nil {
		return err
	}
	for _, r := range rs {
		if r.ID == f.poison {
			return fmt.Errorf("%w: poisoned", ErrInvalid)
		}
	}
	return f.sql.PutBatch(ctx, rs)
}

// errLog records what OnError is told.
type errLog struct {
	mu    sync.Mutex
	count map[string]int
	lost  []Receipt
}

func (l *errLog) onError(err error, r Receipt, stage string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count == nil {
		l.count = map[string]int{}
	}
	l.count[stage]++
	if stage == StageLost {
		l.lost = append(l.lost, r)
	}
	if err == nil {
		panic("OnError called without an error")
	}
}

func (l *errLog) n(stage string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count[stage]
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// ids returns the sorted ids of receipts.
func ids(rs []Receipt) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	sort.Strings(out)
	return out
}

func wantIDs(from, n int) []string {
	var rs []Receipt
	for i := from; i < from+n; i++ {
		rs = append(rs, testReceipt(i, t0))
	}
	return ids(rs)
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, ",") == strings.Join(b, ",")
}

// fastOpts are options with short retries, recording errors in log.
func fastOpts(log *errLog) ResilientOptions {
	return ResilientOptions{OnError: log.onError, RetryMin: time.Millisecond, RetryMax: 20 * time.Millisecond, CloseTimeout: 5 * time.Second}
}

func TestResilientStores(t *testing.T) {
	s, path := openTestStore(t)
	var log errLog
	rs := NewResilient(s, filepath.Join(filepath.Dir(path), "spool.jsonl"), fastOpts(&log))
	const workers, each = 8, 250
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := rs.Put(context.Background(), testReceipt(w*each+i, t0.Add(time.Duration(i)*time.Second))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	if got := ids(exportAll(t, s)); !equalStrings(got, wantIDs(0, workers*each)) {
		t.Errorf("store holds %d receipts, want %d", len(got), workers*each)
	}
	if st := rs.Stats(); st != (ResilientStats{Stored: workers * each}) {
		t.Errorf("stats = %+v", st)
	}
	if len(log.count) != 0 {
		t.Errorf("errors reported: %v", log.count)
	}
}

func TestResilientRetries(t *testing.T) {
	s, _ := openTestStore(t)
	f := &flakyStore{Store: s}
	f.failNext.Store(3) // fewer than the retries
	var log errLog
	rs := NewResilient(f, filepath.Join(t.TempDir(), "spool.jsonl"), fastOpts(&log))
	defer rs.Close()
	for i := 0; i < 10; i++ {
		if err := rs.Put(context.Background(), testReceipt(i, t0)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "receipts stored", func() bool { return rs.Pending() == 0 })
	if got := ids(exportAll(t, s)); !equalStrings(got, wantIDs(0, 10)) {
		t.Errorf("store holds %v", got)
	}
	if st := rs.Stats(); st.Stored != 10 || st.Spooled != 0 || st.Lost != 0 {
		t.Errorf("stats = %+v", st)
	}
	if len(log.count) != 0 {
		t.Errorf("errors reported for a store that recovered within the retries: %v", log.count)
	}
}

func TestResilientSpoolAndReplay(t *testing.T) {
	for _, batched := range []bool{false, true} {
		t.Run(fmt.Sprintf("batched=%v", batched), func(t *testing.T) {
			s, _ := openTestStore(t)
			f := &flakyStore{Store: s}
			var store Store = f
			if batched {
				store = flakyBatchStore{f, s}
			}
			f.down.Store(true)
			var log errLog
			spool := filepath.Join(t.TempDir(), "spool", "receipts.jsonl")
			rs := NewResilient(store, spool, fastOpts(&log))
			defer rs.Close()

			const n = 300
			for i := 0; i < n; i++ {
				if err := rs.Put(context.Background(), testReceipt(i, t0)); err != nil {
					t.Fatal(err)
				}
				if i == n/2 {
					waitFor(t, "the writer to fail meanwhile", func() bool { return f.calls.Load() > 0 })
				}
			}
			waitFor(t, "receipts spooled", func() bool { return rs.Stats().Spooled == n })
			if p := rs.Pending(); p != n {
				t.Errorf("pending = %d, want %d", p, n)
			}
			if got := exportAll(t, s); len(got) != 0 {
				t.Fatalf("a down store holds %d receipts", len(got))
			}
			fi, err := os.Stat(spool)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("spool mode %v, want 0600", fi.Mode().Perm())
			}
			if log.n(StageStore) == 0 {
				t.Error("the store failure was not reported")
			}

			f.down.Store(false)
			waitFor(t, "spool replayed and emptied", func() bool { return rs.Pending() == 0 && rs.Stats().SpoolBytes == 0 })
			if got := ids(exportAll(t, s)); !equalStrings(got, wantIDs(0, n)) {
				t.Errorf("store holds %d receipts after replay, want %d", len(got), n)
			}
			st := rs.Stats()
			if st.Replayed != n || st.Lost != 0 || st.SpoolBytes != 0 {
				t.Errorf("stats = %+v", st)
			}
			if fi, err := os.Stat(spool); err != nil || fi.Size() != 0 {
				t.Errorf("spool not emptied after replay: %v, %v", fi.Size(), err)
			}
			if log.n(StageLost) != 0 {
				t.Errorf("receipts reported lost: %d", log.n(StageLost))
			}

			// Back to normal: new receipts go straight to the store.
			if err := rs.Put(context.Background(), testReceipt(n, t0)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "receipt stored", func() bool { return rs.Pending() == 0 })
			if st := rs.Stats(); st.Stored != 1 {
				t.Errorf("after recovery: stats %+v, want one stored", st)
			}
		})
	}
}

func TestResilientQueueFullAndHang(t *testing.T) {
	s, _ := openTestStore(t)
	f := &flakyStore{Store: s}
	f.hang.Store(true)
	var log errLog
	spool := filepath.Join(t.TempDir(), "spool.jsonl")
	opts := fastOpts(&log)
	opts.QueueSize = 50
	// The store call hangs until Close gives up on it: no timeout of the
	// writer's own can release it while the test runs.
	opts.StoreTimeout = time.Hour
	opts.CloseTimeout = 200 * time.Millisecond
	rs := NewResilient(f, spool, opts)

	var accepted []Receipt
	full := 0
	for i := 0; i < 1000; i++ {
		r := testReceipt(i, t0)
		err := rs.Put(context.Background(), r)
		if i == 0 {
			waitFor(t, "the writer inside the hung store", func() bool { return f.inFlight.Load() == 1 })
		}
		switch {
		case err == nil:
			accepted = append(accepted, r)
		case errors.Is(err, ErrQueueFull):
			full++
		default:
			t.Fatalf("Put: %v", err)
		}
	}
	// Every Put returned while the writer's one store call was still
	// hanging: a Put never waits for the store.
	if in, calls := f.inFlight.Load(), f.calls.Load(); in != 1 || calls != 1 {
		t.Errorf("after 1000 Puts the store has %d calls in flight of %d made, want the first one still hanging", in, calls)
	}
	if full == 0 || len(accepted) < opts.QueueSize {
		t.Fatalf("accepted %d, refused %d: want the queue (%d) to fill", len(accepted), full, opts.QueueSize)
	}
	if log.n(StageLost) != full || rs.Stats().Lost != int64(full) {
		t.Errorf("%d refused, %d reported lost, %d counted lost", full, log.n(StageLost), rs.Stats().Lost)
	}

	// Close gives up on the hung call after CloseTimeout and spools.
	if err := rs.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if in := f.inFlight.Load(); in != 0 {
		t.Errorf("%d store calls still in flight after Close", in)
	}
	st := rs.Stats()
	if st.Spooled != int64(len(accepted)) || st.Stored != 0 || st.Lost != int64(full) {
		t.Errorf("after Close: stats %+v, want all %d accepted spooled", st, len(accepted))
	}
	if err := rs.Put(context.Background(), testReceipt(5000, t0)); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
	if log.n(StageLost) != full+1 {
		t.Errorf("Put after Close not reported lost")
	}

	// The next process replays the spool into a working store.
	f.hang.Store(false)
	var log2 errLog
	rs2 := NewResilient(f, spool, fastOpts(&log2))
	waitFor(t, "spool replayed", func() bool { return rs2.Pending() == 0 && rs2.Stats().Replayed == int64(len(accepted)) })
	if err := rs2.Close(); err != nil {
		t.Fatal(err)
	}
	if got := ids(exportAll(t, s)); !equalStrings(got, ids(accepted)) {
		t.Errorf("store holds %d receipts, want the %d accepted", len(got), len(accepted))
	}
	if len(log2.count) != 0 {
		t.Errorf("errors reported on replay: %v", log2.count)
	}
}

func TestResilientLost(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		name     string
		spool    string
		maxBytes int64
	}{
		{name: "no spool", spool: ""},
		{name: "spool unwritable", spool: filepath.Join(notADir, "spool.jsonl")},
		{name: "spool full", spool: filepath.Join(t.TempDir(), "spool.jsonl"), maxBytes: 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTestStore(t)
			f := &flakyStore{Store: s}
			f.down.Store(true)
			var log errLog
			opts := fastOpts(&log)
			opts.SpoolMaxBytes = tc.maxBytes
			rs := NewResilient(f, tc.spool, opts)
			const n = 40
			for j := 0; j < n; j++ {
				if err := rs.Put(context.Background(), testReceipt(j, t0)); err != nil {
					t.Fatal(err)
				}
				if j%10 == 0 {
					time.Sleep(5 * time.Millisecond)
				}
			}
			if err := rs.Close(); err != nil {
				t.Fatal(err)
			}
			st := rs.Stats()
			if st.Lost+st.Spooled != n || st.Lost == 0 {
				t.Errorf("Test %d: stats %+v: want %d lost or spooled, some lost", i, st, n)
			}
			if tc.maxBytes > 0 && (st.Spooled == 0 || st.SpoolBytes > tc.maxBytes) {
				t.Errorf("Test %d: spool of %d bytes for %d receipts, cap %d", i, st.SpoolBytes, st.Spooled, tc.maxBytes)
			}
			log.mu.Lock()
			lost := ids(log.lost)
			log.mu.Unlock()
			if int64(len(lost)) != st.Lost {
				t.Errorf("Test %d: %d lost, %d reported", i, st.Lost, len(lost))
			}
			for j := 1; j < len(lost); j++ {
				if lost[j] == lost[j-1] || lost[j] == "" {
					t.Errorf("Test %d: lost receipt %q reported twice or without id", i, lost[j])
				}
			}
			if st.Pending != int(st.Spooled) {
				t.Errorf("Test %d: pending %d, want the %d spooled", i, st.Pending, st.Spooled)
			}
		})
	}
}

func TestResilientInvalidReceipts(t *testing.T) {
	s, _ := openTestStore(t)
	f := &flakyStore{Store: s, poison: testReceipt(3, t0).ID}
	var log errLog
	rs := NewResilient(flakyBatchStore{f, s}, filepath.Join(t.TempDir(), "spool.jsonl"), fastOpts(&log))

	bad := testReceipt(99, t0)
	bad.Mode = "always"
	if err := rs.Put(context.Background(), bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("Put of an invalid receipt: %v, want ErrInvalid", err)
	}
	// The store refuses receipt 3 as invalid: only it is lost.
	for i := 0; i < 6; i++ {
		if err := rs.Put(context.Background(), testReceipt(i, t0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := ids(exportAll(t, s)), []string{"r-0000", "r-0001", "r-0002", "r-0004", "r-0005"}; !equalStrings(got, want) {
		t.Errorf("store holds %v, want %v", got, want)
	}
	if st := rs.Stats(); st.Lost != 2 || st.Stored != 5 || st.Pending != 0 {
		t.Errorf("stats = %+v", st)
	}
	if log.n(StageLost) != 2 || log.n(StageStore) != 0 {
		t.Errorf("reported %v", log.count)
	}
}

func TestResilientMalformedSpool(t *testing.T) {
	s, _ := openTestStore(t)
	spool := filepath.Join(t.TempDir(), "spool.jsonl")
	var buf bytes.Buffer
	for i := 0; i < 3; i++ {
		_ = WriteJSONLines(&buf, testReceipt(i, t0))
	}
	buf.WriteString("garbage\n\n")
	_ = WriteJSONLines(&buf, testReceipt(3, t0))
	buf.WriteString(`{"id":"r-cut","ti`) // a crash in the middle of a line
	if err := os.WriteFile(spool, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// Appending after the cut line must not glue a receipt to it.
	f := &flakyStore{Store: s}
	f.down.Store(true)
	var log errLog
	rs := NewResilient(f, spool, fastOpts(&log))
	if err := rs.Put(context.Background(), testReceipt(4, t0)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "receipt spooled", func() bool { return rs.Stats().Spooled == 1 })
	f.down.Store(false)
	waitFor(t, "spool replayed", func() bool { return rs.Pending() == 0 })
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	if got := ids(exportAll(t, s)); !equalStrings(got, wantIDs(0, 5)) {
		t.Errorf("store holds %v", got)
	}
	st := rs.Stats()
	if st.Replayed != 5 || st.Lost != 2 {
		t.Errorf("stats = %+v, want 5 replayed and 2 lost", st)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.lost) != 2 || log.lost[0].ID != "" || log.lost[1].ID != "" {
		t.Errorf("lost reports = %+v, want two zero receipts", log.lost)
	}
}

func BenchmarkResilientPut(b *testing.B) {
	s, path := openTestStore(b)
	rs := NewResilient(s, filepath.Join(filepath.Dir(path), "spool.jsonl"), ResilientOptions{
		QueueSize: b.N + 1,
		OnError:   func(err error, r Receipt, stage string) { b.Error(stage, err) },
	})
	r := testReceipt(0, t0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.ID = fmt.Sprintf("r-%d", i)
		if err := rs.Put(context.Background(), r); err != nil {
			b.Fatal(err)
		}
	}
	if err := rs.Close(); err != nil { // drains into SQLite: end to end
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	if st := rs.Stats(); st.Stored != int64(b.N) {
		b.Fatalf("stored %d of %d", st.Stored, b.N)
	}
}
