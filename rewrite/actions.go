package rewrite

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// rewrite acts on a complete HTML start tag b[ts:te] outside templates:
// the handling of its element, then, on a tag left as it was, the assets
// Options.ProxyAsset proxies.
func (w *Writer) rewrite(b []byte, ts, te int) {
	w.handle(b, ts, te)
	if w.o.ProxyAsset != nil && w.emitted <= w.base+int64(ts) {
		w.proxyAssets(b, ts, te)
	}
}

// handle is the handling of the element of the start tag b[ts:te].
func (w *Writer) handle(b []byte, ts, te int) {
	tl := &w.tl
	tag := b[ts:te]
	if tl.consent && w.marked(b, ts, te) {
		return
	}
	e := &elements[tl.el]
	if e.handle.needsClassifier() && w.o.Classifier == nil && !w.o.BlockUnknown {
		return // nothing can be blocked but what the site marked
	}
	switch e.handle {
	case hBase:
		w.baseHref(tag)
	case hScript:
		w.script(b, ts, te)
	case hIframe:
		w.iframe(b, ts, te)
	case hImg:
		w.img(b, ts, te)
	case hLink:
		w.link(b, ts, te)
	case hLoads:
		w.loads(b, ts, te)
	case hNoscript:
		if w.depth < maxNesting {
			// Browsers with JavaScript read the contents as text; the others
			// load the pixels and iframes in them. Rescan them as markup.
			w.passTo(b, te)
			w.nestedWriter(sink{w}).inNoscript = true
			w.feeding = true
		}
	default:
		if tl.ping {
			w.loads(b, ts, te) // a or area (see hPing)
		}
	}
}

// script handles <script>: a src to neutralize, or inline text to hold
// until its end tag for the classifier.
func (w *Writer) script(b []byte, ts, te int) {
	tag := b[ts:te]
	if !w.jsType(tag) {
		return // data blocks (JSON-LD, importmap, templates...) neither load nor run
	}
	if si := w.attrIndex(tag, "src"); si >= 0 {
		u := w.resolve(w.attrView(tag, si))
		if u == nil {
			return
		}
		if v, blocked := w.decide(u); blocked {
			w.neutralizeScript(b, ts, te, v, KindScript, u)
		}
		return
	}
	if w.o.Classifier == nil {
		return
	}
	w.held = true
	w.heldStart = w.base + int64(ts)
	w.heldTagEnd = w.base + int64(te)
}

// scriptEnd is called at the end of script data (buffer index end): a held
// inline script is classified now.
func (w *Writer) scriptEnd(b []byte, end int) {
	if !w.held {
		return
	}
	w.held = false
	if w.base+int64(end)-w.heldStart > int64(w.o.MaxHeld) {
		w.event(Event{Kind: KindInlineScript, Action: ActionAbandoned})
		return
	}
	ts, te := w.rel(w.heldStart), w.rel(w.heldTagEnd)
	v, ok := w.o.Classifier.ClassifyInlineScript(b[te:end])
	if !ok || w.granted(v.Purpose) {
		return
	}
	w.neutralizeScript(b, ts, te, v, KindInlineScript, nil)
}

// abandonScript stops holding an inline script larger than MaxHeld.
func (w *Writer) abandonScript() {
	w.held = false
	w.event(Event{Kind: KindInlineScript, Action: ActionAbandoned})
}

// neutralizeScript writes the script start tag b[ts:te] as
// type="text/plain" data-consent="PURPOSE", src and type moved to
// data-consent-src and data-consent-type.
func (w *Writer) neutralizeScript(b []byte, ts, te int, v Verdict, kind string, u *url.URL) {
	tag := b[ts:te]
	var mv [maxMoves]move
	moves := append(urlMoves(mv[:0], elements[w.tl.el].urls), move{"type", "data-consent-type"})
	ops := w.moveOps(tag, moves...)
	s := w.applyOps(tag, w.consentAttr(true, v.Purpose), ops)
	w.replace(b, ts, te, nil, s)
	w.report(kind, ActionNeutralized, v, u)
}

