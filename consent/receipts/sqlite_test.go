package receipts

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

func openTestStore(t testing.TB) (*SQLiteStore, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "receipts.db")
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

// exportAll returns every receipt in the store.
func exportAll(t testing.TB, s Store) []Receipt {
	t.Helper()
	var out []Receipt
	if err := s.Export(context.Background(), time.Time{}, time.Time{}, func(r Receipt) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpenSQLite(t *testing.T) {
	s, path := openTestStore(t)
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	if err := s.Put(context.Background(), testReceipt(1, t0)); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", p, got, want)
		}
	}
	var mode string
	if err := s.r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	var busy, syncMode int
	if err := s.w.QueryRow(`PRAGMA busy_timeout`).Scan(&busy); err != nil || busy != busyTimeoutMS {
		t.Errorf("busy_timeout = %d (%v), want %d", busy, err, busyTimeoutMS)
	}
	if err := s.w.QueryRow(`PRAGMA synchronous`).Scan(&syncMode); err != nil || syncMode != 2 {
		t.Errorf("synchronous = %d (%v), want 2 (FULL)", syncMode, err)
	}

	for i, bad := range []string{"", "x.db?mode=memory", ":memory:", "file:x.db"} {
		if s, err := OpenSQLite(bad); err == nil {
			s.Close()
			t.Errorf("Test %d: OpenSQLite(%q) succeeded", i, bad)
		}
	}
}

func TestSQLitePutGet(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	all := Receipt{
		ID: "r-all", Time: t0, PolicyVersion: "v2 ü", Mode: "opt_out",
		Granted: []string{"social", "functional", "analytics", "beacon", "retargeting"}, Persistent: true,
		Source: "api", GPC: true, UserAgent: "Firefox 133 / Linux", Applied: t0.Add(time.Hour),
	}
	none := Receipt{ID: "r-none", Time: t0.In(time.FixedZone("EST", -5*3600)), Mode: "opt_in", Source: "gpc"}
	for i, r := range []Receipt{testReceipt(1, t0), all, none} {
		if err := s.Put(ctx, r); err != nil {
			t.Fatalf("Test %d: Put: %v", i, err)
		}
		got, err := s.Get(ctx, r.ID)
		if err != nil {
			t.Fatalf("Test %d: Get: %v", i, err)
		}
		want, _ := r.normalize()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Test %d: got  %+v\nwant %+v", i, got, want)
		}
	}

	// Repeating an id keeps the first receipt.
	again := testReceipt(1, t0.Add(time.Hour))
	again.Source = "page"
	if err := s.Put(ctx, again); err != nil {
		t.Fatalf("Put of a known id: %v", err)
	}
	if got, _ := s.Get(ctx, again.ID); got.Source != "banner" || !got.Time.Equal(t0) {
		t.Errorf("a repeated id replaced the receipt: %+v", got)
	}

	if _, err := s.Get(ctx, "r-missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a missing id: %v, want ErrNotFound", err)
	}
	bad := testReceipt(9, t0)
	bad.Source = "email"
	if err := s.Put(ctx, bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("Put of an invalid receipt: %v, want ErrInvalid", err)
	}
	if err := s.PutBatch(ctx, []Receipt{testReceipt(10, t0), bad}); !errors.Is(err, ErrInvalid) {
		t.Errorf("PutBatch with an invalid receipt: %v, want ErrInvalid", err)
	}
	if _, err := s.Get(ctx, testReceipt(10, t0).ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("PutBatch stored part of a refused batch: %v", err)
	}
	if n := len(exportAll(t, s)); n != 3 {
		t.Errorf("store holds %d receipts, want 3", n)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := s.Put(ctx, testReceipt(11, t0)); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
	if _, err := s.Get(ctx, "r-all"); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: %v, want ErrClosed", err)
	}
}

