// This file is derived from golang.org/x/net/html: the element lists of
// breakout (foreign.go) and specialHTML (const.go, isSpecialElementMap),
// and the foreign-content rules of foreignFor and end (parse.go,
// inForeignContent and parseForeignContent).
//
// Copyright 2010 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license, whose text
// is in this repository's NOTICE file.

package rewrite

import (
	"golang.org/x/net/html/atom"
)

// Foreign content (SVG and MathML) changes how a browser tokenizes: inside
// <svg>, <style>, <script> and <title> are not raw text, and <![CDATA[ is a
// section, not a bogus comment. foreignStack follows the tree builder far
// enough to know, for each start tag, whether it is an HTML element (raw-text
// rules and rewriting apply) or a foreign one.
//
// It keeps the stack of open elements only while inside <svg> or <math>
// (HTML elements are pushed only inside an integration point such as
// <foreignObject>). It follows golang.org/x/net/html's parser
// (parseForeignContent, inForeignContent) with two approximations, both
// because the HTML elements outside the foreign root are not tracked: an end
// tag that matches no open foreign element and names a common HTML element
// (</div>, </p>, </span>...) is taken to close an HTML ancestor and so leaves
// foreign content; and HTML elements inside an integration point are
// pushed and popped by name without the HTML tree builder's implied end
// tags.

type nsKind uint8

const (
	nsHTML nsKind = iota
	nsSVG
	nsMath
)

const (
	fIP      uint8 = 1 << iota // HTML integration point
	fMTIP                      // MathML text integration point
	fAnnXML                    // MathML annotation-xml
	fSpecial                   // "special" for the in-body end tag walk
)

// maxForeignDepth bounds the tracked stack; deeper elements are counted only.
const maxForeignDepth = 256

type felem struct {
	h     uint32 // hash of the lower-cased tag name
	ns    nsKind
	flags uint8
}

type foreignStack struct {
	e    []felem
	over int // elements pushed beyond maxForeignDepth
}

// tagInfo is what foreignStack needs to know about a tag.
type tagInfo struct {
	a           atom.Atom // atom of the lower-cased name, 0 if none
	h           uint32    // nameHash of the lower-cased name
	selfClosing bool
	fontBreak   bool // a <font> with a color, face or size attribute
	annHTML     bool // an annotation-xml whose encoding is text/html or application/xhtml+xml
}

// active reports whether any svg or math element is open.
func (f *foreignStack) active() bool { return len(f.e) > 0 || f.over > 0 }

// cdata reports whether <![CDATA[ opens a CDATA section here: the current
// node is not an HTML element.
func (f *foreignStack) cdata() bool {
	if f.over > 0 {
		return true // only foreign elements are pushed that deep in practice
	}
	return len(f.e) > 0 && f.e[len(f.e)-1].ns != nsHTML
}

func (f *foreignStack) push(e felem) {
	if len(f.e) >= maxForeignDepth || f.over > 0 {
		f.over++
		return
	}
	if f.e == nil {
		f.e = make([]felem, 0, 16)
	}
	f.e = append(f.e, e)
}

// start processes a start tag and returns the namespace of the element it
// makes: nsHTML for an HTML element (raw-text rules and rewriting apply).
func (f *foreignStack) start(t *tagInfo) nsKind {
	if !f.active() {
		return f.startHTML(t)
	}
	if f.over > 0 {
		// Too deep to follow: treat as foreign, keep counting.
		if !t.selfClosing {
			f.over++
		}
		return nsSVG
	}
	cur := f.e[len(f.e)-1]
	if !f.foreignFor(cur, t) {
		return f.startHTML(t)
	}
	if breakout(t.a) || t.a == atom.Font && t.fontBreak {
		i := len(f.e) - 1
		for ; i >= 0; i-- {
			e := f.e[i]
			if e.ns == nsHTML || e.flags&(fIP|fMTIP) != 0 {
				break
			}
		}
		f.e = f.e[:i+1]
		return f.startHTML(t)
	}
	if !t.selfClosing {
		f.push(foreignElem(cur.ns, t))
	}
	return cur.ns
}

// foreignFor reports whether a start tag is handled by the rules for
// foreign content (x/net/html's inForeignContent for a start tag token).
func (f *foreignStack) foreignFor(cur felem, t *tagInfo) bool {
	switch {
	case cur.ns == nsHTML:
		return false
	case cur.flags&fMTIP != 0 && t.a != atom.Mglyph && t.a != atom.Malignmark:
		return false
	case cur.flags&fAnnXML != 0 && t.a == atom.Svg:
		return false
	case cur.flags&fIP != 0:
		return false
	}
	return true
}

// startHTML handles a start tag by the HTML rules.
func (f *foreignStack) startHTML(t *tagInfo) nsKind {
	switch t.a {
	case atom.Svg:
		if !t.selfClosing {
			f.push(felem{h: t.h, ns: nsSVG})
		}
		return nsSVG
	case atom.Math:
		if !t.selfClosing {
			f.push(felem{h: t.h, ns: nsMath})
		}
		return nsMath
	}
	if f.active() && !voidElement(t.a) {
		var fl uint8
		if specialHTML(t.a) {
			fl = fSpecial
		}
		f.push(felem{h: t.h, ns: nsHTML, flags: fl})
	}
	return nsHTML
}

