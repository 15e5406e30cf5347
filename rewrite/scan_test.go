package rewrite

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// scannerTokens runs input through a Writer cut at cuts and returns the
// tokens its scanner reports, and the offset from which the HTML standard
// and x/net/html may disagree (-1 if none).
func scannerTokens(t testing.TB, input []byte, cuts []int) ([]traceToken, int64) {
	t.Helper()
	return scannerTokensMode(t, input, cuts, false)
}

// scannerTokensMode is scannerTokens; with lazy, the scanner records
// attributes as it does when not traced (see wantAttrs), and the tokens hold
// only those.
func scannerTokensMode(t testing.TB, input []byte, cuts []int, lazy bool) ([]traceToken, int64) {
	t.Helper()
	var toks []traceToken
	w := NewWriter(io.Discard, &Options{})
	w.trace = func(tok traceToken) { toks = append(toks, tok) }
	w.traceLazy = lazy
	prev := 0
	for _, c := range append(cuts, len(input)) {
		if c < prev || c > len(input) {
			continue
		}
		if _, err := w.Write(input[prev:c]); err != nil {
			t.Fatal(err)
		}
		prev = c
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return toks, w.diverged
}

// xnetTokens tokenizes input with x/net/html, driving its raw-text and CDATA
// switches with the same foreign-content model, and returns the non-text
// tokens.
func xnetTokens(input []byte) []traceToken {
	var toks []traceToken
	var fs foreignStack
	z := html.NewTokenizer(bytes.NewReader(input))
	off := int64(0)
	for {
		z.AllowCDATA(fs.cdata())
		tt := z.Next()
		start := off
		off += int64(len(z.Raw()))
		switch tt {
		case html.ErrorToken:
			return toks
		case html.TextToken:
			continue
		case html.CommentToken, html.DoctypeToken:
			toks = append(toks, traceToken{kind: tokComment, start: start, end: off})
			continue
		}
		tok := z.Token()
		name := []byte(tok.Data)
		info := tagInfo{a: atom.Lookup(name), h: nameHash(name), selfClosing: tt == html.SelfClosingTagToken}
		for _, a := range tok.Attr {
			switch a.Key {
			case "color", "face", "size":
				info.fontBreak = true
			case "encoding":
				info.annHTML = strings.EqualFold(a.Val, "text/html") || strings.EqualFold(a.Val, "application/xhtml+xml")
			}
		}
		k := tokStart
		switch tt {
		case html.SelfClosingTagToken:
			k = tokSelfClosing
			fallthrough
		case html.StartTagToken:
			if fs.start(&info) != nsHTML {
				z.NextIsNotRawText()
			}
		case html.EndTagToken:
			k = tokEnd
			fs.end(&info)
		}
		toks = append(toks, traceToken{kind: k, start: start, end: off, name: tok.Data, attrs: tok.Attr})
	}
}

func (t traceToken) String() string {
	kinds := map[tokKind]string{tokStart: "start", tokSelfClosing: "selfclosing", tokEnd: "end", tokComment: "comment"}
	s := fmt.Sprintf("%s[%d:%d]", kinds[t.kind], t.start, t.end)
	if t.name != "" {
		s += " " + t.name
	}
	for _, a := range t.attrs {
		s += fmt.Sprintf(" %q=%q", a.Key, a.Val)
	}
	return s
}

// compareTokens reports the first difference between the scanner's tokens
// and x/net/html's, up to the offset where they may diverge by design.
func compareTokens(input []byte, got []traceToken, diverged int64) error {
	return compareTokensMode(input, got, diverged, false)
}

// readsAttrs reports whether the rewriter reads the attributes of a start
// tag as x/net/html reports it: an element it may rewrite, or one with a
// data-consent mark or a ping. The scanner must record them all, exactly.
func readsAttrs(tok traceToken) bool {
	if tok.kind != tokStart && tok.kind != tokSelfClosing {
		return false
	}
	switch tok.name {
	case "script", "iframe", "img", "link", "base", "video", "audio", "source", "track", "embed", "object", "input":
		return true
	}
	for _, a := range tok.attrs {
		if a.Key == "ping" || strings.HasPrefix(a.Key, "data-consent") {
			return true
		}
	}
	return false
}

// compareTokensMode is compareTokens; with lazy, got holds the attributes
// the scanner recorded without being asked for all: those of the tags in
// readsAttrs must be x/net/html's; others may be missing, not wrong.
func compareTokensMode(input []byte, got []traceToken, diverged int64, lazy bool) error {
	want := xnetTokens(input)
	if lazy {
		for i := range want {
			if i < len(got) && len(got[i].attrs) == 0 && !readsAttrs(want[i]) {
				want[i].attrs = nil
			}
		}
	}
	if diverged >= 0 {
		cut := func(ts []traceToken) []traceToken {
			for i, t := range ts {
				if t.start > diverged {
					return ts[:i]
				}
			}
			return ts
		}
		got, want = cut(got), cut(want)
	}
	for i := 0; i < len(got) || i < len(want); i++ {
		if i < len(got) && i < len(want) && got[i].truncated {
			// Only the first maxAttrs attributes are kept.
			if len(want[i].attrs) > len(got[i].attrs) {
				want[i].attrs = want[i].attrs[:len(got[i].attrs)]
			}
		}
		var g, x string
		if i < len(got) {
			g = got[i].String()
		}
		if i < len(want) {
			x = want[i].String()
		}
		if g != x {
			return fmt.Errorf("token %d: scanner %s, x/net/html %s", i, g, x)
		}
	}
	return nil
}

var scannerCases = []string{
	``,
	`plain text`,
	`<`, `<<`, `</`, `</>`, `<!`, `<!-`, `<!--`, `<?`, `<a`, `</a`, `<a b`, `<a b=`, `<a b="`, `<a b='x`,
	`<p>Hello <b>world</b></p>`,
	`<a href=x>y</a>`,
	`<A HREF="X" Title='y' data-X=z>`,
	`<img src="a.png"/><br/><br /><input value=a/>`,
	`<a b=c/>`, `<a b="c"/>`, `<a b=/>`, `<a b= />`, `<a />`, `<a/>`, `<a/b/c>`, `<a///>`,
	`<a b="x" b=y/>`, `<a B="x" b=y/>`, `<a =b>`, `<a ="x">y">`, `<a = b>`, `<a b = "c" d>`,
	`<a b=">">`, `<a b='>'>`, `<a b=c">d>`, `<a "b"=c>`, `<a b=&amp;c&lt; d=&amp e="&#x26;&notit;&notin;">`,
	"<a b=\"x\r\ny\" c=\"\x00\">", "<a\x00b c\x00=d>", "<a\tb\n=\fc\r>",
	`<!-- comment <script> -->after`, `<!---->x`, `<!-->x`, `<!--->x`, `<!-- -- ->x-->`, `<!-- --!>x`,
	`<!----!>x`, `<!---!>x-->`, `<!--!>x-->`, `<!-- a --!-->b-->`, `<!--x--!x-->`, `<!-- <!-- -->`,
	`<!DOCTYPE html><html>`, `<!doctype html public "-//W3C//DTD >" x>y`, `<!x>`, `<!>`, `<!->x`, `<?xml version="1.0"?>`,
	`</ x>y`, `</3>`, `</a b=">">c`, `</a>`, `</A B>`,
	`<script>if (a < b && c > d) x = "</scr" + "ipt>";</script>`,
	`<script type="text/javascript">document.write('<p>')</script><p>`,
	`<script><!-- hidden </script>x`,
	`<script><!-- <script> </script> still --> </script>x`,
	`<script><!-- <SCRIPT>a</SCRIPT> --></script>x`,
	`<script><!--<script </script>x</script>y`,
	`<script><!-- a --></script>`,
	`<script><!-- a <b> </script>`,
	`<script><!-- <scriptx> </script>`,
	`<script><!-- --><script></script>`,
	`<script><!-- <script>--></script>y</script>`,
	`<script></script >`, `<script></script/>`, `<script></scriptx></script>`, `<script></SCRIPT>`,
	`<script src="a.js"></script><script src=b.js async defer></script>`,
	`<style>p > a { x: "</sty" } </style><p>`,
	`<style></styl></style>`, `<title>a <b> &amp; </title><b>`, `<textarea><p></textarea>`,
	`<xmp><a></xmp>`, `<iframe><a></iframe>`, `<noembed><a></noembed>`, `<noframes><a></noframes>`,
	`<noscript><img src=x></noscript><img src=y>`,
	`<plaintext><a></plaintext><b>`,
	`<template><script>a<b</script><img src=x></template>`,
	`<svg><style><a></style></svg>`,
	`<svg><title><a></title></svg><title><a></title>`,
	`<svg><script>a<b></script></svg><script>a<b></script>`,
	`<svg><foreignObject><script><a></script></foreignObject></svg>`,
	`<svg><foreignObject><div><style><a></style></div></foreignObject><style><b></style></svg>`,
	`<svg><desc><textarea><a></textarea></desc></svg>`,
	`<svg><![CDATA[ <script> ]]><style><a></style></svg>`,
	`<![CDATA[ <a> ]]>`,
	`<svg><p><style><a></style>`,
	`<svg><font color=red><style><a></style>`,
	`<svg><font><style><a></style></font></svg>`,
	`<svg/><style><a></style>`,
	`<svg><path/><g><title>t</title></g></svg><style><a></style>`,
	`<div><svg><g></div><style><a></style>`,
	`<svg></path><style><a></style></svg>`,
	`<math><mi><style><a></style></mi><mglyph><style><a></style></math>`,
	`<math><annotation-xml encoding="text/html"><style><a></style></annotation-xml></math>`,
	`<math><annotation-xml><style><a></style><svg><style><b></style></svg></annotation-xml></math>`,
	`<math><annotation-xml encoding=TEXT/HTML><style><a></style></annotation-xml></math>`,
	`<svg><foreignObject><svg><style><a></style></svg><style><b></style></foreignObject></svg>`,
	`<svg><title><svg><style><a></style></svg></title></svg>`,
	`<SVG><STYLE><A></STYLE></SVG><STYLE><A></STYLE>`,
	`<script/>x</script><style/>y</style>`,
}

func TestScannerMatchesXNet(t *testing.T) {
	for i, tc := range scannerCases {
		in := []byte(tc)
		got, div := scannerTokens(t, in, nil)
		if err := compareTokens(in, got, div); err != nil {
			t.Errorf("Test %d %q: %v", i, tc, err)
		}
	}
}

// TestScannerRecordsWhatItReads checks the attributes the scanner records
// when it is not asked for all of them (wantAttrs, quickAtom, nameFilter and
// the data-consent and ping notes).
func TestScannerRecordsWhatItReads(t *testing.T) {
	cases := append([]string{
		`<VIDEO SRC=a POSTER="b"><Source src=c srcset='d 2x'><TRACK src=e></video><audio src=f>`,
		`<embed src=a><object data=b></object><input type=image src=c><InPuT value=x>`,
		`<a href=x ping="y z">a</a><area ping=q><AREA PING=r><a part=s pinx=t>`,
		`<div data-consent=analytics data-consent-src=x><p data-consentx=1><b data-consenT-href=y>`,
		`<title-x a=b><tracks src=x><videos src=y><sourcex src=z><objects data=w><embeds src=v><inputs src=u>`,
		`<svg><video src=a></video><a ping=b></a><image href=c/></svg><video src=d>`,
		`<a ping=b/><a ping=/ ><link rel=stylesheet href=x/>`,
	}, scannerCases...)
	for _, n := range quickNames {
		cases = append(cases, "<"+n+" a=b c='d'>", "<"+strings.ToUpper(n)+" a=b>")
	}
	for i, tc := range cases {
		in := []byte(tc)
		for _, cut := range []int{0, len(in) / 2} {
			got, div := scannerTokensMode(t, in, []int{cut}, true)
			if err := compareTokensMode(in, got, div, true); err != nil {
				t.Errorf("Test %d %q cut at %d: %v", i, tc, cut, err)
			}
		}
	}
}

// TestQuickAtom checks quickAtom against atom.Lookup for every name it
// knows and for near misses, and that nameFilter lets them all through.
func TestQuickAtom(t *testing.T) {
	seen := make(map[atom.Atom]bool)
	for _, n := range quickNames {
		a := atom.Lookup([]byte(n))
		if a == 0 || seen[a] {
			t.Fatalf("%q: bad name in quickNames", n)
		}
		seen[a] = true
		for _, v := range []string{n, strings.ToUpper(n), strings.ToUpper(n[:1]) + n[1:]} {
			if got := quickAtom([]byte(v)); got != a {
				t.Errorf("quickAtom(%q) = %v, want %v", v, got, a)
			}
			for _, end := range []bool{false, true} {
				tag := "<" + v + " x>"
				if end {
					tag = "</" + v + " x>"
				}
				var tl tagLexer
				tl.begin(0, end, false)
				start := 2 + b2i(end)
				if te, done := tl.lex([]byte(tag), start, 0); !done || te != len(tag) || tl.a != a {
					t.Errorf("lexing %q: atom %v, want %v", tag, tl.a, a)
				}
			}
		}
		for _, miss := range []string{n + "x", n[:len(n)-1], "x" + n[1:], n[:1] + "x" + n[2:]} {
			if got := quickAtom([]byte(miss)); got != 0 && got != atom.Lookup([]byte(miss)) {
				t.Errorf("quickAtom(%q) = %v", miss, got)
			}
		}
	}
	for _, a := range []atom.Atom{atom.Video, atom.Audio, atom.Source, atom.Track, atom.Embed, atom.Object, atom.Input,
		atom.Script, atom.Iframe, atom.Img, atom.Link, atom.Base} {
		if !seen[a] || !wantAttrs(a, false) || wantAttrs(a, true) {
			t.Errorf("%v: not known to quickAtom, or its attributes not recorded", a)
		}
	}
}

func FuzzQuickAtom(f *testing.F) {
	for _, n := range quickNames {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := quickAtom([]byte(name))
		if got == 0 {
			return
		}
		if want := atom.Lookup(lowerASCII([]byte(name))); got != want {
			t.Fatalf("quickAtom(%q) = %v, want %v", name, got, want)
		}
	})
}

