package rewrite

import (
	"bytes"
	"testing"
)

func TestIndexByte(t *testing.T) {
	for n := 0; n < 80; n++ {
		for at := -1; at < n; at++ {
			b := bytes.Repeat([]byte{'a'}, n)
			if at >= 0 {
				b[at] = '<'
				if at+1 < n {
					b[at+1] = '<' // a second match must not win
				}
			}
			// Bytes that differ from '<' by one bit, or borrow into it.
			for k := range b {
				if b[k] != '<' && k%3 == 0 {
					b[k] = '<' ^ 1
				} else if b[k] != '<' && k%3 == 1 {
					b[k] = '<' + 0x80
				}
			}
			if got, want := indexByte(b, '<'), bytes.IndexByte(b, '<'); got != want {
				t.Fatalf("n=%d at=%d: indexByte = %d, want %d", n, at, got, want)
			}
		}
	}
}

func FuzzIndexByte(f *testing.F) {
	f.Add([]byte("abc<def"), byte('<'))
	f.Add([]byte("\x00\x01\x3b\x3d\xbc<"), byte('<'))
	f.Fuzz(func(t *testing.T, b []byte, c byte) {
		if got, want := indexByte(b, c), bytes.IndexByte(b, c); got != want {
			t.Fatalf("indexByte(%q, %q) = %d, want %d", b, c, got, want)
		}
	})
}

// FuzzSkipTag checks skipTag, the fast path for tags the rewriter ignores,
// against the tag lexer it shortcuts: the same end, and -1 where the lexer
// needs more input or notes an attribute name.
func FuzzSkipTag(f *testing.F) {
	for _, s := range []string{
		` class="card">`, ` a=b c='d>e' f>`, ` data-consent="x">`, ` ping="/p">`, ` =x=y>`,
		` a = "b" / c=d/>`, ` title="<b>">x`, " a\n=\n'q'\t>", ` unterminated="`, ` x=y`, ` PING=1>`,
		` data-consentx>`, ` dataxconsent1>`, ` href=a"b'c>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, attrs []byte) {
		b := append([]byte("<x"), attrs...)
		ne := 1 + span(b[1:], 4)
		var tl tagLexer
		tl.begin(0, false, false)
		te, done := tl.lex(b, 2, 0)
		got := skipTag(b, ne)
		switch {
		case !done || tl.maybeConsent:
			if got != -1 {
				t.Fatalf("%q: skipTag = %d, want -1 (lexer: end %d, done %v, maybeConsent %v)", b, got, te, done, tl.maybeConsent)
			}
		case got != te:
			t.Fatalf("%q: skipTag = %d, lexer ends the tag at %d", b, got, te)
		}
	})
}

func TestMayBeImage(t *testing.T) {
	for _, tc := range []struct {
		attrs string
		want  bool
	}{
		{` type=image src=x`, true}, {` TYPE="IMAGE"`, true}, {` type=imaGe`, true}, {` type="im&#97;ge"`, true},
		{` type=text value=imag`, false}, {` name=g value=mage`, false}, {`image`, true}, {`mage`, false},
		{` type=checkbox checked`, false}, {``, false}, {`xximagexx`, true}, {`g`, false},
	} {
		if got := mayBeImage([]byte(tc.attrs)); got != tc.want {
			t.Errorf("mayBeImage(%q) = %v, want %v", tc.attrs, got, tc.want)
		}
	}
}
