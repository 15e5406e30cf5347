package rewrite

import (
	"net/url"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"golang.org/x/net/html/atom"
)

// A urlAttr is an attribute that makes an element load a URL. A blocked
// element has every one of its urlAttrs moved to data-consent-NAME.
type urlAttr struct {
	name, to string // the attribute and the name it moves to
	list     uint8  // how the value holds URLs: urlOne, urlSrcset or urlSpaced
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

// The URL attributes of the elements handled here.
var (
	videoAttrs  = []urlAttr{{"src", "data-consent-src", urlOne, false}, {"poster", "data-consent-poster", urlOne, true}}
	srcAttrs    = []urlAttr{{"src", "data-consent-src", urlOne, false}} // audio, track, embed
	sourceAttrs = []urlAttr{{"src", "data-consent-src", urlOne, false}, {"srcset", "data-consent-srcset", urlSrcset, true}}
	objectAttrs = []urlAttr{{"data", "data-consent-data", urlOne, false}}
	inputAttrs  = []urlAttr{{"src", "data-consent-src", urlOne, true}}
	linkAttrs   = []urlAttr{{"href", "data-consent-href", urlOne, true}}
	pingAttrs   = []urlAttr{{"ping", "data-consent-ping", urlSpaced, false}}
)

// elementAttrs returns the URL attributes and the event kind of the
// current tag when it is one of the elements handled by loads (link aside,
// which has its own rules); nil otherwise.
func (w *Writer) elementAttrs(tag []byte) ([]urlAttr, string) {
	switch w.tl.a {
	case atom.Video:
		return videoAttrs, KindMedia
	case atom.Audio, atom.Track:
		return srcAttrs, KindMedia
	case atom.Source:
		return sourceAttrs, KindMedia
	case atom.Embed:
		return srcAttrs, KindEmbed
	case atom.Object:
		return objectAttrs, KindEmbed
	case atom.Input:
		if i := w.attrIndex(tag, "type"); i >= 0 && equalFoldString(w.attrView(tag, i), "image") {
			return inputAttrs, KindImg
		}
		return nil, ""
	}
	if w.tl.ping && w.anchor(tag) {
		return pingAttrs, KindPing
	}
	return nil, ""
}

// anchor reports whether the tag's name is a or area, whose ping attribute
// sends pings when a link is followed.
func (w *Writer) anchor(tag []byte) bool {
	if w.tl.a == atom.A || w.tl.a == atom.Area {
		return true
	}
	name := tag[1:w.tl.nameEnd]
	return eqFold(name, "a") || eqFold(name, "area")
}

// loads handles the elements that load media or embedded content (video,
// audio, source, track, embed, object, input type=image) and the ping of a
// and area: when one of their URLs is blocked, they are neutralized with
// every URL attribute moved to data-consent-NAME; embed and object also
// get a placeholder, like iframes.
func (w *Writer) loads(b []byte, ts, te int) {
	tag := b[ts:te]
	attrs, kind := w.elementAttrs(tag)
	if attrs == nil {
		return
	}
	if v, u, blocked := w.firstBlocked(tag, attrs); blocked {
		w.neutralizeAttrs(b, ts, te, v, u, kind, attrs)
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

// neutralizeAttrs moves the URL attributes attrs of the tag b[ts:te] to
// data-consent-NAME and adds data-consent="PURPOSE". An embed or object
// that is not hidden gets the iframe placeholder before it.
func (w *Writer) neutralizeAttrs(b []byte, ts, te int, v Verdict, u *url.URL, kind string, attrs []urlAttr) {
	tag := b[ts:te]
	var ph []byte
	if kind == KindEmbed && !w.hidden(tag) {
		vendor := v.Vendor
		if vendor == "" && u != nil {
			vendor = u.Hostname()
		}
		ph = w.placeholder(v.Purpose, vendor)
	}
	var mv [4]move
	moves := mv[:0]
	for _, a := range attrs {
		moves = append(moves, move{a.name, a.to})
	}
	ops := w.moveOps(tag, moves...)
	s := w.applyOps(tag, w.consentAttr(false, v.Purpose), ops)
	w.replace(b, ts, te, ph, s)
	w.report(kind, ActionNeutralized, v, u)
}

// Kinds of link for linkRel.
const (
	relOther uint8 = iota // loads nothing by itself (canonical, alternate...)
	relHint               // a resource hint: removed when blocked
	relLoad               // a stylesheet, icon or manifest: neutralized when blocked
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
		case equalFoldString(t, "preconnect"), equalFoldString(t, "dns-prefetch"), equalFoldString(t, "preload"),
			equalFoldString(t, "prefetch"), equalFoldString(t, "modulepreload"):
			return relHint
		case equalFoldString(t, "stylesheet"), equalFoldString(t, "icon"), equalFoldString(t, "apple-touch-icon"),
			equalFoldString(t, "apple-touch-icon-precomposed"), equalFoldString(t, "mask-icon"), equalFoldString(t, "manifest"):
			k = relLoad
		}
	}
	return k
}