// iframe handles <iframe>: a srcdoc is rewritten as a document of its own;
// a blocked src moves to data-consent-src behind a placeholder.
func (w *Writer) iframe(b []byte, ts, te int) {
	tag := b[ts:te]
	if di := w.attrIndex(tag, "srcdoc"); di >= 0 {
		w.srcdoc(b, ts, te, di) // srcdoc wins over src
		return
	}
	si := w.attrIndex(tag, "src")
	if si < 0 {
		return
	}
	u := w.resolve(w.attrView(tag, si))
	if u == nil {
		return
	}
	if v, blocked := w.decide(u); blocked {
		w.neutralizeAttrs(b, ts, te, v, u, &elements[w.tl.el])
	}
}

// img handles <img>: a source of a purpose not granted, or a 1x1 pixel from
// an unknown third party when those are blocked, moves to data-consent-src
// (and data-consent-srcset).
func (w *Writer) img(b []byte, ts, te int) {
	tag := b[ts:te]
	var (
		v       Verdict
		u       *url.URL
		blocked bool
		pixel   = -1 // unknown yet
	)
	check := func(raw string) bool {
		if u = w.resolve(raw); u == nil {
			return false
		}
		v, blocked = w.decide(u)
		if blocked && v.Purpose == purpose.Unknown {
			// An unknown third party's picture is kept, its pixel held. In
			// <noscript> every one is held: only browsers without
			// JavaScript load it, and there a tag's fallback is its pixel,
			// whether or not it says its size.
			if pixel < 0 {
				pixel = 0
				if w.inNoscript || w.isPixel(tag) {
					pixel = 1
				}
			}
			blocked = pixel == 1
		}
		return blocked
	}
	si := w.attrIndex(tag, "src")
	if si >= 0 {
		check(w.attrView(tag, si))
	}
	if !blocked {
		if ssi := w.attrIndex(tag, "srcset"); ssi >= 0 && (si < 0 || !relativeOnly(tag, w.tl.attrs[ssi])) {
			srcsetURLs(w.attrView(tag, ssi), func(s string) bool {
				if si >= 0 && relative(s) {
					return false // same host as the src already checked, in practice
				}
				return check(s)
			})
		}
	}
	if blocked {
		w.neutralizeAttrs(b, ts, te, v, u, &elements[w.tl.el])
	}
}

// relativeOnly reports whether a raw srcset value can hold only relative
// URLs: no character reference (or CR, NUL), no ':', '\\' or "//".
func relativeOnly(tag []byte, a attrSpan) bool {
	raw := tag[a.vs:a.ve]
	for i, c := range raw {
		switch c {
		case '&', '\r', 0, ':', '\\':
			return false
		case '/':
			if i+1 < len(raw) && raw[i+1] == '/' {
				return false
			}
		}
	}
	return true
}

// isPixel reports whether an img is a 1x1 (or 0x0) pixel: its width and
// height are each 0, 1 or absent, and one is given. They are read from the
// attributes and, over them as CSS does, from plain width and height
// declarations of its style attribute (style="width:1px;height:1px"),
// since many tracking pixels are sized by CSS only.
func (w *Writer) isPixel(tag []byte) bool {
	dims := [2]int{-1, -1} // per width and height: -1 absent, else pixels (2 for more)
	for k, name := range [2]string{"width", "height"} {
		if i := w.attrIndex(tag, name); i >= 0 {
			if n, ok := parseDim(w.attrView(tag, i)); ok {
				dims[k] = min(n, 2)
			}
		}
	}
	if i := w.attrIndex(tag, "style"); i >= 0 {
		for style := w.attrView(tag, i); style != ""; {
			var d string
			d, style, _ = strings.Cut(style, ";")
			name, v, ok := strings.Cut(d, ":")
			if !ok {
				continue
			}
			k := -1
			switch name = trimSpace(name); {
			case ascii.EqualFold(name, "width"):
				k = 0
			case ascii.EqualFold(name, "height"):
				k = 1
			}
			if n, ok := cssPixels(v); k >= 0 && ok {
				dims[k] = n
			}
		}
	}
	seen := false
	for _, d := range dims {
		if d > 1 {
			return false
		}
		seen = seen || d >= 0
	}
	return seen
}

