package rewrite

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// identityOptions classify nothing and block nothing: every page must come
// out as it went in, unless it carries data-consent marks.
func identityOptions() *Options {
	return &Options{
		Classifier: nothingClassifier{},
		PageURL:    mustURL("https://www.example.com/"),
	}
}

func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("testdata/identity/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no identity corpus: %v", err)
	}
	pages := make(map[string][]byte)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[filepath.Base(f)] = b
	}
	return pages
}

// cutsEvery returns cut offsets every stride bytes.
func cutsEvery(n, stride int) []int {
	var c []int
	for i := stride; i < n; i += stride {
		c = append(c, i)
	}
	return c
}

func TestIdentityCorpus(t *testing.T) {
	const ins = "<script>/*inserted*/</script>"
	for name, page := range corpus(t) {
		t.Run(name, func(t *testing.T) {
			// Nothing to neutralize: byte for byte.
			for _, stride := range []int{0, 1, 7, 4096} {
				var cuts []int
				if stride > 0 {
					cuts = cutsEvery(len(page), stride)
				}
				got, events := rewriteChunks(t, page, identityOptions(), cuts)
				if got != string(page) {
					t.Fatalf("stride %d: output differs from input at byte %d", stride, firstDiff(got, string(page)))
				}
				if len(events) != 0 {
					t.Fatalf("stride %d: events %+v", stride, events)
				}
			}
			// Apart from the insertion, which goes right after <head>, or
			// after the charset declaration that follows it.
			o := identityOptions()
			o.Insert = []byte(ins)
			got, _ := rewriteChunks(t, page, o, nil)
			i := strings.Index(got, ins)
			if i < 0 || strings.Count(got, ins) != 1 || got[:i]+got[i+len(ins):] != string(page) {
				t.Fatalf("insertion: output is not the input plus one Insert")
			}
			if h := bytes.Index(bytes.ToLower(page), []byte("<head>")); h >= 0 {
				want := h + len("<head>")
				if m := charsetMeta.FindIndex(page[want:]); m != nil {
					want += m[1]
				}
				if i != want {
					t.Errorf("Insert at %d, want right after <head> or its charset declaration at %d", i, want)
				}
			}
			// The scanner agrees with x/net/html on every tag of the page.
			toks, div := scannerTokens(t, page, nil)
			if err := compareTokens(page, toks, div); err != nil {
				t.Error(err)
			}
		})
	}
}

// charsetMeta is a charset declaration right after <head> (white space
// between), as the corpus writes them.
var charsetMeta = regexp.MustCompile(`(?i)^\s*<meta (charset=[^>]*|http-equiv="content-type" content="[^"]*charset=[^"]*")>`)

