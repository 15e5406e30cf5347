package choices

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Placeholder returns the function that makes the markup put before a
// held-back iframe, embed or object, in a language (the default language
// when lang is not one of the surface's), on a page under prefix, its
// stripped prefix (Deps.Prefix), which the link to the choices page
// carries. The markup it returns is shared: the caller must not modify
// it.
func (s *Surface) Placeholder(lang, prefix string) func(p purpose.Purpose, vendor, size string) []byte {
	if _, ok := s.placeholders[lang]; !ok {
		lang = defaultLang
	}
	if prefix == "" {
		return s.placeholders[lang]
	}
	k := placeholderKey{lang, prefix}
	if f, ok := s.prefixedPlaceholders.Load(k); ok {
		return f.(func(purpose.Purpose, string, string) []byte)
	}
	f := placeholderFunc(s.texts[lang], prefix+s.cfg.BasePath)
	if takeSlot(&s.prefixes, maxPrefixes*int32(len(s.placeholders))) {
		f, _ := s.prefixedPlaceholders.LoadOrStore(k, f)
		return f.(func(purpose.Purpose, string, string) []byte)
	}
	return f
}

// placeholderKey names the placeholders of a language under a prefix.
type placeholderKey struct{ lang, prefix string }

// maxPlaceholders bounds the placeholders kept per language.
const maxPlaceholders = 512

// placeholderFunc returns the placeholder maker of one language: the
// markup names the vendor, links to the choices page (which works with
// JavaScript off) and offers a button the client wires to allow the
// purpose. data-nosnippet keeps it out of search snippets. size, the
// CSS of the held element's size (rewrite's placeholderSize), is its
// style. A page repeats the same few embeds: the markup is kept per
// purpose, vendor and size (up to maxPlaceholders of them) and shared,
// never modified.
func placeholderFunc(t *texts, choicesURL string) func(purpose.Purpose, string, string) []byte {
	type key struct {
		p            purpose.Purpose
		vendor, size string
	}
	var (
		cache sync.Map // key → []byte
		n     atomic.Int32
	)
	return func(p purpose.Purpose, vendor, size string) []byte {
		if b, ok := cache.Load(key{p, vendor, size}); ok {
			return b.([]byte)
		}
		k := key{p, strings.Clone(vendor), size} // vendor may point into the page
		if vendor == "" {
			vendor = p.String()
		}
		name := p.String()
		if pt, ok := t.Client.Purposes[name]; ok {
			name = pt.Name
		}
		msg := strings.Replace(t.Client.Blocked, "%s", vendor+" ("+name+")", 1)
		var b strings.Builder
		b.WriteString(`<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="` + p.String() + `"`)
		if size != "" {
			b.WriteString(` style="` + asciiHTML(size) + `"`)
		}
		b.WriteString(`>`)
		b.WriteString(asciiHTML(msg))
		b.WriteString(` <a href="` + asciiHTML(choicesURL) + `">` + asciiHTML(t.Client.Change) + `</a>`)
		b.WriteString(` <button type="button" data-consent-allow="` + p.String() + `">` + asciiHTML(t.Client.Allow) + `</button></div>`)
		out := []byte(b.String())
		if n.Add(1) <= maxPlaceholders {
			cache.Store(k, out)
		}
		return out
	}
}
