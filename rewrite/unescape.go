// This file is derived from golang.org/x/net/html: unescapeEntityAttr and
// the windows1252 table from escape.go (unescapeEntity, replacementTable),
// convertNewlines from token.go.
//
// Copyright 2010 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license, whose text
// is in this repository's NOTICE file.

package rewrite

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// unescapeAttr decodes a raw attribute value exactly as x/net/html's
// tokenizer does (Tokenizer.TagAttr): NUL becomes U+FFFD, CR and CRLF become
// LF, and character references are decoded by the rules for attribute
// values: a named reference is decoded only when its whole name (and ';' if
// any) is one, and a name without ';' followed by '=' stays as is. Named
// references are looked up through html.UnescapeString, which does the same
// for the names that are references. FuzzScanner checks every value
// against x/net/html.
func unescapeAttr(raw []byte) string {
	b := raw
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\ufffd"))
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		b = convertNewlines(b)
	}
	amp := bytes.IndexByte(b, '&')
	if amp < 0 {
		return string(b)
	}
	out := make([]byte, amp, len(b))
	copy(out, b[:amp])
	for src := amp; src < len(b); {
		c := b[src]
		if c != '&' {
			out = append(out, c)
			src++
			continue
		}
		r1, r2, n := unescapeEntityAttr(b[src:])
		if n == 1 && r1 == '&' {
			out = append(out, '&')
			src++
			continue
		}
		out = utf8.AppendRune(out, r1)
		if r2 != 0 {
			out = utf8.AppendRune(out, r2)
		}
		src += n
	}
	return string(out)
}

// convertNewlines returns b with "\r\n" and "\r" replaced by "\n".
func convertNewlines(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		}
		out = append(out, c)
	}
	return out
}

// windows1252 maps the numeric references 0x80 to 0x9F (HTML standard,
// "numeric character reference end state").
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}

// unescapeEntityAttr decodes the character reference at the start of s
// (s[0] == '&') in an attribute value. It returns the rune(s) and the bytes
// consumed; ('&', 0, 1) means no reference.
func unescapeEntityAttr(s []byte) (rune, rune, int) {
	if len(s) <= 1 {
		return '&', 0, 1
	}
	i := 1
	if s[i] == '#' {
		if len(s) <= 2 {
			return '&', 0, 1
		}
		i++
		hex := false
		if c := s[i]; c == 'x' || c == 'X' {
			hex = true
			i++
		}
		i0 := i
		x := rune(0)
		for ; i < len(s); i++ {
			c := s[i]
			var d, mult rune
			switch {
			case '0' <= c && c <= '9':
				d = rune(c) - '0'
			case hex && 'a' <= c && c <= 'f':
				d = rune(c) - 'a' + 10
			case hex && 'A' <= c && c <= 'F':
				d = rune(c) - 'A' + 10
			default:
				goto end
			}
			mult = 10
			if hex {
				mult = 16
			}
			if x <= 0x10FFFF {
				x = mult*x + d
			}
		}
	end:
		if i == i0 {
			return '&', 0, 1
		}
		if i < len(s) && s[i] == ';' {
			i++
		}
		switch {
		case 0x80 <= x && x <= 0x9F:
			x = windows1252[x-0x80]
		case x == 0 || 0xD800 <= x && x <= 0xDFFF || x > 0x10FFFF:
			x = '\uFFFD'
		}
		return x, 0, i
	}
	for i < len(s) {
		c := s[i]
		i++
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if c != ';' {
			i--
		}
		break
	}
	name := s[1:i]
	if len(name) == 0 || name[len(name)-1] != ';' && i < len(s) && s[i] == '=' {
		return '&', 0, 1
	}
	// The common ones, without a lookup.
	switch string(name) {
	case "amp;", "amp", "AMP;", "AMP":
		return '&', 0, i
	case "quot;", "quot", "QUOT;", "QUOT":
		return '"', 0, i
	case "lt;", "lt", "LT;", "LT":
		return '<', 0, i
	case "gt;", "gt", "GT;", "GT":
		return '>', 0, i
	}
	// html.UnescapeString decodes the whole name when it is a reference,
	// one or two runes; otherwise it may decode a prefix (not done in
	// attribute values), which leaves the rest of the name after the rune.
	// Two-rune references all end with ';', and their runes are not ';'.
	ref := "&" + string(name)
	dec := html.UnescapeString(ref)
	if dec == ref {
		return '&', 0, 1
	}
	r1, n1 := utf8.DecodeRuneInString(dec)
	if n1 == len(dec) {
		return r1, 0, i
	}
	r2, n2 := utf8.DecodeRuneInString(dec[n1:])
	if n1+n2 == len(dec) && name[len(name)-1] == ';' && r2 != ';' {
		return r1, r2, i
	}
	return '&', 0, 1
}
