// Package rewrite is the streaming HTML rewriter of caddy-consent. It finds
// the tags that load third-party content (scripts, inline snippets, iframes,
// image beacons, resource hints, stylesheets, icons and manifests, video,
// audio and their sources and tracks, embed and object, image inputs, and
// the ping of links), asks a Classifier what they are for, and neutralizes
// those the visitor has not granted so that the client can bring them back
// on consent: each URL attribute NAME moves to data-consent-NAME and
// data-consent="PURPOSE" is added (scripts also get type="text/plain";
// iframes, embeds and objects a placeholder). A style attribute or <style>
// block that loads a held URL through url(), image-set() or @import keeps
// its other rules, the URL made none, and its original in
// data-consent-style or data-consent-css (see style.go).
// It activates tags the site itself marked with data-consent when their
// purpose is granted, reports the third-party tags it allowed (for the
// inventory), and inserts the gateway's block first in <head> (after an
// early charset declaration). It knows
// nothing of Caddy.
//
// The scanner does not tokenize every byte. It skips text with
// bytes.IndexByte, skips comments and raw-text elements whole (with the
// script-data escape states of the HTML standard), and finds tag boundaries
// following the tag and attribute rules of golang.org/x/net/html's
// tokenizer, recording attribute positions only for the few elements it
// acts on. Attribute values are decoded exactly as that tokenizer decodes
// them. Foreign content (SVG, MathML) is tracked so that an SVG <style> or
// <title> is not mistaken for raw text. A differential fuzz test holds the
// scanner to x/net/html's tokenizer, tag for tag and attribute for
// attribute.
//
// A Writer streams: Write may be called with any chunking and the output is
// the same for every split. Text goes out as soon as it is scanned; only an
// unfinished tag, an inline script awaiting classification (both capped by
// Options.MaxHeld), a few bytes of look-ahead and, while Options.Insert
// waits for an early charset declaration, the start of <head> (within the
// first 1024 bytes) are held back.
//
// A page with nothing to neutralize comes out byte for byte as it went in,
// apart from Options.Insert. Pages in ASCII-compatible encodings (UTF-8,
// windows-1252, ISO-8859-x, Shift_JIS, EUC-*, GBK, Big5) are scanned safely
// byte by byte: none of their multi-byte sequences contains a quote, '<',
// '>', '=', '/', '-', '!' or white space. UTF-16 and ISO-2022-JP pages are
// not ASCII-compatible: the caller must pass them around the Writer.
package rewrite
