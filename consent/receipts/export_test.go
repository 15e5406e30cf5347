package receipts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWriteJSONLines(t *testing.T) {
	r := testReceipt(7, t0)
	r.GPC = true
	var buf bytes.Buffer
	if err := WriteJSONLines(&buf, r); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"r-0007","time":"2025-03-14T15:09:26.535897932Z","policy_version":"2025-01","mode":"opt_in","granted":["analytics"],"persistent":true,"source":"banner","gpc":true,"user_agent":"Chrome 131 / Android"}` + "\n"
	if buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}

	// Applied is written only when it differs; nil granted reads as [].
	buf.Reset()
	r.Applied = t0.Add(36 * time.Hour)
	r.Granted = nil
	if err := WriteJSONLines(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{`"granted":[]`, `"applied":"2025-03-16T03:09:26.535897932Z"`} {
		if !strings.Contains(buf.String(), part) {
			t.Errorf("%s lacks %s", buf.String(), part)
		}
	}
}

func TestReadJSONLines(t *testing.T) {
	good := []Receipt{testReceipt(1, t0), testReceipt(2, t0.Add(time.Second))}
	good[1].Applied = t0.Add(time.Hour)
	var buf bytes.Buffer
	_ = WriteJSONLines(&buf, good[0])
	buf.WriteString("\n   \r\n")                                         // blank lines: skipped silently
	buf.WriteString("{not json\n")                                       // line 4
	buf.WriteString(`{"id":"r-x","time":"2025-01-01T00:00:00Z"}` + "\n") // line 5: invalid receipt
	buf.WriteString(strings.Repeat("x", maxLineLen+10) + "\n")           // line 6: too long
	_ = WriteJSONLines(&buf, good[1])                                    // line 7
	buf.WriteString(`{"id":"r-cut","time":"2025`)                        // line 8: cut short

	var got []Receipt
	var badLines []int
	err := ReadJSONLines(&buf, func(r Receipt) error {
		got = append(got, r)
		return nil
	}, func(line int, err error) {
		if !errors.Is(err, ErrInvalid) && !strings.Contains(err.Error(), "longer") {
			t.Errorf("line %d: error %v neither invalid nor too long", line, err)
		}
		badLines = append(badLines, line)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{4, 5, 6, 8}; !reflect.DeepEqual(badLines, want) {
		t.Errorf("bad lines = %v, want %v", badLines, want)
	}
	if len(got) != 2 {
		t.Fatalf("got %d receipts, want 2", len(got))
	}
	for i := range got {
		want, _ := good[i].normalize()
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("receipt %d: got %+v, want %+v", i, got[i], want)
		}
	}

	// An error from fn stops the reading.
	stop := errors.New("stop")
	buf.Reset()
	_ = WriteJSONLines(&buf, good[0])
	_ = WriteJSONLines(&buf, good[1])
	n := 0
	if err := ReadJSONLines(&buf, func(Receipt) error { n++; return stop }, nil); err != stop || n != 1 {
		t.Errorf("got error %v after %d receipts, want stop after 1", err, n)
	}
}

func TestCSVWriter(t *testing.T) {
	r1 := testReceipt(1, t0)
	r2 := Receipt{
		ID: "r-2", Time: t0.Add(time.Minute), Applied: t0.Add(2 * time.Minute),
		PolicyVersion: "=HYPERLINK(\"http://evil\")", Mode: "opt_out",
		Granted: []string{"functional", "social"}, Source: "page", GPC: true,
		UserAgent: "@SUM(1+1), \"quoted\"\nline",
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for _, r := range []Receipt{r1, r2} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	want := [][]string{
		csvHeader,
		{"r-0001", "2025-03-14T15:09:26.535897932Z", "2025-01", "opt_in", "analytics", "true", "banner", "false", "Chrome 131 / Android", "2025-03-14T15:09:26.535897932Z"},
		{"r-2", "2025-03-14T15:10:26.535897932Z", "'=HYPERLINK(\"http://evil\")", "opt_out", "functional social", "false", "page", "true", "'@SUM(1+1), \"quoted\"\nline", "2025-03-14T15:11:26.535897932Z"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got  %q\nwant %q", rows, want)
	}

	// No receipts: the header alone.
	buf.Reset()
	if err := NewCSVWriter(&buf).Flush(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != strings.Join(csvHeader, ",")+"\n" {
		t.Errorf("empty export = %q", got)
	}
}

func TestSafeCell(t *testing.T) {
	for i, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@A1", "'@A1"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{"'already", "'already"},
	} {
		if got := safeCell(tc.in); got != tc.want {
			t.Errorf("Test %d: safeCell(%q) = %q, want %q", i, tc.in, got, tc.want)
		}
	}
}

func FuzzReadJSONLines(f *testing.F) {
	var seed bytes.Buffer
	_ = WriteJSONLines(&seed, testReceipt(1, t0))
	f.Add(seed.Bytes())
	f.Add([]byte("{\n}\n\n{\"id\":\"r-1\"}"))
	f.Add([]byte(`{"id":"r-1","time":"2025-01-01T00:00:00Z","mode":"opt_out","source":"gpc","granted":["social","social"],"applied":"2026-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"id":"r-1","time":"0001-01-01T00:00:00Z","mode":"opt_in","source":"api","granted":null}` + "\r\n"))
	f.Add([]byte("\x00\xff\n\n\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		nonBlank := 0
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(l) != "" {
				nonBlank++
			}
		}
		good, bad := 0, 0
		err := ReadJSONLines(bytes.NewReader(data), func(r Receipt) error {
			good++
			if err := r.Validate(); err != nil {
				t.Fatalf("read an invalid receipt %+v: %v", r, err)
			}
			// What was read writes and reads back the same.
			var buf bytes.Buffer
			if err := WriteJSONLines(&buf, r); err != nil {
				t.Fatal(err)
			}
			var again []Receipt
			if err := ReadJSONLines(&buf, func(r Receipt) error { again = append(again, r); return nil }, func(int, error) { t.Fatal("own output unreadable") }); err != nil {
				t.Fatal(err)
			}
			if len(again) != 1 || !reflect.DeepEqual(again[0], r) {
				t.Fatalf("round trip changed %+v into %+v", r, again)
			}
			return nil
		}, func(line int, err error) {
			bad++
			if err == nil || line < 1 {
				t.Fatalf("bad line %d reported with error %v", line, err)
			}
		})
		if err != nil {
			t.Fatalf("ReadJSONLines: %v", err)
		}
		if good+bad != nonBlank {
			t.Fatalf("%d good + %d bad lines, want %d non-blank lines", good, bad, nonBlank)
		}
	})
}
