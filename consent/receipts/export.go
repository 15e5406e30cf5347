package receipts

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxLineLen bounds one JSON line when reading; a receipt takes well under
// 1 KiB.
const maxLineLen = 64 << 10

// marshalLine returns the JSON-lines form of a receipt, newline included.
func marshalLine(r Receipt) ([]byte, error) {
	if r.Granted == nil {
		r.Granted = []string{}
	}
	if r.Time.Equal(r.Applied) {
		r.Applied = time.Time{}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// WriteJSONLines writes r as one line of JSON (JSON Lines), with one
// Write call. The fields are those of Receipt's JSON tags; "applied" is
// left out when it equals "time".
func WriteJSONLines(w io.Writer, r Receipt) error {
	b, err := marshalLine(r)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// ReadJSONLines reads receipts written by WriteJSONLines (an export or a
// spool file) and calls fn with each valid one, normalized as stores keep
// it. Blank lines are skipped. A line that is not a valid receipt (bad
// JSON, failed validation, longer than 64 KiB, or cut short) is reported to
// bad, when not nil, with its 1-based line number, and skipped. An error
// from fn stops the reading and is returned, as is a read error.
func ReadJSONLines(r io.Reader, fn func(Receipt) error, bad func(line int, err error)) error {
	lr := newLineReader(r)
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		rec, ok, perr := parseLine(line, tooLong)
		if perr != nil {
			if bad != nil {
				bad(lr.lineNo, perr)
			}
			continue
		}
		if !ok {
			continue
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// errLineTooLong reports a line over maxLineLen.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", maxLineLen)

// parseLine decodes one line. ok is false for a blank line.
func parseLine(line []byte, tooLong bool) (r Receipt, ok bool, err error) {
	if tooLong {
		return Receipt{}, false, errLineTooLong
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return Receipt{}, false, nil
	}
	var rec Receipt
	if err := json.Unmarshal(line, &rec); err != nil {
		return Receipt{}, false, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	rec, err = rec.normalize()
	if err != nil {
		return Receipt{}, false, err
	}
	return rec, true, nil
}

// lineReader reads lines of bounded length and keeps track of the byte
// offset just past the last line returned.
type lineReader struct {
	br     *bufio.Reader
	buf    []byte
	off    int64
	lineNo int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 32<<10)}
}

// next returns the next line without its end of line, or io.EOF. A line
// longer than maxLineLen is consumed and reported by tooLong. A last line
// without a newline is returned too.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.br.ReadSlice('\n')
		lr.off += int64(len(chunk))
		if !tooLong {
			if len(lr.buf)+len(chunk) > maxLineLen+1 {
				tooLong = true
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			if len(lr.buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
		case err != nil:
			return nil, false, err
		}
		lr.lineNo++
		if tooLong {
			return nil, true, nil
		}
		return bytes.TrimRight(lr.buf, "\r\n"), false, nil
	}
}

// csvHeader are the columns of a CSV export.
var csvHeader = []string{"id", "time", "policy_version", "mode", "granted", "persistent", "source", "gpc", "user_agent", "applied"}

// CSVWriter writes receipts as CSV (RFC 4180) with a header row. Times are
// RFC 3339 in UTC, granted purposes are space-separated, booleans are
// "true" or "false". Cells that a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or carriage return) are prefixed with a
// single quote.
type CSVWriter struct {
	w      *csv.Writer
	header bool
}

// NewCSVWriter returns a CSVWriter on w. The header row is written with the
// first receipt, or by Flush when there is none.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one receipt.
func (c *CSVWriter) Write(r Receipt) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	applied := r.AppliedAt()
	return c.w.Write([]string{
		safeCell(r.ID),
		r.Time.UTC().Format(time.RFC3339Nano),
		safeCell(r.PolicyVersion),
		safeCell(r.Mode),
		safeCell(strings.Join(r.Granted, " ")),
		fmt.Sprint(r.Persistent),
		safeCell(r.Source),
		fmt.Sprint(r.GPC),
		safeCell(r.UserAgent),
		applied.UTC().Format(time.RFC3339Nano),
	})
}

// Flush writes any buffered data (and the header row if nothing was
// written) to the underlying writer and returns the first error met.
func (c *CSVWriter) Flush() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.w.Flush()
	return c.w.Error()
}

func (c *CSVWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.Write(csvHeader)
}

// safeCell defuses CSV injection: a cell a spreadsheet would evaluate as a
// formula gets a leading single quote.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