// hidden reports whether an element is not meant to be seen (a tracking
// iframe): 0 or 1 pixel wide or high, or styled display:none or
// visibility:hidden. It gets no placeholder.
func (w *Writer) hidden(tag []byte) bool {
	for _, name := range [2]string{"width", "height"} {
		if i := w.attrIndex(tag, name); i >= 0 {
			if n, ok := parseDim(w.attrView(tag, i)); ok && n <= 1 {
				return true
			}
		}
	}
	if i := w.attrIndex(tag, "hidden"); i >= 0 {
		return true
	}
	if i := w.attrIndex(tag, "style"); i >= 0 {
		st := strings.ToLower(strings.Join(strings.Fields(w.attrView(tag, i)), ""))
		return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
	}
	return false
}

// parseDim parses a dimension attribute as browsers do (the rules for
// parsing non-negative integers): white space, digits, anything after.
func parseDim(s string) (int, bool) {
	s = strings.TrimLeft(s, " \t\n\f\r")
	s = strings.TrimPrefix(s, "+")
	n, digits := 0, 0
	for ; digits < len(s) && '0' <= s[digits] && s[digits] <= '9'; digits++ {
		if n < 1e6 {
			n = n*10 + int(s[digits]-'0')
		}
	}
	return n, digits > 0
}

// svgHref handles SVG <script> and <image>, which load their href (or
// xlink:href): a blocked one moves to data-consent-href. An SVG image of an
// unknown third party is blocked only as a 1x1 pixel, like <img>.
func (w *Writer) svgHref(b []byte, ts, te int) {
	tag := b[ts:te]
	var mark *Verdict
	if w.tl.consent {
		if ci := w.attrIndex(tag, "data-consent"); ci >= 0 {
			if p, err := purpose.ParsePurpose(trimSpace(w.attrView(tag, ci))); err == nil {
				if w.granted(p) {
					w.activate(b, ts, te, p)
					return
				}
				mark = &Verdict{Purpose: p, Rule: "data-consent attribute"}
			}
		}
	}
	hi := w.attrIndex(tag, "href")
	if hi < 0 {
		hi = w.attrIndex(tag, "xlink:href")
	}
	if hi < 0 {
		return
	}
	u := w.resolve(w.attrView(tag, hi))
	if u == nil {
		return
	}
	kind := elements[w.tl.el].kind
	var v Verdict
	blocked := true
	if mark != nil {
		v = *mark
	} else {
		v, blocked = w.decide(u)
		if blocked && kind == KindImg && v.Purpose == purpose.Unknown && !w.isPixel(tag) {
			blocked = false
		}
	}
	if !blocked {
		return
	}
	var mv [maxMoves]move
	ops := w.moveOps(tag, urlMoves(mv[:0], svgHrefAttrs)...)
	s := w.applyOps(tag, w.consentAttr(false, v.Purpose), ops)
	w.replace(b, ts, te, nil, s)
	w.report(kind, ActionNeutralized, v, u)
}

// link neutralizes links from blocked hosts (href moved to
// data-consent-href): resource hints (preconnect, dns-prefetch, preload,
// prefetch, modulepreload), held like the tags they prepare for, and
// stylesheets, icons and manifests. An Unknown third-party stylesheet or
// icon is kept, like an <img>; a hint to one is held.
func (w *Writer) link(b []byte, ts, te int) {
	tag := b[ts:te]
	ri := w.attrIndex(tag, "rel")
	if ri < 0 {
		return
	}
	rel := linkRel(w.attrView(tag, ri))
	if rel == relOther {
		return
	}
	e := &elements[w.tl.el]
	if rel == relLoad {
		if v, u, blocked := w.firstBlocked(tag, e.urls); blocked {
			w.neutralizeAttrs(b, ts, te, v, u, e)
		}
		return
	}
	hi := w.attrIndex(tag, "href")
	if hi < 0 {
		return
	}
	u := w.resolve(w.attrView(tag, hi))
	if u == nil {
		return
	}
	if v, blocked := w.decide(u); blocked {
		w.neutralizeAttrs(b, ts, te, v, u, e)
	}
}

