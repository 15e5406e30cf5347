package receipts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The spool is an append-only JSON-lines file (the WriteJSONLines format)
// of receipts the store did not take. Only the writer goroutine of a
// Resilient touches it. Replaying reads it from replayOff on; once every
// line is handled the file is emptied.

// errSpoolFull reports a spool at its size cap.
var errSpoolFull = errors.New("spool file reached its size limit")

// loadSpool counts the lines a spool left by an earlier process holds, and
// schedules their replay.
func (rs *Resilient) loadSpool() {
	if rs.spoolPath == "" {
		return
	}
	f, err := os.Open(rs.spoolPath)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		rs.report(fmt.Errorf("opening spool: %w", err), Receipt{}, StageSpool)
		return
	}
	defer f.Close()
	lr := newLineReader(f)
	var n int64
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			rs.report(fmt.Errorf("reading spool %s: %w", rs.spoolPath, err), Receipt{}, StageSpool)
			break
		}
		if tooLong || len(bytes.TrimSpace(line)) > 0 {
			n++
		}
	}
	rs.spoolBytes.Store(lr.off)
	rs.spoolCount.Store(n)
	if lr.off > 0 {
		rs.schedule(0)
	}
}

// toSpool appends batch to the spool; when it cannot, the receipts are
// lost. cause is the store's error, if there was one.
func (rs *Resilient) toSpool(batch []Receipt, cause error) {
	if len(batch) == 0 {
		return
	}
	fail := func(batch []Receipt, err error) {
		if cause != nil {
			err = fmt.Errorf("%w (after the store failed: %v)", err, cause)
		}
		rs.inMemory.Add(-int64(len(batch)))
		for _, r := range batch {
			rs.lose(r, err)
		}
	}
	if rs.spoolPath == "" {
		fail(batch, errors.New("no spool file configured"))
		return
	}
	// Encode what fits under the cap; the rest is lost.
	var buf bytes.Buffer
	room := rs.opts.SpoolMaxBytes - rs.spoolBytes.Load() - 1 // 1 for a newline ending a cut line
	n := 0
	for _, r := range batch {
		line, err := marshalLine(r)
		if err != nil {
			fail([]Receipt{r}, fmt.Errorf("encoding receipt for the spool: %w", err))
			continue
		}
		if rs.opts.SpoolMaxBytes > 0 && int64(buf.Len()+len(line)) > room {
			fail([]Receipt{r}, fmt.Errorf("%w (%d bytes): %s", errSpoolFull, rs.opts.SpoolMaxBytes, rs.spoolPath))
			continue
		}
		buf.Write(line)
		batch[n] = r
		n++
	}
	batch = batch[:n]
	if n == 0 {
		return
	}
	size, err := appendSpool(rs.spoolPath, buf.Bytes())
	if err != nil {
		fail(batch, fmt.Errorf("writing spool: %w", err))
		return
	}
	rs.spoolBytes.Store(size)
	rs.spooled.Add(int64(n))
	rs.spoolCount.Add(int64(n))
	rs.inMemory.Add(-int64(n))
}

// appendSpool appends data, made of whole lines, to the spool file, synced
// to disk, and returns the file's new size. A last line cut short (by a
// crash) is ended first, so it cannot swallow the next one; a failed write
// is rolled back.
func appendSpool(path string, data []byte) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return 0, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := fi.Size()
	if size > 0 {
		var last [1]byte
		if _, err := f.ReadAt(last[:], size-1); err != nil {
			return 0, err
		}
		if last[0] != '\n' {
			data = append([]byte{'\n'}, data...)
		}
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Truncate(size)
		return 0, err
	}
	if err := f.Sync(); err != nil {
		_ = f.Truncate(size)
		return 0, err
	}
	return size + int64(len(data)), f.Close()
}

// spoolItem is a receipt read from the spool and the offset just past its
// line.
type spoolItem struct {
	r   Receipt
	end int64
}

// replay writes spool lines into the store, up to replayBatches batches.
// It schedules the next round: at once when lines remain, with backoff
// when the store failed; it empties the spool when all are handled.
func (rs *Resilient) replay() {
	if rs.spoolPath == "" {
		return
	}
	f, err := os.Open(rs.spoolPath)
	if errors.Is(err, fs.ErrNotExist) {
		rs.spoolCount.Store(0)
		rs.spoolBytes.Store(0)
		rs.replayOff = 0
		return
	}
	if err != nil {
		rs.report(fmt.Errorf("opening spool: %w", err), Receipt{}, StageSpool)
		rs.backoff()
		return
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() < rs.replayOff {
		// Emptied by someone else: start over (stores ignore repeats).
		rs.replayOff = 0
	}
	base := rs.replayOff
	if _, err := f.Seek(base, io.SeekStart); err != nil {
		rs.report(fmt.Errorf("reading spool: %w", err), Receipt{}, StageSpool)
		rs.backoff()
		return
	}
	lr := newLineReader(f)
	var batch []spoolItem
	batches := 0
	for {
		start := lr.off
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			rs.report(fmt.Errorf("reading spool %s: %w", rs.spoolPath, err), Receipt{}, StageSpool)
			rs.backoff()
			return
		}
		rec, ok, perr := parseLine(line, tooLong)
		if perr != nil || !ok {
			// Write what came before first, so a failure cannot make this
			// line be reported twice.
			if !rs.replayBatch(batch) {
				return
			}
			batch = batch[:0]
			if perr != nil {
				rs.spoolCount.Add(-1)
				rs.lose(Receipt{}, fmt.Errorf("unreadable spool line at byte %d of %s: %w", base+start, rs.spoolPath, perr))
			}
			rs.replayOff = base + lr.off
			continue
		}
		batch = append(batch, spoolItem{r: rec, end: base + lr.off})
		if len(batch) == maxBatch {
			if !rs.replayBatch(batch) {
				return
			}
			batch = batch[:0]
			if batches++; batches == replayBatches {
				rs.schedule(0)
				return
			}
		}
	}
	if !rs.replayBatch(batch) {
		return
	}
	// Everything up to the end was handled: empty the spool, unless it grew
	// meanwhile (another writer), in which case keep going.
	fi, err := os.Stat(rs.spoolPath)
	if err == nil && fi.Size() != rs.replayOff {
		rs.schedule(0)
		return
	}
	if err == nil {
		err = os.Truncate(rs.spoolPath, 0)
	}
	if err != nil {
		rs.report(fmt.Errorf("emptying spool after replay: %w", err), Receipt{}, StageSpool)
		rs.backoff()
		return
	}
	rs.replayOff = 0
	rs.spoolBytes.Store(0)
	rs.spoolCount.Store(0)
	rs.down = false
	rs.probeDelay = 0
}

// replayBatch writes spool items into the store and advances replayOff
// past those it handled. On a store error it marks the store down, reports
// the error with the first receipt not written, schedules a probe, and
// returns false.
func (rs *Resilient) replayBatch(items []spoolItem) bool {
	if len(items) == 0 {
		return true
	}
	batch := make([]Receipt, len(items))
	for i, it := range items {
		batch[i] = it.r
	}
	n, err := rs.deliver(batch, true)
	if n > 0 {
		rs.replayOff = items[n-1].end
	}
	if err != nil {
		rs.down = true
		rs.report(fmt.Errorf("replaying spool: %w", err), batch[n], StageStore)
		rs.backoff()
		return false
	}
	rs.down = false
	return true
}
