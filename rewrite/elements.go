package rewrite

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html/atom"
)

// elements is what the rewriter knows about each element it does not pass
// over blindly: the ones it rewrites, and the ones that change how the
// page is scanned. Everything else is derived from it once, at init: the
// names the lexer recognizes (quickNames, quickSlots, nameFilter), the
// attributes it records (element.record, wantAttrs), the attributes
// activate restores (restores), the kinds events report (tagKind,
// allowedKind).
//
// # Adding a tag kind
//
// Add one row. Say how its start tag is handled (handle): an element that
// loads URLs from attributes and is neutralized by moving them is hLoads,
// and needs nothing more than its urls, in the order they are classified
// (set image for a URL whose Unknown third party is kept, as a picture
// from a CDN is). kind names it in events (a new Kind constant in
// options.go if none fits; metrics count by it). Set placeholder if a
// blocked one should show the placeholder, like an iframe. Only a handling
// of its own needs a new handling constant, its action function (actions.go
// or media.go) and its case in Writer.rewrite and Writer.marked. The lexer
// learns the name, its attributes are recorded, and activate restores its
// URL attributes, all from the row; TestScannerRecordsWhatItReads and
// FuzzRewrite (with and without the fast paths) then check the lexer and
// the rewriter agree with x/net/html. A URL attribute of a new name must
// also be added to the list the client restores in the browser (release
// in caddymodule/choices/assets/consent.js: srcset, src, href, poster,
// data, ping); TestClientRestoresEveryHeldAttribute fails until it is.
var elements = [...]element{
	{}, // index 0: an element the rewriter does not know

	// Elements that load third-party content.
	{name: "script", kind: KindScript, handle: hScript, content: contentScript, svgHref: true,
		urls: []urlAttr{{name: "src"}}},
	{name: "iframe", kind: KindIframe, handle: hIframe, content: contentRaw, placeholder: true,
		urls: []urlAttr{{name: "src"}}},
	{name: "img", kind: KindImg, handle: hImg,
		urls: []urlAttr{{name: "src", image: true}, {name: "srcset", list: urlSrcset, image: true}}},
	{name: "link", kind: KindLink, handle: hLink, // resource hints, stylesheets, icons, manifests
		urls: []urlAttr{{name: "href", image: true}}},
	{name: "video", kind: KindMedia, handle: hLoads,
		urls: []urlAttr{{name: "src"}, {name: "poster", image: true}}},
	{name: "audio", kind: KindMedia, handle: hLoads,
		urls: []urlAttr{{name: "src"}}},
	{name: "source", kind: KindMedia, handle: hLoads,
		urls: []urlAttr{{name: "src"}, {name: "srcset", list: urlSrcset, image: true}}},
	{name: "track", kind: KindMedia, handle: hLoads,
		urls: []urlAttr{{name: "src"}}},
	{name: "embed", kind: KindEmbed, handle: hLoads, placeholder: true,
		urls: []urlAttr{{name: "src"}}},
	{name: "object", kind: KindEmbed, handle: hLoads, placeholder: true,
		urls: []urlAttr{{name: "data"}}},
	// Forms are full of inputs; only type=image loads anything.
	{name: "input", kind: KindImg, handle: hLoads, typeIs: "image", skip: skipUnlessImage,
		urls: []urlAttr{{name: "src", image: true}}},
	// a and area send pings when a link is followed. Links are the
	// commonest tags: the lexer finds these by their ping attribute, not
	// by name.
	{name: "a", kind: KindPing, handle: hPing, find: findByPing,
		urls: []urlAttr{{name: "ping", list: urlSpaced}}},
	{name: "area", kind: KindPing, handle: hPing, find: findByPing,
		urls: []urlAttr{{name: "ping", list: urlSpaced}}},
	// SVG <image>; SVG <script> is the script row.
	{name: "image", kind: KindImg, svgHref: true, find: findInForeign},

	// Elements that change how the page is read.
	{name: "base", handle: hBase}, // the document base URL
	{name: "noscript", handle: hNoscript, content: contentRaw},
	{name: "style", content: contentRaw},
	{name: "textarea", content: contentRaw},
	{name: "title", content: contentRaw},
	{name: "xmp", content: contentRaw},
	{name: "noembed", content: contentRaw},
	{name: "noframes", content: contentRaw},
	{name: "plaintext", content: contentPlaintext},
	{name: "template"}, // nothing inside a template is rewritten
	{name: "svg"},      // foreign content begins
	{name: "math"},
	// In foreign content: a font with color, face or size leaves it, and
	// an annotation-xml's encoding may make it an HTML integration point.
	{name: "font", find: findInForeign, foreignAttrs: true},
	{name: "annotation-xml", find: findInForeign, foreignAttrs: true},
	// They place Options.Insert (and, but for html, break out of foreign
	// content, where every name is looked up anyway): once it is placed,
	// outside foreign content, they matter no more.
	{name: "html", skip: skipAlways},
	{name: "head", skip: skipAlways},
	{name: "body", skip: skipAlways},
	{name: "br", skip: skipAlways},
}