func firstDiff(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestCorpusRewriteSplits rewrites the corpus with the product defaults and
// checks that the output is the same for every chunking and that it is a
// fixed point: a second pass finds nothing left to neutralize.
func TestCorpusRewriteSplits(t *testing.T) {
	for name, page := range corpus(t) {
		t.Run(name, func(t *testing.T) {
			o := testOptions()
			o.Insert = []byte("<!--INS-->")
			want, events := rewriteChunks(t, page, o, nil)
			if want == string(page)+"<!--INS-->" {
				t.Logf("nothing rewritten")
			}
			for c := 1; c < len(page); c++ {
				if got, _ := rewriteChunks(t, page, o, []int{c}); got != want {
					t.Fatalf("split at %d differs at byte %d", c, firstDiff(got, want))
				}
			}
			r := rand.New(rand.NewSource(int64(len(page))))
			for k := 0; k < 20; k++ {
				var cuts []int
				for c := r.Intn(64); c < len(page); c += 1 + r.Intn(64) {
					cuts = append(cuts, c)
				}
				if got, _ := rewriteChunks(t, page, o, cuts); got != want {
					t.Fatalf("multi-split %v differs at byte %d", cuts, firstDiff(got, want))
				}
			}
			o2 := testOptions()
			again, events2 := rewriteChunks(t, []byte(want), o2, nil)
			events2 = slices.DeleteFunc(events2, func(e Event) bool { return e.Action == ActionAllowed })
			if again != want || len(events2) != 0 {
				t.Errorf("second pass changed the output (%d events: %+v)", len(events2), events2)
			}
			t.Logf("%d events", len(events))
		})
	}
}

// TestShiftJIS checks that a Shift_JIS page, whose second bytes include
// '\' and letters, comes out identical apart from the rewritten script.
func TestShiftJIS(t *testing.T) {
	page, err := os.ReadFile("testdata/identity/shift_jis.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte{0x95, 0x5c}) { // 表
		t.Fatal("test page lost its Shift_JIS bytes")
	}
	old := `<script src="` + ga + `">`
	want := strings.Replace(string(page), old, `<script type="text/plain" data-consent="analytics" data-consent-src="`+ga+`">`, 1)
	got, events := rewriteChunks(t, page, testOptions(), nil)
	if got != want {
		t.Errorf("output differs from the expected at byte %d", firstDiff(got, want))
	}
	if len(events) != 1 {
		t.Errorf("events %+v, want one", events)
	}
}

func TestWindows1252(t *testing.T) {
	page, err := os.ReadFile("testdata/identity/windows-1252.html")
	if err != nil {
		t.Fatal(err)
	}
	old := `<img src="https://www.facebook.com/tr?id=9"`
	want := strings.Replace(string(page), old, `<img data-consent="beacon" data-consent-src="https://www.facebook.com/tr?id=9"`, 1)
	if got := rewriteString(t, string(page), testOptions()); got != want {
		t.Errorf("output differs from the expected at byte %d", firstDiff(got, want))
	}
}

func seedRewriteCorpus(f *testing.F) {
	for _, tc := range scannerCases {
		f.Add([]byte(tc), uint16(5), uint8(0))
	}
	for _, tc := range append(rewriteCases, styleCases...) {
		f.Add([]byte(tc.in), uint16(len(tc.in)/2), uint8(1))
	}
	files, _ := filepath.Glob("testdata/identity/*.html")
	for _, fn := range files {
		if b, err := os.ReadFile(fn); err == nil {
			f.Add(b, uint16(len(b)/3), uint8(2))
		}
	}
}

// FuzzIdentity: with a classifier that matches nothing, nothing blocked and
// no Insert, the output is the input, unless the input carries data-consent
// marks (which report events). With an Insert, it is the input plus one
// Insert.
func FuzzIdentity(f *testing.F) {
	seedRewriteCorpus(f)
	f.Fuzz(func(t *testing.T, in []byte, cut uint16, _ uint8) {
		c := int(cut) % (len(in) + 1)
		got, events := rewriteChunks(t, in, identityOptions(), []int{c})
		marked := bytes.Contains(bytes.ToLower(in), []byte("data-consent"))
		if len(events) > 0 && !marked {
			t.Fatalf("events without data-consent marks: %+v", events)
		}
		if len(events) == 0 && got != string(in) {
			t.Fatalf("output differs from input at byte %d:\n%q\n%q", firstDiff(got, string(in)), got, in)
		}
		const ins = "\x01INSERT\x01"
		if marked || bytes.Contains(in, []byte(ins)) {
			return
		}
		o := identityOptions()
		o.Insert = []byte(ins)
		got, _ = rewriteChunks(t, in, o, []int{c})
		i := strings.Index(got, ins)
		if i < 0 || got[:i]+got[i+len(ins):] != string(in) {
			t.Fatalf("output is not the input plus one Insert: %q", got)
		}
	})
}

// FuzzRewrite: with rewrites happening, the output is the same for every
// chunking, and a second pass changes nothing.
func FuzzRewrite(f *testing.F) {
	seedRewriteCorpus(f)
	f.Fuzz(func(t *testing.T, in []byte, cut uint16, mode uint8) {
		o := testOptions()
		o.Insert = []byte("<!--INS-->")
		if mode&1 != 0 {
			o.MaxHeld = 32 + int(mode>>1)
		}
		if mode&2 != 0 {
			o.Granted = grantOnly(consentPurposes[int(mode>>2)%len(consentPurposes)])
		}
		want, wantEv := rewriteChunks(t, in, o, nil)
		fastPaths = false
		slow, slowEv := rewriteChunks(t, in, o, nil)
		fastPaths = true
		if slow != want || fmt.Sprint(slowEv) != fmt.Sprint(wantEv) {
			t.Fatalf("fast paths change the output at byte %d:\n%q\n%q\nevents %v\n%v", firstDiff(want, slow), want, slow, wantEv, slowEv)
		}
		splits := []int{int(cut) % (len(in) + 1)}
		if len(in) <= 64 {
			splits = splits[:0]
			for c := 1; c < len(in); c++ {
				splits = append(splits, c) // every 2-way split
			}
		}
		for _, c := range splits {
			if got, _ := rewriteChunks(t, in, o, []int{c}); got != want {
				t.Fatalf("split at %d differs at byte %d:\n%q\n%q", c, firstDiff(got, want), got, want)
			}
		}
		r := rand.New(rand.NewSource(int64(cut)))
		var cuts []int
		for c := r.Intn(8); c < len(in); c += 1 + r.Intn(8) {
			cuts = append(cuts, c)
		}
		if got, _ := rewriteChunks(t, in, o, cuts); got != want {
			t.Fatalf("multi-split %v differs at byte %d:\n%q\n%q", cuts, firstDiff(got, want), got, want)
		}
		if o.MaxHeld == 0 {
			o2 := *o
			o2.Insert = nil
			if again, ev := rewriteChunks(t, []byte(want), &o2, nil); again != want {
				t.Fatalf("second pass changed the output (%+v):\n%q\n%q", ev, again, want)
			}
		}
	})
}