func TestScannerSplits(t *testing.T) {
	for i, tc := range scannerCases {
		in := []byte(tc)
		whole, _ := scannerTokens(t, in, nil)
		for c := 1; c < len(in); c++ {
			got, _ := scannerTokens(t, in, []int{c})
			if fmt.Sprint(got) != fmt.Sprint(whole) {
				t.Errorf("Test %d %q split at %d: got %v, want %v", i, tc, c, got, whole)
				break
			}
		}
	}
}

// TestScriptEscapeDivergence pins the one place where the scanner follows
// the HTML standard rather than x/net/html: after "<!--" in script data, a
// '<' not followed by '/' or a letter keeps the escaped state, so a later
// "<script>" starts the double-escaped state and hides a "</script>".
func TestScriptEscapeDivergence(t *testing.T) {
	in := []byte(`<script><!-- if (a < b) document.write("<script>x</script>"); --></script><img src=y>`)
	got, div := scannerTokens(t, in, nil)
	if div != 0 {
		t.Errorf("diverged at %d, want 0", div)
	}
	var ends []int64
	for _, tok := range got {
		if tok.kind == tokEnd {
			ends = append(ends, tok.start)
		}
	}
	want := int64(bytes.LastIndex(in, []byte("</script>")))
	if len(ends) != 1 || ends[0] != want {
		t.Errorf("end tags at %v, want one at %d (the last </script>)", ends, want)
	}
}