// An element is one row of elements.
type element struct {
	name string // the tag name, lower case
	// kind names the element in events (one of the Kind constants); ""
	// for elements that report none.
	kind string
	// handle is what Writer.rewrite does with an HTML start tag outside
	// templates.
	handle handling
	// urls are the attributes through which the element loads URLs, in
	// the order they are classified. A blocked element has each moved to
	// its urlAttr.to; activate moves them back.
	urls []urlAttr
	// typeIs: the element loads anything only when its type attribute is
	// this value (ASCII case-insensitively), if set.
	typeIs string
	// placeholder: a blocked one that is not hidden gets the placeholder
	// before it.
	placeholder bool
	// svgHref: in SVG, the element loads its href or xlink:href (see
	// Writer.svgHref).
	svgHref bool
	// content says how its contents are scanned.
	content uint8
	// find says how the lexer recognizes the element.
	find uint8
	// skip says when scanData's fast path (bareTag) may pass over the tag
	// as if its name were unknown: it does so only outside foreign
	// content, after Options.Insert is placed and when not tracing.
	skip uint8
	// foreignAttrs: foreignStack reads the element's attributes.
	foreignAttrs bool

	// Derived at init.
	a      atom.Atom // atom of name
	record bool      // the lexer records the attributes of its start tag as it lexes it
}

// How Writer.rewrite handles an element's start tag.
type handling uint8

const (
	hNone     handling = iota // nothing (unless it has a ping attribute, see hPing)
	hBase                     // the first <base href> sets the document base URL (Writer.baseHref)
	hScript                   // Writer.script: a src, or inline text held for the classifier
	hIframe                   // Writer.iframe: srcdoc rewritten, src neutralized behind a placeholder
	hImg                      // Writer.img: src and srcset, unknown third parties only as pixels
	hLink                     // Writer.link: hints, stylesheets, icons and manifests neutralized
	hLoads                    // Writer.loads: every URL attribute classified, all moved when one is blocked
	hPing                     // Writer.loads for the ping attribute (a, area; any tag with ping comes here)
	hNoscript                 // its contents are rescanned as markup by a nested Writer
)

// readsAttrs reports whether the handling reads the tag's attributes on
// every start tag. hPing reads them too, but only with a ping attribute,
// which makes the lexer record them anyway (see noteworthy).
func (h handling) readsAttrs() bool {
	switch h {
	case hBase, hScript, hIframe, hImg, hLink, hLoads:
		return true
	}
	return false
}

// needsClassifier reports whether the handling can only block: without a
// Classifier and with BlockUnknown off, nothing is left for it to do.
func (h handling) needsClassifier() bool { return h != hBase && h != hNoscript }