func TestSQLiteExport(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	// 50 receipts one minute apart, two sharing each time, stored shuffled.
	var rs []Receipt
	for i := 0; i < 50; i++ {
		rs = append(rs, testReceipt(i, t0.Add(time.Duration(i/2)*time.Minute)))
	}
	shuffled := append([]Receipt(nil), rs...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if err := s.PutBatch(ctx, shuffled[:25]); err != nil {
		t.Fatal(err)
	}
	for _, r := range shuffled[25:] {
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}

	for i, tc := range []struct {
		from, to time.Time
		first    int // index in rs of the first receipt expected
		n        int
	}{
		{first: 0, n: 50},
		{from: t0, to: t0.Add(25 * time.Minute), first: 0, n: 50},
		{from: t0.Add(3 * time.Minute), first: 6, n: 44},
		{to: t0.Add(3 * time.Minute), first: 0, n: 6},
		{from: t0.Add(time.Minute), to: t0.Add(2 * time.Minute), first: 2, n: 2},
		{from: t0.Add(time.Minute + time.Nanosecond), to: t0.Add(2 * time.Minute), n: 0},
		{from: t0.Add(time.Hour), n: 0},
		{from: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), first: 0, n: 50},
	} {
		var got []Receipt
		if err := s.Export(ctx, tc.from, tc.to, func(r Receipt) error {
			got = append(got, r)
			return nil
		}); err != nil {
			t.Fatalf("Test %d: %v", i, err)
		}
		if len(got) != tc.n {
			t.Errorf("Test %d: exported %d receipts, want %d", i, len(got), tc.n)
			continue
		}
		for j, r := range got {
			if want := rs[tc.first+j]; r.ID != want.ID || !r.Time.Equal(want.Time) {
				t.Errorf("Test %d: receipt %d is %s at %v, want %s at %v", i, j, r.ID, r.Time, want.ID, want.Time)
			}
		}
	}

	stop := errors.New("stop")
	n := 0
	if err := s.Export(ctx, time.Time{}, time.Time{}, func(Receipt) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("export returned %v after %d receipts, want stop after 1", err, n)
	}

	// The callback may write to the store while the export runs.
	if err := s.Export(ctx, time.Time{}, t0.Add(time.Minute), func(r Receipt) error {
		r.ID += "-copy"
		r.Time, r.Applied = r.Time.Add(24*time.Hour), r.Applied.Add(24*time.Hour)
		return s.Put(ctx, r)
	}); err != nil {
		t.Errorf("export writing to the store: %v", err)
	}
	if n := len(exportAll(t, s)); n != 52 {
		t.Errorf("store holds %d receipts, want 52", n)
	}
}

