package receipts

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The stages reported to ResilientOptions.OnError.
const (
	// StageStore: the store refused a write (after the retries). The
	// receipt is not lost: it goes to the spool, or is reported again as
	// StageLost when it cannot. While the store stays down, each failed
	// probe of it is reported with the first receipt it tried.
	StageStore = "store"
	// StageSpool: the spool file could not be read, or not emptied after a
	// replay (its receipts will be replayed again; stores ignore repeats).
	StageSpool = "spool"
	// StageLost: the receipt will never be stored: the queue was full, the
	// Resilient was closed, the receipt was invalid, the spool could not
	// take it, or its spool line was unreadable (then the Receipt is zero).
	// Every lost receipt is reported exactly once with this stage and
	// counted in ResilientStats.Lost.
	StageLost = "lost"
)

// Defaults of ResilientOptions.
const (
	DefaultQueueSize     = 10000
	DefaultRetryMin      = 50 * time.Millisecond
	DefaultRetryMax      = 5 * time.Second
	DefaultStoreTimeout  = 5 * time.Second
	DefaultCloseTimeout  = 5 * time.Second
	DefaultSpoolMaxBytes = 256 << 20
)

const (
	// maxBatch is how many receipts one store write takes at most.
	maxBatch = 256
	// replayBatches is how many batches one replay round writes before
	// the writer looks at its queue again.
	replayBatches = 16
	// closeGrace is how long Close waits for the writer after cancelling
	// its store calls.
	closeGrace = 2 * time.Second
)

// ResilientOptions configure a Resilient. Zero values take the defaults.
type ResilientOptions struct {
	// QueueSize is how many receipts may wait in memory (default 10000).
	QueueSize int
	// OnError is told of every failure; see StageStore, StageSpool and
	// StageLost. It is called from the writer goroutine, and from Put for
	// receipts lost there, so it must be safe for concurrent use and quick
	// (log and count; never call back into the Resilient).
	OnError func(err error, r Receipt, stage string)
	// RetryMin and RetryMax bound the retries of a failed store write: the
	// delay starts at RetryMin (default 50ms) and doubles while it is at
	// most RetryMax (default 5s); then the receipts go to the spool, and
	// the store is probed by replaying the spool, every RetryMin doubling
	// up to every RetryMax, until it works again.
	RetryMin, RetryMax time.Duration
	// StoreTimeout bounds each store call (default 5s).
	StoreTimeout time.Duration
	// CloseTimeout bounds how long Close drains before it spools what is
	// left without trying the store (default 5s).
	CloseTimeout time.Duration
	// SpoolMaxBytes caps the spool file (default 256 MiB; negative means
	// no cap). Receipts that would grow it further are lost and reported.
	SpoolMaxBytes int64
}

// ResilientStats are the counters of a Resilient since it was created.
type ResilientStats struct {
	// Stored counts receipts written to the store from the queue.
	Stored int64 `json:"stored"`
	// Spooled counts receipts appended to the spool file.
	Spooled int64 `json:"spooled"`
	// Replayed counts receipts written to the store from the spool
	// (including spool lines left by an earlier process).
	Replayed int64 `json:"replayed"`
	// Lost counts receipts that will never be stored (each reported with
	// StageLost).
	Lost int64 `json:"lost"`
	// Pending is what Pending returns.
	Pending int `json:"pending"`
	// SpoolBytes is the size of the spool file.
	SpoolBytes int64 `json:"spool_bytes"`
}

// batchPutter is a Store that can write several receipts at once, all or
// none (SQLiteStore does).
type batchPutter interface {
	PutBatch(ctx context.Context, rs []Receipt) error
}

// Resilient writes receipts to a Store without ever blocking or failing
// its caller. Put validates and enqueues into a bounded queue; one
// goroutine drains it into the store in batches, retries with backoff when
// the store fails, and when the store stays down appends the receipts to a
// JSON-lines spool file, which it replays into the store once the store
// works again (also after a restart). Receipts that cannot be kept are
// counted and reported, never dropped silently.
//
// Stores must ignore a repeated id (the Store contract): a crash between
// replaying spool lines and emptying the spool replays them again. One
// Resilient should own a spool file at a time; share it across config
// reloads rather than open a second one on the same path.
type Resilient struct {
	store     Store
	spoolPath string
	opts      ResilientOptions

	mu     sync.RWMutex // guards closed and sending on queue
	closed bool
	queue  chan Receipt

	ctx       context.Context // cancelled when Close stops waiting
	cancel    context.CancelFunc
	closing   chan struct{} // closed when Close starts: no retry waits
	abort     chan struct{} // closed when CloseTimeout passes: spool the rest
	done      chan struct{} // closed when the writer goroutine exits
	closeOnce sync.Once
	closeErr  error

	stored, spooled, replayed, lost atomic.Int64
	inMemory                        atomic.Int64 // accepted, not yet stored, spooled or lost
	spoolCount                      atomic.Int64 // spool lines not yet replayed
	spoolBytes                      atomic.Int64

	// The writer goroutine's own state.
	down       bool  // the store failed and has not worked since
	replayOff  int64 // spool offset up to which everything was handled
	probeDelay time.Duration
	probe      *time.Timer
	probeArmed bool
}