// How an element's contents are scanned.
const (
	contentMarkup    uint8 = iota // tags and text
	contentRaw                    // raw text or RCDATA up to its end tag
	contentScript                 // script data, with its escape states
	contentPlaintext              // text to the end of the document
)

// How the lexer recognizes an element.
const (
	// findByName: its name is looked up in every tag (quickElement). Every
	// element whose start or end tag matters outside foreign content is
	// found so: the lexer must know it before it knows the attributes.
	findByName uint8 = iota
	// findByPing: only a tag with a ping attribute is lexed in full and
	// its name compared (Writer.anchor).
	findByPing
	// findInForeign: only in foreign content, where every name is looked
	// up.
	findInForeign
)

// When bareTag may pass over an element found by name.
const (
	skipNever       uint8 = iota
	skipAlways            // it matters only before the insertion or in foreign content
	skipUnlessImage       // unless its attributes may make it type=image (see mayBeImage)
)

// A urlAttr is an attribute that makes an element load a URL. A blocked
// element has every one of its urlAttrs moved to data-consent-NAME.
type urlAttr struct {
	name string // the attribute
	to   string // the name it moves to: data-consent-NAME unless set
	list uint8  // how the value holds URLs: urlOne, urlSrcset or urlSpaced
	// image: an Unknown third party is kept, as for <img> (a picture from a
	// CDN); otherwise it is blocked when Options.BlockUnknown is set, as
	// for scripts and iframes.
	image bool
}

const (
	urlOne    uint8 = iota // one URL
	urlSrcset              // a srcset: URLs with descriptors
	urlSpaced              // URLs separated by white space (ping)
)

// maxMoves bounds the attributes one neutralization moves: an element's
// urls, and type for a script.
const maxMoves = 4

// svgHrefAttrs are the URL attributes of SVG script and image: both move
// to data-consent-href.
var svgHrefAttrs = []urlAttr{{name: "href", to: "data-consent-href"}, {name: "xlink:href", to: "data-consent-href"}}

// restores are the attributes activate moves back: every urlAttr.to, to
// the name it stands for.
var restores []struct{ from, to string }

// maxRestores bounds restores, so that activate can note them in a bit set.
const maxRestores = 32

// quickNames are the names quickElement recognizes: the elements found by
// name.
var quickNames []string

// quickSlots lists, for each name length and first letter (lower 5 bits of
// the byte), the indexes in elements of the names quickElement compares;
// 0 ends a list.
var quickSlots [maxName + 1][32][2]uint8

// nameFilter has, for each tag name length (the last entry for all longer
// names), a bit per first letter (lower 5 bits of the byte) that may begin
// a name quickElement knows. Other names skip nameDone.
var nameFilter [maxName + 3]uint32

// byAtom finds an element by atom (foreign content looks every name up):
// open addressing on atomSlot, holding indexes in elements; 0 is empty.
var byAtom [128]uint8

func atomSlot(a atom.Atom) uint32 { return uint32(a) * 0x9E3779B1 >> 25 }

// pingElements are the indexes of the elements found by their ping
// attribute.
var pingElements []uint8

