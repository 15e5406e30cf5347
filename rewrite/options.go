package rewrite

import (
	"net/url"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// DefaultMaxHeld is the cap on the bytes held back for one tag or one inline
// script while it is classified, used when Options.MaxHeld is zero.
const DefaultMaxHeld = 256 << 10

// DefaultChoicesURL is the link target of placeholders when
// Options.ChoicesURL is empty.
const DefaultChoicesURL = "/privacy-choices"

// Verdict is a classification of a tag's URL or inline script.
type Verdict struct {
	// Purpose is what the tag is for; Unknown when no rule matched.
	Purpose purpose.Purpose
	// Vendor names who runs it, e.g. "Google Analytics"; may be empty.
	Vendor string
	// Rule says which rule decided, for explanations and debug logs.
	Rule string
}

// Classifier labels URLs and inline scripts. The gateway implements it on
// top of the consent knowledge base. It is called for the URL of every
// script, iframe, img (src and absolute srcset candidates), link (resource
// hint, stylesheet, icon, manifest), video, audio, source, track, embed,
// object, image input, ping of a and area, and SVG script or image outside
// templates, and for the text of every
// inline JavaScript: a page of images makes a thousand calls per megabyte,
// so it must be fast (a few hundred nanoseconds at most) to keep the
// rewriter's throughput (see BenchmarkRatio).
type Classifier interface {
	// ClassifyURL labels an absolute URL (already resolved against the page
	// and its <base href>, host lower-cased). It must not modify u, nor keep
	// u or its strings after returning: the Writer reuses u, and its strings
	// may point into the input buffer (copy one to keep it).
	ClassifyURL(u *url.URL) Verdict
	// ClassifyInlineScript labels the text of an inline script. ok=false
	// means it is not a known snippet and is left alone; ok=true with
	// Purpose Unknown is treated like an unknown third party (see
	// Options.BlockUnknown). It must not keep text.
	ClassifyInlineScript(text []byte) (v Verdict, ok bool)
}

// The kinds of element an Event can be about.
const (
	KindScript       = "script"
	KindInlineScript = "inline-script"
	KindIframe       = "iframe"
	KindImg          = "img"   // also <input type=image>
	KindLink         = "link"  // resource hints, stylesheets, icons, manifests
	KindMedia        = "media" // video, audio, source, track
	KindEmbed        = "embed" // embed, object
	KindPing         = "ping"  // the ping attribute of a and area
	KindSrcdoc       = "srcdoc"
	KindMarked       = "marked"
	KindStyle        = "style" // CSS url(), image-set() and @import in style attributes and <style> blocks
	KindTag          = "tag"   // a tag too large to classify, see ActionAbandoned
)

// The actions an Event can report.
const (
	ActionNeutralized = "neutralized"
	ActionActivated   = "activated"
	// ActionRemoved names a hint removed from a Link header (see
	// FilterLinkHeader's callers); the Writer holds hints in HTML instead.
	ActionRemoved = "removed"
	// ActionAbandoned reports a tag or inline script larger than
	// Options.MaxHeld: it passed through unmodified.
	ActionAbandoned = "abandoned"
	// ActionAllowed reports a third-party element left untouched because
	// the purpose of its URL is granted (or Necessary). First-party URLs
	// and Unknown ones that are kept report nothing.
	ActionAllowed = "allowed"
)

// Event reports one neutralized, activated, removed, abandoned or allowed
// element, for metrics, the inventory and debug logs. An element reports
// at most one Event.
type Event struct {
	Kind    string // one of the Kind constants
	Action  string // one of the Action constants
	Purpose purpose.Purpose
	Vendor  string
	URL     string // the resolved URL, empty for inline scripts
	Rule    string // the classifier rule that decided, if any
}

// Options configures a Writer. The Writer copies it; the caller may reuse it.
type Options struct {
	// Classifier labels URLs and inline scripts. Nil classifies everything
	// as Unknown.
	Classifier Classifier

	// Granted reports the visitor's effective state for a purpose other
	// than Necessary (always granted) and Unknown (see BlockUnknown).
	// Nil grants nothing.
	Granted func(purpose.Purpose) bool

	// BlockUnknown treats Unknown third-party tags as not granted (the
	// product default). First-party URLs (same site as PageURL, relative,
	// data: and the like) are never touched unless a rule matches them.
	BlockUnknown bool
	// ReportUnknownAllowed reports Unknown third-party URLs left in place
	// (BlockUnknown false, or an Unknown picture) as ActionAllowed events
	// too, so an inventory lists them where no visitor saw them held.
	ReportUnknownAllowed bool

	// PageURL is the request URL: relative URLs (and <base href>) are
	// resolved against it, and it tells first- from third-party. First
	// party means the same registrable domain (eTLD+1) as PageURL, or the
	// same host when there is none (IP addresses, localhost).
	PageURL *url.URL

	// Insert is written first in <head>: right after <head ...>, or where
	// the head would begin when the page has none (before the first element
	// or text that is not <html>), or at the end of a page that has neither.
	// When a <meta> declaring the charset follows there within the first
	// 1024 bytes, with only <meta>, <title>, comments and white space
	// between, it goes right after that <meta> instead, so that browsers
	// still find the declaration.
	Insert []byte

	// ChoicesURL is the link target in placeholders (DefaultChoicesURL when
	// empty).
	ChoicesURL string

	// Placeholder, if set, returns the markup put before a blocked iframe,
	// embed or object instead of the default one. It must be well-formed
	// HTML and carry data-nosnippet. size is "" or CSS declarations in
	// ASCII, safe in a double-quoted attribute, that give the placeholder
	// the held element's size ("width:560px;max-width:100%;aspect-ratio:
	// 560/315"): the placeholder's style. vendor may point into the input
	// buffer: copy it to keep it.
	Placeholder func(purpose purpose.Purpose, vendor, size string) []byte

	// NoStyleAttr leaves placeholders without the held element's size,
	// which they carry in a style attribute: for pages whose
	// Content-Security-Policy refuses style attributes (see
	// CSPAllowsStyleAttr).
	NoStyleAttr bool

	// MaxHeld caps one held tag or inline script (DefaultMaxHeld when zero).
	// A larger one passes through unmodified and an Event with
	// ActionAbandoned is reported.
	MaxHeld int

	// OutputBuffer is the size of the buffer that gathers the output
	// (16 KiB when zero): the destination sees writes of about this size,
	// and input runs at least this long go to it directly.
	OutputBuffer int

	// BufferOutput keeps the output decided during a Write in the buffer
	// until it is full, or until Flush or Close, instead of writing it out
	// before Write returns: fewer, larger writes to the destination (a
	// chunked HTTP body costs two system calls per write).
	BufferOutput bool

	// ProxyAsset, if set, is asked about the URLs of every script (of a
	// JavaScript type), img (src and srcset), link that loads or prepares
	// a load (stylesheet, icon, manifest, preload, modulepreload,
	// prefetch, preconnect, dns-prefetch), video, audio, source, track,
	// embed, object and image input that its handling left unchanged
	// (not held): for a URL it proxies it returns the first-party URL
	// that replaces it in the attribute, and true. Nothing else changes;
	// descriptors of a srcset are kept. It must not keep u (see
	// Classifier.ClassifyURL). The caller classifies proxied URLs as it
	// likes (a gateway: necessary, as they no longer leave the site).
	ProxyAsset func(u *url.URL) (string, bool)

	// OnEvent, if set, is called for every neutralized, activated, removed,
	// abandoned or allowed element, on the goroutine that calls Write or
	// Close.
	OnEvent func(Event)
}
