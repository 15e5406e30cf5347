package rewrite

import (
	"slices"
	"strings"

	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// placeholderSize returns the CSS declarations that give the placeholder
// of a held iframe, embed or object the element's size, so that the page
// does not shift when the element is allowed; "" when the tag says
// nothing of its size. It reads the width and height attributes and, over
// them as CSS does, simple width, height and aspect-ratio declarations of
// its style attribute; anything it cannot read plainly is left out. A
// width and height both in pixels become the width and its aspect ratio,
// so that a narrow screen shrinks the placeholder in proportion and its
// text never overflows it (max-width:100%); a height it cannot pair
// becomes a min-height, for the same reason. The result is built from
// the parsed numbers and fixed units only: safe in a double-quoted
// attribute.
func (w *Writer) placeholderSize(tag []byte) string {
	var width, height, ratio length
	if i := w.attrIndex(tag, "width"); i >= 0 {
		width = dimAttr(w.attrView(tag, i))
	}
	if i := w.attrIndex(tag, "height"); i >= 0 {
		height = dimAttr(w.attrView(tag, i))
	}
	if i := w.attrIndex(tag, "style"); i >= 0 {
		style := w.attrView(tag, i)
		for style != "" {
			d, rest, _ := strings.Cut(style, ";")
			style = rest
			name, v, ok := strings.Cut(d, ":")
			if !ok {
				continue
			}
			switch name = trimSpace(name); {
			case ascii.EqualFold(name, "width"):
				if l := cssLength(v); l.num != "" {
					width = l
				}
			case ascii.EqualFold(name, "height"):
				if l := cssLength(v); l.num != "" {
					height = l
				}
			case ascii.EqualFold(name, "aspect-ratio"):
				if r := cssRatio(v); r.num != "" {
					ratio = r
				}
			}
		}
	}
	if width.num == "" && height.num == "" && ratio.num == "" {
		return ""
	}
	var a [96]byte
	s := a[:0]
	if width.num != "" {
		s = append(s, "width:"...)
		s = append(s, width.num...)
		s = append(s, width.unit...)
		s = append(s, ";max-width:100%"...)
	}
	var name, num, unit, den string // the second declaration
	switch {
	case width.unit == "px" && height.unit == "px":
		name, num, unit, den = "aspect-ratio:", width.num, "/", height.num
	case ratio.num != "" && height.num == "":
		name, num, unit = "aspect-ratio:", ratio.num, ratio.unit
	case height.num != "":
		name, num, unit = "min-height:", height.num, height.unit
	}
	if name != "" {
		if len(s) > 0 {
			s = append(s, ';')
		}
		s = append(s, name...)
		s = append(s, num...)
		s = append(s, unit...)
		s = append(s, den...)
	}
	return string(s)
}

// A length is a number and its unit, as placeholderSize writes them; the
// zero length is none.
type length struct{ num, unit string }

// dimAttr reads a width or height attribute as the HTML standard's rules
// for parsing dimension values do: white space, digits, an optional
// fraction, and '%' or anything else (pixels). Zero is none.
func dimAttr(s string) length {
	s = strings.TrimLeft(s, " \t\n\f\r")
	n := number(s)
	if n == "" || isZero(n) {
		return length{}
	}
	if strings.HasPrefix(s[len(n):], "%") {
		return length{n, "%"}
	}
	return length{n, "px"}
}

// cssUnits are the units cssLength accepts.
var cssUnits = []string{"px", "%", "em", "rem", "vw", "vh", "vmin", "vmax", "ch"}

// cssLength reads a CSS length that is only a positive number and one of
// cssUnits; anything else (calc(), var(), !important, comments) is none.
func cssLength(s string) length {
	s = trimSpace(s)
	n := number(s)
	if n == "" || isZero(n) {
		return length{}
	}
	for _, u := range cssUnits {
		if ascii.EqualFold(s[len(n):], u) {
			return length{n, u}
		}
	}
	return length{}
}

// cssRatio reads an aspect-ratio that is only "N" or "N / M" of positive
// numbers, as length{num: "N", unit: "/M"}.
func cssRatio(s string) length {
	a, b, two := strings.Cut(trimSpace(s), "/")
	a, b = trimSpace(a), trimSpace(b)
	if number(a) != a || a == "" || isZero(a) {
		return length{}
	}
	if !two {
		return length{num: a}
	}
	if number(b) != b || b == "" || isZero(b) {
		return length{}
	}
	return length{num: a, unit: "/" + b}
}

// number returns the longest prefix of s that is digits with an optional
// fraction, "" if s does not begin with a digit.
func number(s string) string {
	i := 0
	for i < len(s) && ascii.IsDigit(s[i]) {
		i++
	}
	if i == 0 || i > 9 {
		return "" // none, or too large to be a size
	}
	if i+1 < len(s) && s[i] == '.' && ascii.IsDigit(s[i+1]) {
		i += 2
		for i < len(s) && ascii.IsDigit(s[i]) && i < 16 {
			i++
		}
	}
	return s[:i]
}

func isZero(n string) bool { return strings.Trim(n, "0.") == "" }

// cssPixels reads a CSS width or height as isPixel needs it: 0 or 1 for a
// length of at most one pixel ("0", "0px", "1px", "0.5px"), 2 for any
// other length it can read (an !important is allowed); ok is false for
// what it cannot (auto, calc(), …), which then does not count.
func cssPixels(v string) (n int, ok bool) {
	v = trimSpace(v)
	if i := len(v) - len("!important"); i > 0 && ascii.EqualFold(v[i:], "!important") {
		v = trimSpace(v[:i])
	}
	num := number(v)
	if num == "" {
		return 0, false
	}
	if isZero(num) {
		unit := v[len(num):]
		if unit == "" || slices.ContainsFunc(cssUnits, func(u string) bool { return ascii.EqualFold(unit, u) }) {
			return 0, true
		}
		return 0, false
	}
	l := cssLength(v)
	switch {
	case l.num == "":
		return 0, false
	case l.unit == "px" && (l.num == "1" || strings.HasPrefix(l.num, "1.0") && isZero(l.num[2:]) || strings.HasPrefix(l.num, "0.")):
		return 1, true
	}
	return 2, true
}