// NewResilient starts a writer for s. spoolPath is the spool file (created
// 0600, its directory 0700, when first needed); empty means no spool, so
// receipts the store refuses after the retries are lost (and reported). A
// spool left by an earlier process is replayed first. Call Close to stop;
// it does not close s.
func NewResilient(s Store, spoolPath string, opts ResilientOptions) *Resilient {
	if opts.QueueSize <= 0 {
		opts.QueueSize = DefaultQueueSize
	}
	if opts.RetryMin <= 0 {
		opts.RetryMin = DefaultRetryMin
	}
	if opts.RetryMax <= 0 {
		opts.RetryMax = DefaultRetryMax
	}
	if opts.RetryMax < opts.RetryMin {
		opts.RetryMax = opts.RetryMin
	}
	if opts.StoreTimeout <= 0 {
		opts.StoreTimeout = DefaultStoreTimeout
	}
	if opts.CloseTimeout <= 0 {
		opts.CloseTimeout = DefaultCloseTimeout
	}
	if opts.SpoolMaxBytes == 0 {
		opts.SpoolMaxBytes = DefaultSpoolMaxBytes
	}
	ctx, cancel := context.WithCancel(context.Background())
	rs := &Resilient{
		store:     s,
		spoolPath: spoolPath,
		opts:      opts,
		queue:     make(chan Receipt, opts.QueueSize),
		ctx:       ctx,
		cancel:    cancel,
		closing:   make(chan struct{}),
		abort:     make(chan struct{}),
		done:      make(chan struct{}),
		probe:     time.NewTimer(time.Hour),
	}
	rs.probe.Stop()
	go rs.run()
	return rs
}

// Put validates r and enqueues it, without blocking. It returns nil once
// the receipt is queued. An invalid receipt (error wrapping ErrInvalid), a
// full queue (ErrQueueFull) or a closed Resilient (ErrClosed) make the
// receipt lost: it is counted and reported to OnError before Put returns.
// ctx is not used: Put never waits.
func (rs *Resilient) Put(_ context.Context, r Receipt) error {
	n, err := r.normalize()
	if err != nil {
		rs.lose(r, err)
		return err
	}
	rs.mu.RLock()
	if rs.closed {
		rs.mu.RUnlock()
		rs.lose(n, ErrClosed)
		return ErrClosed
	}
	rs.inMemory.Add(1)
	select {
	case rs.queue <- n:
		rs.mu.RUnlock()
		return nil
	default:
		rs.mu.RUnlock()
		rs.inMemory.Add(-1)
		rs.lose(n, ErrQueueFull)
		return ErrQueueFull
	}
}

// Pending returns how many accepted receipts are not in the store yet:
// queued, being written, or waiting in the spool.
func (rs *Resilient) Pending() int {
	return int(rs.inMemory.Load() + rs.spoolCount.Load())
}

// Stats returns the counters.
func (rs *Resilient) Stats() ResilientStats {
	return ResilientStats{
		Stored:     rs.stored.Load(),
		Spooled:    rs.spooled.Load(),
		Replayed:   rs.replayed.Load(),
		Lost:       rs.lost.Load(),
		Pending:    rs.Pending(),
		SpoolBytes: rs.spoolBytes.Load(),
	}
}

// Close stops accepting receipts, writes what is queued (to the store, or
// to the spool when the store fails or CloseTimeout passes), replays the
// spool if the store works, and stops the writer. It does not close the
// store. Calling it again returns the first result.
func (rs *Resilient) Close() error {
	rs.closeOnce.Do(func() {
		defer rs.cancel()
		rs.mu.Lock()
		rs.closed = true
		close(rs.queue)
		rs.mu.Unlock()
		close(rs.closing)

		t := time.NewTimer(rs.opts.CloseTimeout)
		defer t.Stop()
		select {
		case <-rs.done:
			return
		case <-t.C:
		}
		close(rs.abort)
		rs.cancel()
		select {
		case <-rs.done:
		case <-time.After(closeGrace):
			rs.closeErr = fmt.Errorf("receipt writer did not stop within %v of closing (the store ignores cancellation); %d receipts pending", rs.opts.CloseTimeout+closeGrace, rs.Pending())
		}
	})
	return rs.closeErr
}

// report calls OnError, if set.
func (rs *Resilient) report(err error, r Receipt, stage string) {
	if rs.opts.OnError != nil {
		rs.opts.OnError(err, r, stage)
	}
}

// lose counts r as lost and reports it.
func (rs *Resilient) lose(r Receipt, err error) {
	rs.lost.Add(1)
	rs.report(err, r, StageLost)
}