// baseHref notes the first <base href>: the document base URL.
func (w *Writer) baseHref(tag []byte) {
	if w.baseSet {
		return
	}
	i := w.attrIndex(tag, "href")
	if i < 0 {
		return
	}
	w.baseSet = true
	u, err := url.Parse(cleanURL(w.attrValue(tag, i)))
	if err != nil {
		return
	}
	if w.o.PageURL != nil {
		u = w.o.PageURL.ResolveReference(u)
	}
	if !u.IsAbs() || u.Scheme == "data" || u.Scheme == "javascript" {
		return
	}
	w.baseURL = u
}

// jsType reports whether a script's type (or language) makes it
// JavaScript: a classic script or a module.
func (w *Writer) jsType(tag []byte) bool {
	var t string
	if i := w.attrIndex(tag, "type"); i >= 0 {
		t = trimSpace(w.attrView(tag, i))
		if t == "" {
			return true
		}
	} else if i := w.attrIndex(tag, "language"); i >= 0 {
		l := w.attrValue(tag, i)
		if l == "" {
			return true
		}
		t = "text/" + l
	} else {
		return true
	}
	switch strings.ToLower(t) {
	case "module", "text/javascript", "application/javascript",
		"application/ecmascript", "application/x-ecmascript",
		"application/x-javascript", "text/ecmascript", "text/javascript1.0",
		"text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
		"text/javascript1.4", "text/javascript1.5", "text/jscript",
		"text/livescript", "text/x-ecmascript", "text/x-javascript":
		return true
	}
	return false
}

// marked handles an element the site marked with data-consent. A granted
// purpose is activated; a purpose not granted neutralizes what is still
// active. It reports false when the mark names no purpose.
func (w *Writer) marked(b []byte, ts, te int) bool {
	tag := b[ts:te]
	ci := w.attrIndex(tag, "data-consent")
	if ci < 0 {
		return false
	}
	p, err := purpose.ParsePurpose(trimSpace(w.attrView(tag, ci)))
	if err != nil {
		return false
	}
	if w.granted(p) {
		w.activate(b, ts, te, p)
		return true
	}
	v := Verdict{Purpose: p, Rule: "data-consent attribute"}
	var u *url.URL
	active := func(name string) bool {
		i := w.attrIndex(tag, name)
		if i < 0 {
			return false
		}
		u = w.resolve(w.attrView(tag, i))
		return u != nil
	}
	e := &elements[w.tl.el]
	switch e.handle {
	case hScript:
		if !w.jsType(tag) {
			return true
		}
		if w.attrIndex(tag, "src") < 0 {
			if w.attrIndex(tag, "data-consent-src") < 0 {
				w.neutralizeScript(b, ts, te, v, KindInlineScript, nil)
			}
		} else if active("src") {
			w.neutralizeScript(b, ts, te, v, KindScript, u)
		}
		return true
	case hIframe:
		if w.attrIndex(tag, "srcdoc") >= 0 {
			return true
		}
		// Its urls, below.
	case hImg:
		// Its urls, below.
	case hLink:
		ri := w.attrIndex(tag, "rel")
		if ri < 0 || !active("href") {
			return true
		}
		if linkRel(w.attrView(tag, ri)) != relOther {
			w.neutralizeAttrs(b, ts, te, v, u, e)
		}
		return true
	default:
		e = w.elementAttrs(tag)
	}
	// The first of its URL attributes that is active neutralizes it.
	if e != nil {
		for _, a := range e.urls {
			if active(a.name) {
				w.neutralizeAttrs(b, ts, te, v, u, e)
				break
			}
		}
	}
	return true
}