func FuzzScanner(f *testing.F) {
	for _, tc := range scannerCases {
		f.Add([]byte(tc), uint16(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, cut uint16) {
		got, div := scannerTokens(t, in, nil)
		if err := compareTokens(in, got, div); err != nil {
			t.Fatal(err)
		}
		c := int(cut) % (len(in) + 1)
		split, _ := scannerTokens(t, in, []int{c})
		if fmt.Sprint(split) != fmt.Sprint(got) {
			t.Fatalf("split at %d: got %v, want %v", c, split, got)
		}
		var ones []int
		for i := 1; i < len(in); i++ {
			ones = append(ones, i)
		}
		bytewise, _ := scannerTokens(t, in, ones)
		if fmt.Sprint(bytewise) != fmt.Sprint(got) {
			t.Fatalf("byte by byte: got %v, want %v", bytewise, got)
		}
		// Recorded as the rewriter records them: what it reads is right.
		lazy, div := scannerTokensMode(t, in, []int{c}, true)
		if err := compareTokensMode(in, lazy, div, true); err != nil {
			t.Fatalf("recorded without tracing: %v", err)
		}
	})
}

// xnetAttrs has x/net/html tokenize one tag and returns its attributes.
func xnetAttrs(tag []byte) []html.Attribute {
	z := html.NewTokenizer(bytes.NewReader(tag))
	z.Next()
	return z.Token().Attr
}

var unescapeCases = []string{
	"plain", "a&amp;b", "&amp", "&amp=", "&ampx", "&amp;x", "&AMP;", "&notit;", "&notin;", "&notit", "&not=", "&not;=",
	"&#", "&#;", "&#x", "&#x;", "&#X41;", "&#65", "&#65x", "&#x41g", "&#0;", "&#128;", "&#x9F;", "&#xD800;", "&#1114112;",
	"&#99999999999999999999;", "&#x110000", "&fjlig;", "&fjlig", "&NotEqualTilde;", "&nvlt;", "&lt", "&lt;", "&ltx", "&ltx;",
	"&", "&&", "&;", "&=", "&copy=1", "&copy;=1", "&copy", "a\r\nb\rc", "\x00&amp;\x00", "&#\x00", "&\x00amp;", "&quot&quot;",
	"?a=1&reg=2&copy;&sect", "&Aacute&aacute;&Aacute;x", "&zwj;&zwnj", "&#x26;&#38;", "&thinsp;&ThinSpace;",
}

func TestUnescapeAttr(t *testing.T) {
	for i, v := range unescapeCases {
		for _, q := range []string{`"`, `'`} {
			tag := []byte(`<a b=` + q + v + q + `>`)
			want := xnetAttrs(tag)
			if len(want) != 1 {
				t.Fatalf("Test %d: x/net/html sees %v", i, want)
			}
			raw := []byte(v)
			if got := unescapeAttr(raw); got != want[0].Val {
				t.Errorf("Test %d %q: got %q, want %q", i, v, got, want[0].Val)
			}
		}
	}
}

func FuzzUnescapeAttr(f *testing.F) {
	for _, v := range unescapeCases {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if strings.ContainsRune(v, '"') {
			return
		}
		want := xnetAttrs([]byte(`<a b="` + v + `">`))
		if len(want) != 1 {
			t.Fatalf("x/net/html sees %v", want)
		}
		if got := unescapeAttr([]byte(v)); got != want[0].Val {
			t.Fatalf("%q: got %q, want %q", v, got, want[0].Val)
		}
	})
}
