package rewrite

import (
	"net/url"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/internal/ascii"
)

// elementAttrs returns the row of elements whose URL attributes the
// current tag loads when it is handled by loads: an hLoads element (of the
// right type, if it says one), or an a or area with a ping attribute; nil
// otherwise.
func (w *Writer) elementAttrs(tag []byte) *element {
	if e := &elements[w.tl.el]; e.handle == hLoads {
		if e.typeIs != "" {
			if i := w.attrIndex(tag, "type"); i < 0 || !ascii.EqualFold(w.attrView(tag, i), e.typeIs) {
				return nil
			}
		}
		return e
	}
	if w.tl.ping {
		return w.anchor(tag)
	}
	return nil
}

// anchor returns the row of the current tag if it is an element found by
// its ping attribute (a or area), nil otherwise. Outside foreign content
// the lexer does not know their names: they are compared here.
func (w *Writer) anchor(tag []byte) *element {
	if e := &elements[w.tl.el]; e.find == findByPing {
		return e
	}
	name := tag[1:w.tl.nameEnd]
	for _, i := range pingElements {
		if ascii.EqualFold(name, elements[i].name) {
			return &elements[i]
		}
	}
	return nil
}

// loads handles the elements that load media or embedded content (video,
// audio, source, track, embed, object, input type=image) and the ping of a
// and area: when one of their URLs is blocked, they are neutralized with
// every URL attribute moved to data-consent-NAME; embed and object also
// get a placeholder, like iframes.
func (w *Writer) loads(b []byte, ts, te int) {
	tag := b[ts:te]
	e := w.elementAttrs(tag)
	if e == nil {
		return
	}
	if v, u, blocked := w.firstBlocked(tag, e.urls); blocked {
		w.neutralizeAttrs(b, ts, te, v, u, e)
	}
}

// firstBlocked classifies the URLs of the current tag's attrs in order and
// returns the verdict and URL of the first that is blocked.
func (w *Writer) firstBlocked(tag []byte, attrs []urlAttr) (v Verdict, u *url.URL, blocked bool) {
	for _, a := range attrs {
		i := w.attrIndex(tag, a.name)
		if i < 0 {
			continue
		}
		check := func(raw string) bool {
			if u = w.resolve(raw); u == nil {
				return false
			}
			v, blocked = w.decide(u)
			if blocked && a.image && v.Purpose == purpose.Unknown {
				blocked = false
			}
			return blocked
		}
		val := w.attrView(tag, i)
		switch a.list {
		case urlOne:
			check(val)
		case urlSrcset:
			srcsetURLs(val, check)
		case urlSpaced:
			spacedURLs(val, check)
		}
		if blocked {
			return v, u, true
		}
	}
	return v, u, false
}

// spacedURLs calls f with each URL of a white-space-separated list until f
// returns true.
func spacedURLs(s string, f func(string) bool) {
	for {
		s = strings.TrimLeft(s, " \t\n\f\r")
		if s == "" {
			return
		}
		i := strings.IndexAny(s, " \t\n\f\r")
		if i < 0 {
			i = len(s)
		}
		if f(s[:i]) {
			return
		}
		s = s[i:]
	}
}

// neutralizeAttrs moves the URL attributes of element e, the tag b[ts:te],
// to data-consent-NAME and adds data-consent="PURPOSE". An iframe, embed
// or object (e.placeholder) that is not hidden gets the placeholder before
// it, of its size.
func (w *Writer) neutralizeAttrs(b []byte, ts, te int, v Verdict, u *url.URL, e *element) {
	tag := b[ts:te]
	var ph []byte
	if e.placeholder && !w.hidden(tag) {
		vendor := v.Vendor
		if vendor == "" && u != nil {
			vendor = u.Hostname()
		}
		size := ""
		if !w.o.NoStyleAttr {
			size = w.placeholderSize(tag)
		}
		ph = w.placeholder(v.Purpose, vendor, size)
	}
	var mv [maxMoves]move
	ops := w.moveOps(tag, urlMoves(mv[:0], e.urls)...)
	s := w.applyOps(tag, w.consentAttr(false, v.Purpose), ops)
	w.replace(b, ts, te, ph, s)
	w.report(e.kind, ActionNeutralized, v, u)
}

// urlMoves appends to dst the moves of attrs to their data-consent names.
func urlMoves(dst []move, attrs []urlAttr) []move {
	for _, a := range attrs {
		dst = append(dst, move{a.name, a.to})
	}
	return dst
}

// Kinds of link for linkRel.
const (
	relOther uint8 = iota // loads nothing by itself (canonical, alternate...)
	relHint               // a resource hint: neutralized when blocked, Unknown included
	relLoad               // a stylesheet, icon or manifest: neutralized when blocked, Unknown kept
)

// linkRel tells what a link's rel value makes it do. A hint wins.
func linkRel(rel string) uint8 {
	k := relOther
	for rel != "" {
		rel = strings.TrimLeft(rel, " \t\n\f\r")
		i := strings.IndexAny(rel, " \t\n\f\r")
		if i < 0 {
			i = len(rel)
		}
		t := rel[:i]
		rel = rel[i:]
		switch {
		case ascii.EqualFold(t, "preconnect"), ascii.EqualFold(t, "dns-prefetch"), ascii.EqualFold(t, "preload"),
			ascii.EqualFold(t, "prefetch"), ascii.EqualFold(t, "modulepreload"):
			return relHint
		case ascii.EqualFold(t, "stylesheet"), ascii.EqualFold(t, "icon"), ascii.EqualFold(t, "apple-touch-icon"),
			ascii.EqualFold(t, "apple-touch-icon-precomposed"), ascii.EqualFold(t, "mask-icon"), ascii.EqualFold(t, "manifest"):
			k = relLoad
		}
	}
	return k
}