func foreignElem(ns nsKind, t *tagInfo) felem {
	e := felem{h: t.h, ns: ns}
	switch ns {
	case nsSVG:
		switch t.a {
		case atom.Foreignobject, atom.Desc, atom.Title:
			e.flags = fIP | fSpecial
		}
	case nsMath:
		switch t.a {
		case atom.Mi, atom.Mo, atom.Mn, atom.Ms, atom.Mtext:
			e.flags = fMTIP | fSpecial
		case atom.AnnotationXml:
			e.flags = fAnnXML | fSpecial
			if t.annHTML {
				e.flags |= fIP
			}
		}
	}
	return e
}

// end processes an end tag. It reports whether the tag was handled by the
// HTML rules (as opposed to closing a foreign element).
func (f *foreignStack) end(t *tagInfo) bool {
	if !f.active() {
		return true
	}
	if f.over > 0 {
		f.over--
		return false
	}
	n := len(f.e)
	if f.e[n-1].ns != nsHTML {
		// x/net/html parseForeignContent, EndTagToken.
		for i := n - 1; i >= 0; i-- {
			if f.e[i].h == t.h {
				f.e = f.e[:i]
				return false
			}
			if i == 0 || f.e[i-1].ns == nsHTML {
				break
			}
		}
	}
	// The in-body "any other end tag" walk.
	for i := n - 1; i >= 0; i-- {
		e := f.e[i]
		if e.ns == nsHTML && e.h == t.h {
			f.e = f.e[:i]
			return true
		}
		if e.flags&fSpecial != 0 {
			return true // ignored
		}
	}
	// It walked past the foreign root: the tag closes an HTML ancestor
	// we do not track, if it names one.
	if exitsForeign(t.a) {
		f.e = f.e[:0]
	}
	return true
}

// nameHash hashes a lower-cased tag name (FNV-1a), NUL read as U+FFFD as
// browsers and x/net/html read it.
func nameHash(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		if c == 0 {
			for _, r := range []byte("\ufffd") {
				h ^= uint32(r)
				h *= 16777619
			}
			continue
		}
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// breakout reports the start tags that leave foreign content (HTML standard
// 13.2.6.5; x/net/html foreign.go).
func breakout(a atom.Atom) bool {
	switch a {
	case atom.B, atom.Big, atom.Blockquote, atom.Body, atom.Br, atom.Center,
		atom.Code, atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Em, atom.Embed,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Hr,
		atom.I, atom.Img, atom.Li, atom.Listing, atom.Menu, atom.Meta, atom.Nobr,
		atom.Ol, atom.P, atom.Pre, atom.Ruby, atom.S, atom.Small, atom.Span,
		atom.Strong, atom.Strike, atom.Sub, atom.Sup, atom.Table, atom.Tt, atom.U,
		atom.Ul, atom.Var:
		return true
	}
	return false
}

// voidElement reports the HTML elements that have no end tag.
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Basefont, atom.Bgsound, atom.Br, atom.Col,
		atom.Embed, atom.Frame, atom.Hr, atom.Image, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track,
		atom.Wbr:
		return true
	}
	return false
}

// specialHTML reports the HTML elements of the "special" category.
func specialHTML(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside,
		atom.Base, atom.Basefont, atom.Bgsound, atom.Blockquote, atom.Body,
		atom.Br, atom.Button, atom.Caption, atom.Center, atom.Col, atom.Colgroup,
		atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Embed,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.Frame, atom.Frameset, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Head, atom.Header, atom.Hgroup, atom.Hr, atom.Html,
		atom.Iframe, atom.Img, atom.Input, atom.Keygen, atom.Li, atom.Link,
		atom.Listing, atom.Main, atom.Marquee, atom.Menu, atom.Meta, atom.Nav,
		atom.Noembed, atom.Noframes, atom.Noscript, atom.Object, atom.Ol, atom.P,
		atom.Param, atom.Plaintext, atom.Pre, atom.Script, atom.Search,
		atom.Section, atom.Select, atom.Source, atom.Style, atom.Summary,
		atom.Table, atom.Tbody, atom.Td, atom.Template, atom.Textarea, atom.Tfoot,
		atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul, atom.Wbr,
		atom.Xmp:
		return true
	}
	return false
}

// exitsForeign reports the end tags taken to close an HTML ancestor of the
// foreign root when they match no open foreign element: common HTML
// containers, excluding names SVG and MathML also use (a, title, script,
// style, font, image).
func exitsForeign(a atom.Atom) bool {
	switch a {
	case atom.Abbr, atom.Address, atom.Article, atom.Aside, atom.B, atom.Big,
		atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption,
		atom.Center, atom.Cite, atom.Code, atom.Dd, atom.Details, atom.Dialog,
		atom.Div, atom.Dl, atom.Dt, atom.Em, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Html, atom.I, atom.Label,
		atom.Legend, atom.Li, atom.Main, atom.Mark, atom.Menu, atom.Nav, atom.Nobr,
		atom.Ol, atom.Output, atom.P, atom.Picture, atom.Pre, atom.Q, atom.S,
		atom.Search, atom.Section, atom.Small, atom.Span, atom.Strike, atom.Strong,
		atom.Sub, atom.Summary, atom.Sup, atom.Table, atom.Tbody, atom.Td,
		atom.Tfoot, atom.Th, atom.Thead, atom.Tr, atom.Tt, atom.U, atom.Ul,
		atom.Var:
		return true
	}
	return false
}