// activate restores a marked element of a granted purpose: each
// data-consent-NAME of restores (src, srcset, href, poster, data, ping)
// becomes NAME (unless present), data-consent-style becomes style (in
// place of the style held for it), and data-consent-type becomes type (a
// type="text/plain" without it is dropped).
func (w *Writer) activate(b []byte, ts, te int, p purpose.Purpose) {
	tag := b[ts:te]
	var present, seen uint32 // bit j: restores[j]
	heldStyle := false
	for i, r := range restores {
		if r.to == "style" {
			heldStyle = w.attrIndex(tag, r.from) >= 0
		} else if w.attrIndex(tag, r.to) >= 0 {
			present |= 1 << i
		}
	}
	consentType := w.attrIndex(tag, "data-consent-type") >= 0
	plainType := false
	if ti := w.attrIndex(tag, "type"); ti >= 0 && !consentType {
		plainType = ascii.EqualFold(trimSpace(w.attrView(tag, ti)), "text/plain")
	}
	ops := w.ops[:0]
	changed := false
	seenType := false
	var src string
	for i, a := range w.tl.attrs {
		k := tag[a.ks:a.ke]
		o := op{}
		switch {
		case len(k) > 13 && ascii.HasPrefixFold(k, "data-consent-"):
			if ascii.EqualFold(k, "data-consent-type") {
				if !seenType {
					seenType = true
					o = op{opRename, "type"}
				}
				break
			}
			for j, r := range restores {
				if ascii.EqualFold(k, r.from) {
					if (seen|present)&(1<<j) == 0 {
						o = op{opRename, r.to}
						if r.to == "src" {
							src = w.attrValue(tag, i)
						}
					}
					seen |= 1 << j
					break
				}
			}
		case ascii.EqualFold(k, "type"):
			if consentType || plainType {
				o.kind = opDrop
			}
		case heldStyle && ascii.EqualFold(k, "style"):
			o.kind = opDrop
		}
		changed = changed || o.kind != opKeep
		ops = append(ops, o)
	}
	w.ops = ops
	if !changed {
		return
	}
	s := w.applyOps(tag, "", ops)
	w.replace(b, ts, te, nil, s)
	var u *url.URL
	if src != "" {
		u = w.resolve(src)
	}
	w.report(KindMarked, ActionActivated, Verdict{Purpose: p, Rule: "data-consent attribute"}, u)
}

// srcdoc rewrites the document in an iframe's srcdoc attribute (attribute
// di of b[ts:te]) with the same options, and replaces it if anything changed.
func (w *Writer) srcdoc(b []byte, ts, te int, di int) {
	if w.depth >= maxNesting {
		return
	}
	tag := b[ts:te]
	doc := w.attrValue(tag, di)
	if doc == "" {
		return
	}
	var out bytes.Buffer
	n := w.nestedWriter(&out)
	n.Write([]byte(doc))
	n.Close()
	if out.String() == doc {
		return
	}
	a := w.tl.attrs[di]
	s := append(w.scratch[:0], tag[:a.ke]...)
	s = append(s, `="`...)
	s = escapeAttr(s, out.String())
	s = append(s, '"')
	s = append(s, tag[a.end:]...)
	w.scratch = s
	w.replace(b, ts, te, nil, s)
	w.event(Event{Kind: KindSrcdoc, Action: ActionNeutralized})
}

// replace writes out the input up to b[ts], then before and tag in place of
// b[ts:te].
func (w *Writer) replace(b []byte, ts, te int, before, tag []byte) {
	w.passTo(b, ts)
	w.out(before)
	w.out(tag)
	w.emitted = w.base + int64(te)
}

func (w *Writer) report(kind, action string, v Verdict, u *url.URL) {
	if w.o.OnEvent == nil {
		return
	}
	w.allowSet = false // one event per element
	e := Event{Kind: kind, Action: action, Purpose: v.Purpose, Vendor: v.Vendor, Rule: v.Rule}
	if u != nil {
		e.URL = u.String()
	}
	w.o.OnEvent(e)
}

