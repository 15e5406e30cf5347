package classify

// The Google tag (gtag.js) is one loader for several products: what a
// snippet is for depends on the tag ids it configures, so its script rows
// (option gtag=) do not decide by themselves; refineGtag does.

import (
	"bytes"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Google tag ids and what they mean.
type gtagKind uint8

const (
	gtagNone gtagKind = iota
	gtagAnalytics
	gtagCombined
	gtagAds
)

// gtagIDs lists the Google tag id prefixes, what they mean and the Rule
// text of each where it was found.
var gtagIDs = [...]struct {
	prefix           string
	kind             gtagKind
	configRule, send string
}{
	{"AW-", gtagAds, "gtag('config', 'AW-", "send_to: 'AW-"},
	{"DC-", gtagAds, "gtag('config', 'DC-", "send_to: 'DC-"},
	{"GT-", gtagCombined, "gtag('config', 'GT-", "send_to: 'GT-"},
	{"G-", gtagAnalytics, "gtag('config', 'G-", "send_to: 'G-"},
	{"UA-", gtagAnalytics, "gtag('config', 'UA-", "send_to: 'UA-"},
}

// gtagIDKind classifies a Google tag id by its prefix and returns the Rule
// text for it, found in a config call or a send_to.
func gtagIDKind(id []byte, config bool) (gtagKind, string) {
	for _, p := range gtagIDs {
		if bytes.HasPrefix(id, []byte(p.prefix)) {
			if config {
				return p.kind, p.configRule
			}
			return p.kind, p.send
		}
	}
	return gtagNone, ""
}

// refineGtag decides a Google tag snippet by the ids it configures
// (gtag('config', ID) and send_to: ID): Google Ads (AW-) or Campaign
// Manager (DC-) make it retargeting, a combined Google tag (GT-, which can
// carry Google Ads) too, and Google Analytics alone (G-, UA-) analytics.
// A snippet that configures several gets the most restrictive purpose, and
// its Rule says which ids it saw. A snippet that configures nothing (only
// gtag('js', …)) is the Google tag loader: analytics. ids reports whether
// any tag id was found. The caller sets the Decision's Source.
func refineGtag(text []byte) (d Decision, ids bool) {
	var (
		best     gtagKind
		bestRule string
		others   []string
	)
	note := func(kind gtagKind, rule string) {
		switch {
		case kind > best:
			if best != gtagNone {
				others = append(others, bestRule)
			}
			best, bestRule = kind, rule
		case kind != gtagNone && kind != best:
			others = append(others, rule)
		}
	}
	for _, key := range [...]struct {
		word string
		call bool // "gtag('config', ID": a quoted argument after gtag(
	}{{"config", true}, {"send_to", false}} {
		for off := 0; ; {
			i := bytes.Index(text[off:], []byte(key.word))
			if i < 0 {
				break
			}
			p := off + i
			off = p + len(key.word)
			var id []byte
			if key.call {
				id = gtagConfigID(text, p)
			} else {
				id = gtagSendToID(text, p)
			}
			if kind, rule := gtagIDKind(id, key.call); kind != gtagNone {
				note(kind, rule)
			}
		}
	}
	d = Decision{Purpose: purpose.Analytics, Vendor: "Google tag", Rule: "gtag('js'"}
	switch best {
	case gtagAds:
		d.Purpose, d.Vendor = purpose.Retargeting, "Google Ads"
		if strings.HasSuffix(bestRule, "'DC-") {
			d.Vendor = "Google Campaign Manager 360"
		}
	case gtagCombined:
		d.Purpose, d.Vendor = purpose.Retargeting, "Google tag"
	case gtagAnalytics:
		d.Purpose, d.Vendor = purpose.Analytics, "Google Analytics"
	}
	if best != gtagNone {
		d.Rule = bestRule
		if len(others) > 0 {
			d.Rule += " (also " + strings.Join(dedupeRules(others), ", ") + ": the most restrictive purpose wins)"
		}
	}
	return d, best != gtagNone
}

func dedupeRules(l []string) []string {
	out := l[:0]
	for _, s := range l {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// gtagConfigID returns the id in gtag('config', 'ID' when the word
// "config" at p is that call's first argument, or nil.
func gtagConfigID(text []byte, p int) []byte {
	// Backwards: quote, optional space, "(", optional space, "gtag".
	i := p - 1
	if i < 0 || !isQuoteByte(text[i]) {
		return nil
	}
	q := text[i]
	i--
	for i >= 0 && isSpaceByte(text[i]) {
		i--
	}
	if i < 0 || text[i] != '(' {
		return nil
	}
	i--
	for i >= 0 && isSpaceByte(text[i]) {
		i--
	}
	if i < 3 || string(text[i-3:i+1]) != "gtag" || i >= 4 && isIdentByte(text[i-4]) {
		return nil
	}
	// Forwards: quote, optional space, ",", optional space, quote, id.
	j := p + len("config")
	if j >= len(text) || text[j] != q {
		return nil
	}
	j++
	for j < len(text) && isSpaceByte(text[j]) {
		j++
	}
	if j >= len(text) || text[j] != ',' {
		return nil
	}
	j++
	return quotedIDAt(text, j)
}

// gtagSendToID returns the id in send_to: 'ID' (the key quoted or not), or
// nil.
func gtagSendToID(text []byte, p int) []byte {
	if p > 0 && isIdentByte(text[p-1]) {
		return nil
	}
	j := p + len("send_to")
	if j < len(text) && isQuoteByte(text[j]) {
		j++
	}
	for j < len(text) && isSpaceByte(text[j]) {
		j++
	}
	if j >= len(text) || text[j] != ':' {
		return nil
	}
	j++
	return quotedIDAt(text, j)
}

// quotedIDAt skips whitespace at j and returns the start of the quoted
// string there (up to 16 bytes, enough for a tag id prefix), or nil.
func quotedIDAt(text []byte, j int) []byte {
	for j < len(text) && isSpaceByte(text[j]) {
		j++
	}
	if j >= len(text) || !isQuoteByte(text[j]) {
		return nil
	}
	j++
	return text[j:min(j+16, len(text))]
}