func init() {
	if len(elements) > 255 {
		panic("rewrite: more elements than a uint8 indexes")
	}
	seenTo := make(map[string]bool)
	addRestore := func(u urlAttr) {
		if !seenTo[u.to] {
			seenTo[u.to] = true
			restores = append(restores, struct{ from, to string }{u.to, strings.TrimPrefix(u.to, "data-consent-")})
		}
	}
	for i := 1; i < len(elements); i++ {
		e := &elements[i]
		e.a = atom.Lookup([]byte(e.name))
		if e.a == 0 || e.name != strings.ToLower(e.name) || len(e.name) > maxName {
			panic(fmt.Sprintf("rewrite: element %q: not a known lower-case tag name", e.name))
		}
		for j := range e.urls {
			if u := &e.urls[j]; u.to == "" {
				u.to = "data-consent-" + u.name
			}
			addRestore(e.urls[j])
		}
		if len(e.urls) >= maxMoves {
			panic(fmt.Sprintf("rewrite: element %q: more URL attributes than maxMoves allows", e.name))
		}
		e.record = e.handle.readsAttrs() || e.svgHref || e.foreignAttrs
		h := atomSlot(e.a)
		for byAtom[h] != 0 {
			if elements[byAtom[h]].a == e.a {
				panic(fmt.Sprintf("rewrite: element %q listed twice", e.name))
			}
			h = (h + 1) % uint32(len(byAtom))
		}
		byAtom[h] = uint8(i)
		switch e.find {
		case findByName:
			quickNames = append(quickNames, e.name)
			s := &quickSlots[len(e.name)][e.name[0]&31]
			k := 0
			for k < len(s) && s[k] != 0 {
				k++
			}
			if k == len(s) {
				panic(fmt.Sprintf("rewrite: element %q: too many names of its length and first letter for quickSlots", e.name))
			}
			s[k] = uint8(i)
			nameFilter[len(e.name)+1] |= 1 << (e.name[0] & 31) // +1: the filter is indexed by end - ts, which counts '<'
		case findByPing:
			pingElements = append(pingElements, uint8(i))
		}
	}
	for _, u := range svgHrefAttrs {
		addRestore(u)
	}
	addRestore(urlAttr{name: "style", to: "data-consent-style"}) // a held style attribute (styleHold)
	if len(restores) > maxRestores {
		panic("rewrite: too many restores")
	}
	// End tags count "</": their names are one longer in the filter.
	for k := len(nameFilter) - 1; k > 0; k-- {
		nameFilter[k] |= nameFilter[k-1]
	}
	nameFilter[len(nameFilter)-1] = ^uint32(0) // names too long for the table: look them up
}

// quickElement recognizes, ignoring ASCII case, the names of the elements
// found by name (quickNames). It returns their index in elements, or 0.
func quickElement(name []byte) uint8 {
	if len(name) == 0 || len(name) > maxName {
		return 0
	}
	for _, i := range &quickSlots[len(name)][name[0]&31] {
		if i == 0 {
			break
		}
		if equalLower(name, elements[i].name) {
			return i
		}
	}
	return 0
}

// quickAtom is quickElement's answer as an atom: 0 for the names it does
// not know.
func quickAtom(name []byte) atom.Atom { return elements[quickElement(name)].a }

// elementOf returns the index in elements of the element with atom a, or 0.
func elementOf(a atom.Atom) uint8 {
	if a == 0 {
		return 0
	}
	for h := atomSlot(a); ; h = (h + 1) % uint32(len(byAtom)) {
		i := byAtom[h]
		if i == 0 || elements[i].a == a {
			return i
		}
	}
}

// wantAttrs reports whether a tag's attributes are recorded as it is lexed:
// the elements whose attributes the rewriter reads.
func wantAttrs(a atom.Atom, endTag bool) bool {
	return !endTag && elements[elementOf(a)].record
}

// tagKind names element el for an ActionAbandoned event: its kind if it is
// found by name, KindTag otherwise. (An abandoned a or area outside foreign
// content is not known by name; it reports the same inside.)
func tagKind(el uint8) string {
	if e := &elements[el]; e.find == findByName && e.kind != "" {
		return e.kind
	}
	return KindTag
}

// allowedKind names element el for an ActionAllowed event. An element
// without a kind can only have been allowed for its ping attribute.
func allowedKind(el uint8) string {
	if k := elements[el].kind; k != "" {
		return k
	}
	return KindPing
}

// HeldAttributes lists the URL attributes a neutralized element can hold
// back, each as the name it is restored to ("src", "srcset", ...). The
// client restores the same names in the browser; a test holds its list to
// this one.
func HeldAttributes() []string {
	names := make([]string, 0, len(restores))
	for _, r := range restores {
		if !slices.Contains(names, r.to) {
			names = append(names, r.to)
		}
	}
	return names
}