func (rs *Resilient) aborted() bool {
	select {
	case <-rs.abort:
		return true
	default:
		return false
	}
}

// run is the writer goroutine.
func (rs *Resilient) run() {
	defer close(rs.done)
	defer rs.probe.Stop()
	rs.loadSpool()
	for {
		var probe <-chan time.Time
		if rs.probeArmed {
			probe = rs.probe.C
		}
		select {
		case r, ok := <-rs.queue:
			if !ok {
				rs.finish()
				return
			}
			rs.write(rs.collect(r))
		case <-probe:
			rs.probeArmed = false
			rs.replay()
		}
	}
}

// collect returns first and whatever else is queued, up to maxBatch.
func (rs *Resilient) collect(first Receipt) []Receipt {
	batch := []Receipt{first}
	for len(batch) < maxBatch {
		select {
		case r, ok := <-rs.queue:
			if !ok {
				return batch
			}
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// finish runs once the queue is closed and drained: it replays the spool
// while the store works (trying it once even if it was down) and time
// allows.
func (rs *Resilient) finish() {
	for rs.spoolCount.Load() > 0 && !rs.aborted() {
		before, off := rs.spoolCount.Load(), rs.replayOff
		rs.replay()
		if rs.down || rs.spoolCount.Load() == before && rs.replayOff == off {
			return
		}
	}
}

// schedule arms the probe timer.
func (rs *Resilient) schedule(d time.Duration) {
	rs.probe.Reset(d)
	rs.probeArmed = true
}

// backoff arms the probe timer with the next delay of the probe backoff.
func (rs *Resilient) backoff() {
	if rs.probeDelay < rs.opts.RetryMin {
		rs.probeDelay = rs.opts.RetryMin
	}
	rs.schedule(rs.probeDelay)
	rs.probeDelay = min(rs.probeDelay*2, rs.opts.RetryMax)
}

// wait sleeps for d; it returns false, early, when Close has started.
func (rs *Resilient) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-rs.closing:
		return false
	}
}

// write stores a batch from the queue, retrying, and spools what the store
// will not take.
func (rs *Resilient) write(batch []Receipt) {
	if rs.aborted() {
		rs.toSpool(batch, errors.New("receipt store not reached before the close timeout"))
		return
	}
	if rs.down && rs.probeArmed {
		// The store is down and a probe will tell when it is back: do not
		// make every batch wait for it to fail again.
		rs.toSpool(batch, nil)
		return
	}
	delay := rs.opts.RetryMin
	for {
		n, err := rs.deliver(batch, false)
		batch = batch[n:]
		if err == nil {
			rs.down = false
			if rs.spoolCount.Load() > 0 && !rs.probeArmed {
				rs.schedule(0)
			}
			return
		}
		if rs.down || delay > rs.opts.RetryMax || rs.aborted() || !rs.wait(delay) {
			rs.down = true
			for _, r := range batch {
				rs.report(err, r, StageStore)
			}
			rs.toSpool(batch, err)
			if rs.spoolCount.Load() > 0 && !rs.probeArmed {
				rs.backoff()
			}
			return
		}
		delay *= 2
	}
}

// deliver makes one attempt to put batch into the store. Receipts the
// store refuses as invalid are lost (retrying cannot help). It returns how
// many receipts it handled, from the start of batch, before a store error,
// and that error. fromSpool says which counters move.
func (rs *Resilient) deliver(batch []Receipt, fromSpool bool) (int, error) {
	handled := 0
	for handled < len(batch) {
		done, err := rs.putOnce(batch[handled:])
		if fromSpool {
			rs.replayed.Add(int64(done))
			rs.spoolCount.Add(-int64(done))
		} else {
			rs.stored.Add(int64(done))
			rs.inMemory.Add(-int64(done))
		}
		handled += done
		if err == nil {
			return handled, nil
		}
		if !errors.Is(err, ErrInvalid) || handled >= len(batch) {
			return handled, err
		}
		if fromSpool {
			rs.spoolCount.Add(-1)
		} else {
			rs.inMemory.Add(-1)
		}
		rs.lose(batch[handled], fmt.Errorf("the store refused the receipt: %w", err))
		handled++
	}
	return handled, nil
}

// putOnce writes batch, in one transaction when the store can, and returns
// how many receipts from the start of batch were stored.
func (rs *Resilient) putOnce(batch []Receipt) (int, error) {
	ctx, cancel := context.WithTimeout(rs.ctx, rs.opts.StoreTimeout)
	defer cancel()
	if bp, ok := rs.store.(batchPutter); ok && len(batch) > 1 {
		err := bp.PutBatch(ctx, batch)
		if err == nil {
			return len(batch), nil
		}
		if !errors.Is(err, ErrInvalid) {
			return 0, err
		}
		// Find the invalid one receipt by receipt.
	}
	for i, r := range batch {
		if err := rs.store.Put(ctx, r); err != nil {
			return i, err
		}
	}
	return len(batch), nil
}