// reportAllowed reports the URL noted by decide for the tag just done.
func (w *Writer) reportAllowed() {
	w.allowSet = false
	e := w.allow
	e.Kind = allowedKind(w.tl.el)
	w.o.OnEvent(e)
}

// consentAttr returns ` data-consent="PURPOSE"`, after ` type="text/plain"`
// when plain is set.
func (w *Writer) consentAttr(plain bool, p purpose.Purpose) string {
	if int(p) < len(consentAttrs) {
		return consentAttrs[p][b2i(plain)]
	}
	s := ` data-consent="` + p.String() + `"`
	if plain {
		s = ` type="text/plain"` + s
	}
	return s
}

// consentAttrs holds consentAttr's answers for the known purposes, built
// once rather than for every element.
var consentAttrs = func() (t [purpose.Social + 1][2]string) {
	for p := range t {
		t[p][0] = ` data-consent="` + purpose.Purpose(p).String() + `"`
		t[p][1] = ` type="text/plain"` + t[p][0]
	}
	return t
}()

// An op says what becomes of one attribute of a rewritten tag.
type op struct {
	kind uint8
	to   string // new name for opRename
}

const (
	opKeep   uint8 = iota
	opDrop         // removed with its value
	opRename       // renamed, value kept byte for byte
)

// move renames the first attribute named from to to.
type move struct{ from, to string }

// moveOps returns the ops that apply moves to tag: the first attribute of
// each from name is renamed, later ones dropped (a browser would ignore
// them, but not once the first is renamed), and any other data-consent*
// attribute is dropped (the caller adds its own).
func (w *Writer) moveOps(tag []byte, moves ...move) []op {
	ops := w.ops[:0]
	var seen [maxMoves]bool
	for _, a := range w.tl.attrs {
		k := tag[a.ks:a.ke]
		o := op{}
		matched := false
		for mi, m := range moves {
			if equalLower(k, m.from) {
				matched = true
				if seen[mi] {
					o.kind = opDrop
				} else {
					seen[mi] = true
					o = op{opRename, m.to}
				}
				break
			}
		}
		if !matched && ascii.HasPrefixFold(k, "data-consent") {
			o.kind = opDrop
		}
		ops = append(ops, o)
	}
	w.ops = ops
	return ops
}

// applyOps returns tag with add inserted after its name and ops applied to
// its attributes; everything else is kept byte for byte.
func (w *Writer) applyOps(tag []byte, add string, ops []op) []byte {
	if w.sty.on {
		add = w.styleOps(add, ops)
	}
	ne := int(w.tl.nameEnd)
	s := append(w.scratch[:0], tag[:ne]...)
	s = append(s, add...)
	p := ne
	for i, a := range w.tl.attrs {
		switch ops[i].kind {
		case opDrop:
			s = append(s, tag[p:a.ks]...)
			p = int(a.end)
		case opRename:
			s = append(s, tag[p:a.ks]...)
			s = append(s, ops[i].to...)
			p = int(a.ke)
		}
	}
	s = append(s, tag[p:]...)
	w.scratch = s
	return s
}

// placeholder returns the markup put before a blocked iframe.
// size is from placeholderSize.
func (w *Writer) placeholder(p purpose.Purpose, vendor, size string) []byte {
	if w.o.Placeholder != nil {
		return w.o.Placeholder(p, vendor, size)
	}
	ps := p.String()
	s := make([]byte, 0, 320)
	s = append(s, `<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="`...)
	s = append(s, ps...)
	if size != "" {
		s = append(s, `" style="`...)
		s = append(s, size...)
	}
	s = append(s, `">`...)
	s = ascii.AppendHTML(s, vendor)
	s = append(s, ` (`...)
	s = append(s, ps...)
	s = append(s, `) is blocked by your privacy choices. <a href="`...)
	s = escapeAttr(s, w.o.ChoicesURL)
	s = append(s, `">Change your privacy choices</a> <button type="button" data-consent-allow="`...)
	s = append(s, ps...)
	s = append(s, `">Allow</button></div>`...)
	return s
}