func TestSQLitePurge(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	var batch []Receipt
	for i := 0; i < purgeChunk+700; i++ {
		batch = append(batch, testReceipt(i, t0.Add(time.Duration(i)*time.Second)))
		if len(batch) == 500 {
			if err := s.PutBatch(ctx, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := s.PutBatch(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		before  time.Time
		deleted int64
		left    int
	}{
		{before: time.Time{}, deleted: 0, left: purgeChunk + 700},
		{before: t0, deleted: 0, left: purgeChunk + 700},
		{before: t0.Add(10 * time.Second), deleted: 10, left: purgeChunk + 690},
		{before: t0.Add(time.Duration(purgeChunk+600) * time.Second), deleted: purgeChunk + 590, left: 100},
		{before: t0.Add(time.Duration(purgeChunk+600) * time.Second), deleted: 0, left: 100},
		{before: t0.AddDate(1, 0, 0), deleted: 100, left: 0},
	} {
		n, err := s.Purge(ctx, tc.before)
		if err != nil {
			t.Fatalf("Test %d: %v", i, err)
		}
		if n != tc.deleted {
			t.Errorf("Test %d: purged %d, want %d", i, n, tc.deleted)
		}
		got := exportAll(t, s)
		if len(got) != tc.left {
			t.Errorf("Test %d: %d receipts left, want %d", i, len(got), tc.left)
		}
		if len(got) > 0 && got[0].Time.Before(tc.before) {
			t.Errorf("Test %d: receipt at %v survived a purge before %v", i, got[0].Time, tc.before)
		}
	}
}

func TestSQLiteStats(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	day := 24 * time.Hour
	y := func(year int, d int) time.Time {
		return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(d) * day)
	}
	mk := func(id string, at time.Time, src string, granted ...string) Receipt {
		return Receipt{ID: id, Time: at, Mode: "opt_out", Source: src, Granted: granted}
	}
	all := []string{"functional", "analytics", "beacon", "retargeting", "social"}
	late := mk("r-late", y(2024, 10), "page", "analytics")
	late.Applied = late.Time.Add(3 * day)
	later := mk("r-later", y(2024, 11), "api")
	later.Applied = later.Time.Add(10 * day)
	for _, r := range []Receipt{
		mk("r-1", y(2024, 0), "banner", all...),                    // not an opt-out
		mk("r-2", y(2024, 1), "banner"),                            // reject all
		mk("r-3", y(2024, 2), "gpc", "functional", "analytics"),    // GPC
		mk("r-4", y(2024, 3), "page", "retargeting"),               // denies social
		mk("r-5", y(2024, 4), "page", all...),                      // not an opt-out
		mk("r-6", y(2023, 364).Add(day-time.Nanosecond), "banner"), // last instant of 2023
		mk("r-7", y(2025, 0), "banner"),                            // first instant of 2025
		late, later,
	} {
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for i, tc := range []struct {
		year int
		want YearStats
	}{
		{year: 2024, want: YearStats{Year: 2024, Decisions: 7, Requests: 5, Honored: 5, MedianDays: 0,
			BySource: map[string]int64{"banner": 1, "gpc": 1, "page": 2, "api": 1}}},
		{year: 2023, want: YearStats{Year: 2023, Decisions: 1, Requests: 1, Honored: 1, BySource: map[string]int64{"banner": 1}}},
		{year: 2025, want: YearStats{Year: 2025, Decisions: 1, Requests: 1, Honored: 1, BySource: map[string]int64{"banner": 1}}},
		{year: 2026, want: YearStats{Year: 2026, BySource: map[string]int64{}}},
	} {
		got, err := s.Stats(ctx, tc.year)
		if err != nil {
			t.Fatalf("Test %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Test %d: got  %+v\nwant %+v", i, got, tc.want)
		}
	}

	// Delays of 0, 0, 0, 3 and 10 days: median 0. Adding 4 days makes it
	// (0+3)/2, then 5 days 3, then 6 days (3+4)/2.
	for i, d := range []int{4, 5, 6} {
		r := mk(fmt.Sprintf("r-d%d", d), y(2024, 20+i), "page")
		r.Applied = r.Time.Add(time.Duration(d) * day)
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if want := []float64{1.5, 3, 3.5}[i]; st.MedianDays != want || st.Requests != int64(6+i) {
			t.Errorf("after a %d-day delay: median %v of %d requests, want %v of %d", d, st.MedianDays, st.Requests, want, 6+i)
		}
	}

	if _, err := s.Stats(ctx, 1800); err == nil {
		t.Error("Stats accepted year 1800")
	}
}

func TestSQLiteConcurrentPuts(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	const workers, each = 8, 100
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				n := w*each + i
				if err := s.Put(ctx, testReceipt(n, t0.Add(time.Duration(n)*time.Millisecond))); err != nil {
					errs <- err
				}
				if i%10 == 0 {
					if _, err := s.Stats(ctx, 2025); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := exportAll(t, s)
	if len(got) != workers*each {
		t.Fatalf("stored %d receipts, want %d", len(got), workers*each)
	}
	for i, r := range got {
		if want := testReceipt(i, t0).ID; r.ID != want {
			t.Fatalf("receipt %d is %s, want %s", i, r.ID, want)
		}
	}
}

func TestSQLiteReopen(t *testing.T) {
	s, path := openTestStore(t)
	ctx := context.Background()
	if err := s.Put(ctx, testReceipt(1, t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		s2, err := OpenSQLite(path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if _, err := s2.Get(ctx, testReceipt(1, t0).ID); err != nil {
			t.Errorf("reopen %d: receipt gone: %v", i, err)
		}
		// Running the migrations again changes nothing.
		if err := migrate(ctx, s2.w); err != nil {
			t.Errorf("reopen %d: migrate again: %v", i, err)
		}
		var rows, version int
		if err := s2.r.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_version`).Scan(&rows, &version); err != nil {
			t.Fatal(err)
		}
		var indexes int
		if err := s2.r.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('receipts_time', 'receipts_opt_out_time')`).Scan(&indexes); err != nil || indexes != 2 {
			t.Errorf("reopen %d: %d of 2 indexes (%v)", i, indexes, err)
		}
		if rows != 1 || version != len(migrations) {
			t.Errorf("reopen %d: schema_version has %d rows, version %d; want 1 row, version %d", i, rows, version, len(migrations))
		}
		if err := s2.Put(ctx, testReceipt(100+i, t0)); err != nil {
			t.Fatal(err)
		}
		if n := len(exportAll(t, s2)); n != 2+i {
			t.Errorf("reopen %d: %d receipts, want %d", i, n, 2+i)
		}
		s2.Close()
	}

	// A database from a newer build is refused, not damaged.
	s3, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s3.w.Exec(`UPDATE schema_version SET version = ?`, len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	s3.Close()
	if s4, err := OpenSQLite(path); err == nil {
		s4.Close()
		t.Error("opened a database with a newer schema")
	}
}

func TestSQLiteTwoProcesses(t *testing.T) {
	// Two stores on one file stand in for two gateways sharing it.
	a, path := openTestStore(t)
	b, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	for k, s := range []*SQLiteStore{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if err := s.Put(ctx, testReceipt(k*1000+i, t0)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := len(exportAll(t, a)); n != 200 {
		t.Errorf("%d receipts, want 200", n)
	}
}

func BenchmarkSQLitePut(b *testing.B) {
	s, _ := openTestStore(b)
	ctx := context.Background()
	r := testReceipt(0, t0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.ID = fmt.Sprintf("r-%d", i)
		if err := s.Put(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkSQLitePutBatch(b *testing.B) {
	s, _ := openTestStore(b)
	ctx := context.Background()
	batch := make([]Receipt, maxBatch)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i += maxBatch {
		batch = batch[:min(maxBatch, b.N-i)]
		for j := range batch {
			batch[j] = testReceipt(0, t0)
			batch[j].ID = fmt.Sprintf("r-%d", n)
			n++
		}
		if err := s.PutBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
