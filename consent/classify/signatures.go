package classify

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Inline-script signatures: vendor-specific tokens that identify a tracker
// snippet inside an inline <script>. A script no signature matches is left
// alone: first-party and unknown inline code is never touched.
//
// Speed matters, because inline scripts can be large (frameworks inline
// 100 KB bundles and state blobs). The matcher never looks at every byte in
// Go code. Each token is anchored on one byte of its literal text, chosen
// from a short list of bytes that are rare in JavaScript (anchorOrder); the
// script is scanned once per anchor byte with bytes.IndexByte, which runs on
// vector instructions, and only at those rare positions is a token checked,
// forwards and backwards from its anchor. The cost is three fast passes
// plus a few tens of nanoseconds per occurrence of an anchor byte. Scripts
// of up to smallScriptMax bytes also get the tokens marked small, and a
// few more passes (see builtinSignatures).
//
// Token notation (sigToken.spec):
//
//	'  a quote: ', " or ` (the same one throughout a token)
//	~  optional whitespace
//	#  one or more decimal digits
//	*  (at the end) the token is a prefix: no boundary is required after it
//
// Everything else is literal and case-sensitive. A token that starts (ends)
// with a letter, digit, '_' or '$' only matches where the byte before
// (after) it is none of those, so "_paq" does not match inside "__paq" and
// "gtm.js" not inside "gtm.jsx"; "fbq(~'track*" matches "fbq('trackCustom'".

// anchorOrder ranks the bytes tokens are anchored on, from the rarest in
// JavaScript (minified or not) to the most common, except that '(' is
// moved up: it is common, but one pass over a small script finds every
// API call token. A token is anchored on the first byte of this list that
// appears in its literal text. Each anchor byte costs a vectorized pass
// over the script, so the tokens looked for in every script must use one
// of the first fastAnchors bytes; the small-script tokens may use any, and
// TestBuiltinSignatures keeps their count low.
const anchorOrder = "jq_" + "WYVXZJKQzGUHPO$" + "(" + "SIFkxyvbBwLRMTDNACE0123456789[]{}|:-/mfpghduclsoainrte.),=;!?<>*+&%#@^"

// fastAnchors is how many bytes of anchorOrder anchor the tokens looked for
// in every script.
const fastAnchors = 3

// smallScriptMax is the size up to which a script also gets the tokens
// marked small: a dedicated tracking snippet is smaller.
const smallScriptMax = 4 << 10

// sigToken is one signature token and what it means.
type sigToken struct {
	spec    string
	purpose purpose.Purpose
	vendor  string
	// with, when set, must also occur somewhere in the script: spec is
	// then a cheap trigger found by its anchor, and with the vendor's
	// token, looked for only once the trigger is found. The Rule shows
	// both, as "[a].q + clarity.ms/tag/".
	with string
	// small marks a token looked for only in scripts of up to
	// smallScriptMax bytes.
	small bool
	// gtag, when set, means the Google tag decides, by the tag ids the
	// whole script configures (see refineGtag), instead of purpose and
	// vendor: gtagLoader tokens always match, gtagID tokens only when the
	// script configures a known tag id.
	gtag uint8
}

// Values of sigToken.gtag.
const (
	gtagLoader = 1 + iota
	gtagID
)

// builtinSignatures is the inline-script knowledge base. Strong tokens
// only: each names one vendor's code, not a word that could appear in
// prose or first-party code.
//
// Tokens that load or configure a vendor's tag (its loader URL, its
// configuration globals, its init call) are looked for in every script.
// Tokens that only call a vendor's API (fbq('track', …), _paq.push, …) are
// marked small and looked for only in scripts of up to smallScriptMax
// bytes, the size of a dedicated snippet: a large first-party script that
// calls fbq('track', …) in a click handler is the site's own code, holding
// it back would break the site, and the call does nothing while the
// vendor's loader is held back.
var builtinSignatures = []sigToken{
	// Google tag (gtag.js): decided by the tag ids configured in the whole
	// script; see refineGtag. Consent Mode calls (gtag('consent', …)) are
	// deliberately not tokens: they must run before any tag.
	{spec: "gtag(~'js'", gtag: gtagLoader},
	{spec: "googletagmanager.com/gtag/js", gtag: gtagLoader},
	{spec: "gtag(~'config'", gtag: gtagID, small: true},
	{spec: "send_to", gtag: gtagID, small: true},

	// Google Tag Manager (a container: analytics, see kbGoogle). Its
	// snippet pushes {'gtm.start': …, event: 'gtm.js'} and loads gtm.js;
	// "gtm.js" is in both, also in server-side loaders that rename the
	// file, and it has a fast anchor where 'gtm.start' has none.
	{spec: "gtm.js", purpose: purpose.Analytics, vendor: "Google Tag Manager"},

	// Universal Analytics and the legacy ga.js.
	{spec: "GoogleAnalyticsObject", purpose: purpose.Analytics, vendor: "Google Analytics"},
	{spec: "google-analytics.com/analytics.js", purpose: purpose.Analytics, vendor: "Google Analytics"},
	{spec: "google-analytics.com/ga.js", purpose: purpose.Analytics, vendor: "Google Analytics"},
	{spec: "var _gaq", purpose: purpose.Analytics, vendor: "Google Analytics"},
	{spec: "_gaq.push(", purpose: purpose.Analytics, vendor: "Google Analytics", small: true},
	{spec: "ga(~'create'", purpose: purpose.Analytics, vendor: "Google Analytics", small: true},

	// Google Ads (legacy conversion tag) and AdSense.
	{spec: "google_conversion_id", purpose: purpose.Retargeting, vendor: "Google Ads"},
	{spec: "google_remarketing_only", purpose: purpose.Retargeting, vendor: "Google Ads"},
	{spec: "googleadservices.com/pagead/conversion_async.js", purpose: purpose.Retargeting, vendor: "Google Ads"},
	{spec: "googleadservices.com/pagead/conversion.js", purpose: purpose.Retargeting, vendor: "Google Ads"},
	{spec: "adsbygoogle.js", purpose: purpose.Retargeting, vendor: "Google AdSense"},
	{spec: "google_ad_client", purpose: purpose.Retargeting, vendor: "Google AdSense"},

	// Meta Pixel and the Facebook SDK.
	{spec: "fbq(~'init'", purpose: purpose.Retargeting, vendor: "Meta Pixel"},
	{spec: "fbevents.js", purpose: purpose.Retargeting, vendor: "Meta Pixel"},
	{spec: "fbq(~'track*", purpose: purpose.Retargeting, vendor: "Meta Pixel", small: true},
	{spec: "facebook-jssdk", purpose: purpose.Social, vendor: "Facebook SDK"},
	{spec: "/sdk.js", with: "connect.facebook.net", purpose: purpose.Social, vendor: "Facebook SDK"},
	{spec: "xfbml.customerchat.js", purpose: purpose.Social, vendor: "Facebook SDK"},
	{spec: "fbAsyncInit", purpose: purpose.Social, vendor: "Facebook SDK", small: true},

	// LinkedIn Insight Tag.
	{spec: "_linkedin_partner_id", purpose: purpose.Retargeting, vendor: "LinkedIn Insight Tag"},
	{spec: "_linkedin_data_partner_ids", purpose: purpose.Retargeting, vendor: "LinkedIn Insight Tag"},
	{spec: "snap.licdn.com/li.lms-analytics/insight.min.js", purpose: purpose.Retargeting, vendor: "LinkedIn Insight Tag"},
	{spec: "lintrk(~'track'", purpose: purpose.Retargeting, vendor: "LinkedIn Insight Tag", small: true},

	// TikTok Pixel.
	{spec: "TiktokAnalyticsObject", purpose: purpose.Retargeting, vendor: "TikTok Pixel"},
	{spec: "ttq.load(", purpose: purpose.Retargeting, vendor: "TikTok Pixel"},
	{spec: "ttq.page(", purpose: purpose.Retargeting, vendor: "TikTok Pixel", small: true},
	{spec: "ttq.track(", purpose: purpose.Retargeting, vendor: "TikTok Pixel", small: true},

	// Microsoft Clarity and Microsoft Advertising UET.
	{spec: "[a].q", with: "clarity.ms/tag/", purpose: purpose.Analytics, vendor: "Microsoft Clarity"},
	{spec: "bat.bing.com/bat.js", purpose: purpose.Retargeting, vendor: "Microsoft Advertising UET"},
	{spec: "uetq", purpose: purpose.Retargeting, vendor: "Microsoft Advertising UET", small: true},

	// Hotjar.
	{spec: "_hjSettings", purpose: purpose.Analytics, vendor: "Hotjar"},
	{spec: "static.hotjar.com/c/hotjar-", purpose: purpose.Analytics, vendor: "Hotjar"},

	// Pinterest, X, Snap, Reddit, Quora.
	{spec: "s.pinimg.com/ct/core.js", purpose: purpose.Retargeting, vendor: "Pinterest Tag"},
	{spec: "pintrk(~'", purpose: purpose.Retargeting, vendor: "Pinterest Tag", small: true},
	{spec: "static.ads-twitter.com/uwt.js", purpose: purpose.Retargeting, vendor: "X (Twitter) Pixel"},
	{spec: "twq(~'config'", purpose: purpose.Retargeting, vendor: "X (Twitter) Pixel"},
	{spec: "twq(~'init'", purpose: purpose.Retargeting, vendor: "X (Twitter) Pixel"},
	{spec: "twq(~'", purpose: purpose.Retargeting, vendor: "X (Twitter) Pixel", small: true},
	{spec: "sc-static.net/scevent.min.js", purpose: purpose.Retargeting, vendor: "Snap Pixel"},
	{spec: "snaptr(~'", purpose: purpose.Retargeting, vendor: "Snap Pixel", small: true},
	{spec: "redditstatic.com/ads/pixel.js", purpose: purpose.Retargeting, vendor: "Reddit Pixel"},
	{spec: "rdt(~'", purpose: purpose.Retargeting, vendor: "Reddit Pixel", small: true},
	{spec: "qp(~'init'", purpose: purpose.Retargeting, vendor: "Quora Pixel"},
	{spec: "qevents.js", purpose: purpose.Retargeting, vendor: "Quora Pixel"},

	// Criteo, Taboola, Outbrain, AdRoll, Quantcast.
	{spec: "window.criteo_q", purpose: purpose.Retargeting, vendor: "Criteo"},
	{spec: "static.criteo.net/js/ld/ld.js", purpose: purpose.Retargeting, vendor: "Criteo"},
	{spec: "criteo_q", purpose: purpose.Retargeting, vendor: "Criteo", small: true},
	{spec: "window._tfa", purpose: purpose.Retargeting, vendor: "Taboola"},
	{spec: "_tfa.push(", purpose: purpose.Retargeting, vendor: "Taboola", small: true},
	{spec: "window._taboola", purpose: purpose.Retargeting, vendor: "Taboola"},
	{spec: "_taboola.push(", purpose: purpose.Retargeting, vendor: "Taboola", small: true},
	{spec: "OB_ADV_ID", purpose: purpose.Retargeting, vendor: "Outbrain"},
	{spec: "obtp.js", purpose: purpose.Retargeting, vendor: "Outbrain"},
	{spec: "obApi(~'", purpose: purpose.Retargeting, vendor: "Outbrain", small: true},
	{spec: "adroll_adv_id", purpose: purpose.Retargeting, vendor: "AdRoll"},
	{spec: "adroll_pix_id", purpose: purpose.Retargeting, vendor: "AdRoll"},
	{spec: "quant.js", purpose: purpose.Retargeting, vendor: "Quantcast"},
	{spec: "_qevents", purpose: purpose.Retargeting, vendor: "Quantcast", small: true},

	// Product analytics.
	{spec: "cdn.segment.com/analytics.js", with: "analytics.load(", purpose: purpose.Analytics, vendor: "Segment"},
	{spec: "MIXPANEL_CUSTOM_LIB_URL", purpose: purpose.Analytics, vendor: "Mixpanel"},
	{spec: "mixpanel-2-latest.min.js", purpose: purpose.Analytics, vendor: "Mixpanel"},
	{spec: "mixpanel.init(", purpose: purpose.Analytics, vendor: "Mixpanel", small: true},
	{spec: "mixpanel.track(", purpose: purpose.Analytics, vendor: "Mixpanel", small: true},
	{spec: "amplitude~||~{~_q:", purpose: purpose.Analytics, vendor: "Amplitude"},
	{spec: "amplitude.init(", purpose: purpose.Analytics, vendor: "Amplitude", small: true},
	{spec: "amplitude.getInstance()", purpose: purpose.Analytics, vendor: "Amplitude", small: true},
	{spec: "heapanalytics.com/js/heap-", purpose: purpose.Analytics, vendor: "Heap"},
	{spec: "heap_config.js", purpose: purpose.Analytics, vendor: "Heap"},
	{spec: "heap.load(", purpose: purpose.Analytics, vendor: "Heap", small: true},
	{spec: "_fs_org", purpose: purpose.Analytics, vendor: "FullStory"},
	{spec: "_fs_namespace", purpose: purpose.Analytics, vendor: "FullStory"},
	{spec: "window._mfq", purpose: purpose.Analytics, vendor: "Mouseflow"},
	{spec: "mouseflow.com/projects/", purpose: purpose.Analytics, vendor: "Mouseflow"},
	{spec: "crazyegg.com/pages/scripts/#/#.js", purpose: purpose.Analytics, vendor: "Crazy Egg"},
	{spec: "__lo_site_id", purpose: purpose.Analytics, vendor: "Lucky Orange"},
	{spec: "_vwo_code", purpose: purpose.Analytics, vendor: "VWO"},
	{spec: "cdn.optimizely.com/js/", purpose: purpose.Analytics, vendor: "Optimizely"},

	// Adobe, Matomo, Yandex, comScore and other web analytics.
	{spec: "_satellite", purpose: purpose.Analytics, vendor: "Adobe Experience Platform Tags (Launch)", small: true},
	{spec: "var _paq", purpose: purpose.Analytics, vendor: "Matomo"},
	{spec: "window._paq", purpose: purpose.Analytics, vendor: "Matomo"},
	{spec: "matomo.js", purpose: purpose.Analytics, vendor: "Matomo"},
	{spec: "piwik.js", purpose: purpose.Analytics, vendor: "Matomo"},
	{spec: "_paq", purpose: purpose.Analytics, vendor: "Matomo", small: true},
	{spec: "/metrika/tag.js", purpose: purpose.Analytics, vendor: "Yandex Metrica"},
	{spec: "/metrika/watch.js", purpose: purpose.Analytics, vendor: "Yandex Metrica"},
	{spec: "yandex-metrica-watch/tag.js", purpose: purpose.Analytics, vendor: "Yandex Metrica"},
	{spec: "ym(~#,~'init'", purpose: purpose.Analytics, vendor: "Yandex Metrica", small: true},
	{spec: "_comscore", purpose: purpose.Analytics, vendor: "comScore"},
	{spec: "scorecardresearch.com/beacon.js", purpose: purpose.Analytics, vendor: "comScore"},
	{spec: "hm.baidu.com/hm.js", purpose: purpose.Analytics, vendor: "Baidu Tongji"},
	{spec: "tiqcdn.com/utag/", purpose: purpose.Analytics, vendor: "Tealium iQ"},
	{spec: "plausible.q", purpose: purpose.Analytics, vendor: "Plausible"},

	// Marketing automation.
	{spec: "var _hsq", purpose: purpose.Analytics, vendor: "HubSpot"},
	{spec: "window._hsq", purpose: purpose.Analytics, vendor: "HubSpot"},
	{spec: "js.hs-scripts.com", purpose: purpose.Analytics, vendor: "HubSpot"},
	{spec: "_hsq", purpose: purpose.Analytics, vendor: "HubSpot", small: true},
	{spec: "pardot.com/pd.js", purpose: purpose.Analytics, vendor: "Salesforce Pardot"},
	{spec: "munchkin.js", purpose: purpose.Analytics, vendor: "Marketo Munchkin"},
	{spec: "static.klaviyo.com/onsite/js/", purpose: purpose.Analytics, vendor: "Klaviyo"},
	{spec: "_learnq", purpose: purpose.Analytics, vendor: "Klaviyo", small: true},

	// Chat widgets (functional).
	{spec: "reattach_activator", purpose: purpose.Functional, vendor: "Intercom"},
	{spec: "i.q.push(", with: "widget.intercom.io", purpose: purpose.Functional, vendor: "Intercom"},
	{spec: "intercomSettings", purpose: purpose.Functional, vendor: "Intercom", small: true},
	{spec: "js.driftt.com", purpose: purpose.Functional, vendor: "Drift"},
	{spec: "static.zdassets.com/ekr/snippet.js", purpose: purpose.Functional, vendor: "Zendesk"},
	{spec: "__lc.license", purpose: purpose.Functional, vendor: "LiveChat"},
	{spec: "Tawk_LoadStart", purpose: purpose.Functional, vendor: "tawk.to"},

	// Social widgets and embeds.
	{spec: "addthis_config", purpose: purpose.Social, vendor: "AddThis"},
	{spec: "addthis_widget.js", purpose: purpose.Social, vendor: "AddThis"},
	{spec: "sharethis.js", purpose: purpose.Social, vendor: "ShareThis"},
	{spec: "__sharethis__", purpose: purpose.Social, vendor: "ShareThis"},
	{spec: "a2a_config", purpose: purpose.Social, vendor: "AddToAny"},
	{spec: "disqus_config", purpose: purpose.Social, vendor: "Disqus"},
	{spec: "platform.twitter.com/widgets.js", purpose: purpose.Social, vendor: "X (Twitter) widgets"},
	{spec: "instagram.com/embed.js", purpose: purpose.Social, vendor: "Instagram"},
	{spec: "platform.linkedin.com/in.js", purpose: purpose.Social, vendor: "LinkedIn widgets"},
	{spec: "assets.pinterest.com/js/pinit.js", purpose: purpose.Social, vendor: "Pinterest widgets"},
	{spec: "tiktok.com/embed.js", purpose: purpose.Social, vendor: "TikTok"},
	{spec: "youtube.com/iframe_api", purpose: purpose.Social, vendor: "YouTube"},
	{spec: "onYouTubeIframeAPIReady", purpose: purpose.Social, vendor: "YouTube", small: true},
	{spec: "player.vimeo.com/api/player.js", purpose: purpose.Social, vendor: "Vimeo"},
	{spec: "Vimeo.Player(", purpose: purpose.Social, vendor: "Vimeo", small: true},
}

// Token element kinds.
const (
	sigLiteral uint8 = iota
	sigQuote
	sigSpace
	sigDigits
)

type sigElem struct {
	kind uint8
	b    byte // for sigLiteral
}

// compiledSig is a token ready for matching at its anchor.
type compiledSig struct {
	tok    *sigToken
	elems  []sigElem
	anchor int    // index in elems of the anchor literal
	rule   string // the token as shown in Decision.Rule
	identL bool   // the token starts with an identifier byte
	identR bool   // the token ends with an identifier byte
	// prev and next are the literal bytes just before and after the
	// anchor, 0 when there is none: a quick test before matchAt.
	prev, next byte
}

// sigMatcher holds the compiled signatures grouped by anchor byte, twice:
// the tokens looked for in every script, and all of them for small
// scripts.
type sigMatcher struct {
	strong  []anchorGroup       // tokens not marked small, in anchorOrder order
	every   []anchorGroup       // all tokens, in anchorOrder order
	all     []*compiledSig      // in listing order
	vendors map[string]struct{} // distinct vendors
}

// anchorGroup holds the tokens anchored on one byte. At each occurrence of
// the byte, the four bytes around it are looked up in a small hash table per
// window placement, so a hit costs a few loads, not one comparison per
// token. Tokens with fewer than four literal bytes around their anchor are
// checked one by one (fallback).
type anchorGroup struct {
	b        byte
	windows  []windowTable
	fallback []*compiledSig
}

// windowTable maps the four literal bytes at a fixed offset from the anchor
// (off is -3..0) to the tokens that have them there. It is an
// open-addressing table whose size is a power of two.
type windowTable struct {
	off   int
	shift uint
	slots []windowSlot
}

type windowSlot struct {
	key   uint32
	cands []*compiledSig // nil: empty slot
}

const windowHashMul = 0x9E3779B1

func (t *windowTable) lookup(key uint32) []*compiledSig {
	mask := uint32(len(t.slots) - 1)
	for h := (key * windowHashMul) >> t.shift; ; h = (h + 1) & mask {
		s := &t.slots[h]
		if s.cands == nil || s.key == key {
			return s.cands
		}
	}
}

func (t *windowTable) insert(key uint32, cs *compiledSig) {
	mask := uint32(len(t.slots) - 1)
	for h := (key * windowHashMul) >> t.shift; ; h = (h + 1) & mask {
		s := &t.slots[h]
		if s.cands == nil || s.key == key {
			s.key = key
			s.cands = append(s.cands, cs)
			return
		}
	}
}

// window returns the four literal bytes of cs at offset off (-3..0) from
// its anchor as a little-endian word; ok is false when they are not all
// literal.
func (cs *compiledSig) window(off int) (key uint32, ok bool) {
	lo, hi := cs.anchor+off, cs.anchor+off+4
	if lo < 0 || hi > len(cs.elems) {
		return 0, false
	}
	for i := lo; i < hi; i++ {
		if cs.elems[i].kind != sigLiteral {
			return 0, false
		}
		key |= uint32(cs.elems[i].b) << (8 * uint(i-lo))
	}
	return key, true
}

// buildAnchorGroup spreads the tokens anchored on a over as few window
// placements as it can (each placement costs a lookup at every occurrence
// of a): it takes the placement most of the remaining tokens can use, until
// none can use any; those are checked one by one.
func buildAnchorGroup(a byte, toks []*compiledSig) anchorGroup {
	g := anchorGroup{b: a}
	left := toks
	for len(left) > 0 {
		bestOff, bestN := 0, 0
		for off := -3; off <= 0; off++ {
			n := 0
			for _, cs := range left {
				if _, ok := cs.window(off); ok {
					n++
				}
			}
			if n > bestN {
				bestOff, bestN = off, n
			}
		}
		if bestN == 0 {
			g.fallback = left
			break
		}
		bits := uint(1)
		for 1<<bits < 4*bestN {
			bits++
		}
		t := windowTable{off: bestOff, shift: 32 - bits, slots: make([]windowSlot, 1<<bits)}
		var rest []*compiledSig
		for _, cs := range left {
			if key, ok := cs.window(bestOff); ok {
				t.insert(key, cs)
			} else {
				rest = append(rest, cs)
			}
		}
		g.windows = append(g.windows, t)
		left = rest
	}
	return g
}

// builtinSigMatcher is compiled once; the tokens are fixed.
var builtinSigMatcher = mustCompileSignatures(builtinSignatures)

func mustCompileSignatures(toks []sigToken) *sigMatcher {
	m, err := compileSignatures(toks)
	if err != nil {
		panic(err)
	}
	return m
}

func compileSignatures(toks []sigToken) (*sigMatcher, error) {
	m := &sigMatcher{vendors: make(map[string]struct{})}
	seen := make(map[string]bool)
	for i := range toks {
		t := &toks[i]
		if seen[t.spec] {
			return nil, fmt.Errorf("signature %q listed twice", t.spec)
		}
		seen[t.spec] = true
		cs, err := compileSig(t)
		if err != nil {
			return nil, err
		}
		m.all = append(m.all, cs)
		if t.vendor != "" {
			m.vendors[t.vendor] = struct{}{}
		}
	}
	var strong []*compiledSig
	for _, cs := range m.all {
		if !cs.tok.small {
			strong = append(strong, cs)
		}
	}
	m.strong = buildAnchorGroups(strong)
	m.every = buildAnchorGroups(m.all)
	return m, nil
}

// buildAnchorGroups groups toks by anchor byte, the rarest byte first.
func buildAnchorGroups(toks []*compiledSig) []anchorGroup {
	var byAnchor [256][]*compiledSig
	var anchors []byte
	for _, cs := range toks {
		a := cs.elems[cs.anchor].b
		if byAnchor[a] == nil {
			anchors = append(anchors, a)
		}
		byAnchor[a] = append(byAnchor[a], cs)
	}
	sortBytesBy(anchors, anchorOrder)
	groups := make([]anchorGroup, 0, len(anchors))
	for _, a := range anchors {
		groups = append(groups, buildAnchorGroup(a, byAnchor[a]))
	}
	return groups
}

func sortBytesBy(b []byte, order string) {
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && strings.IndexByte(order, b[j]) < strings.IndexByte(order, b[j-1]); j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
}

func compileSig(t *sigToken) (*compiledSig, error) {
	cs := &compiledSig{tok: t, anchor: -1}
	spec, prefix := strings.CutSuffix(t.spec, "*")
	if spec == "" {
		return nil, fmt.Errorf("signature %q is empty", t.spec)
	}
	var rule strings.Builder
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		switch c {
		case '\'':
			cs.elems = append(cs.elems, sigElem{kind: sigQuote})
			rule.WriteByte('\'')
		case '~':
			cs.elems = append(cs.elems, sigElem{kind: sigSpace})
			if i > 0 && spec[i-1] == ',' {
				rule.WriteByte(' ')
			}
		case '#':
			cs.elems = append(cs.elems, sigElem{kind: sigDigits})
			rule.WriteByte('#')
		default:
			cs.elems = append(cs.elems, sigElem{kind: sigLiteral, b: c})
			rule.WriteByte(c)
		}
	}
	if t.with != "" {
		rule.WriteString(" + ")
		rule.WriteString(t.with)
	}
	cs.rule = rule.String()
	best := len(anchorOrder)
	for i, e := range cs.elems {
		if e.kind != sigLiteral {
			continue
		}
		if k := strings.IndexByte(anchorOrder, e.b); k >= 0 && k < best {
			best, cs.anchor = k, i
		}
	}
	if cs.anchor < 0 {
		return nil, fmt.Errorf("signature %q has no anchor byte: it must contain one of %q", t.spec, anchorOrder)
	}
	if !t.small && best >= fastAnchors {
		return nil, fmt.Errorf("signature %q is looked for in every script, so it must contain one of %q; choose another token or mark it small", t.spec, anchorOrder[:fastAnchors])
	}
	if a := cs.anchor; a > 0 && cs.elems[a-1].kind == sigLiteral {
		cs.prev = cs.elems[a-1].b
	}
	if a := cs.anchor; a+1 < len(cs.elems) && cs.elems[a+1].kind == sigLiteral {
		cs.next = cs.elems[a+1].b
	}
	first, last := cs.elems[0], cs.elems[len(cs.elems)-1]
	cs.identL = first.kind == sigLiteral && isIdentByte(first.b) || first.kind == sigDigits
	cs.identR = !prefix && (last.kind == sigLiteral && isIdentByte(last.b) || last.kind == sigDigits)
	if t.gtag == 0 && (t.purpose == purpose.Unknown || t.purpose > purpose.Social || t.vendor == "") {
		return nil, fmt.Errorf("signature %q needs a purpose and a vendor", t.spec)
	}
	return cs, nil
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
}

func isQuoteByte(c byte) bool { return c == '\'' || c == '"' || c == '`' }

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// matchAt reports whether the token matches text with its anchor at p, and
// where the match starts.
func (cs *compiledSig) matchAt(text []byte, p int) (start int, ok bool) {
	var quote byte
	// Backwards from the anchor.
	i := p - 1
	for k := cs.anchor - 1; k >= 0; k-- {
		switch e := cs.elems[k]; e.kind {
		case sigLiteral:
			if i < 0 || text[i] != e.b {
				return 0, false
			}
			i--
		case sigQuote:
			if i < 0 || !isQuoteByte(text[i]) || quote != 0 && text[i] != quote {
				return 0, false
			}
			quote = text[i]
			i--
		case sigSpace:
			for i >= 0 && isSpaceByte(text[i]) {
				i--
			}
		case sigDigits:
			if i < 0 || !isDigitByte(text[i]) {
				return 0, false
			}
			for i >= 0 && isDigitByte(text[i]) {
				i--
			}
		}
	}
	start = i + 1
	if cs.identL && i >= 0 && isIdentByte(text[i]) {
		return 0, false
	}
	// Forwards from the anchor.
	j := p + 1
	for k := cs.anchor + 1; k < len(cs.elems); k++ {
		switch e := cs.elems[k]; e.kind {
		case sigLiteral:
			if j >= len(text) || text[j] != e.b {
				return 0, false
			}
			j++
		case sigQuote:
			if j >= len(text) || !isQuoteByte(text[j]) || quote != 0 && text[j] != quote {
				return 0, false
			}
			quote = text[j]
			j++
		case sigSpace:
			for j < len(text) && isSpaceByte(text[j]) {
				j++
			}
		case sigDigits:
			if j >= len(text) || !isDigitByte(text[j]) {
				return 0, false
			}
			for j < len(text) && isDigitByte(text[j]) {
				j++
			}
		}
	}
	if cs.identR && j < len(text) && isIdentByte(text[j]) {
		return 0, false
	}
	return start, true
}

// purposeRank orders purposes from least to most restrictive, for a script
// that carries several vendors' tags: it gets the purpose a visitor is least
// likely to grant.
func purposeRank(p purpose.Purpose) int {
	switch p {
	case purpose.Retargeting:
		return 6
	case purpose.Beacon:
		return 5
	case purpose.Social:
		return 4
	case purpose.Analytics:
		return 3
	case purpose.Functional:
		return 2
	case purpose.Necessary:
		return 1
	}
	return 0
}

// classify finds the signatures in text. When several vendors' tokens
// match, the most restrictive purpose wins, and among equals the token that
// comes first in the script.
func (m *sigMatcher) classify(text []byte) (Decision, bool) {
	var (
		best     Decision
		bestPos  = -1
		found    bool
		gtagDone bool
		gtagDec  Decision
		gtagIDs  bool
		withSeen [4]withAnswer // whether each "with" token occurs in text
		nWith    int
	)
	consider := func(d Decision, pos int) {
		if !found || purposeRank(d.Purpose) > purposeRank(best.Purpose) ||
			purposeRank(d.Purpose) == purposeRank(best.Purpose) && pos < bestPos {
			best, bestPos, found = d, pos, true
		}
	}
	groups := m.strong
	if len(text) <= smallScriptMax {
		groups = m.every
	}
	var hits [8][]*compiledSig
	for gi := range groups {
		g := &groups[gi]
		for off := 0; off < len(text); {
			i := bytes.IndexByte(text[off:], g.b)
			if i < 0 {
				break
			}
			p := off + i
			off = p + 1
			n := 0
			for k := range g.windows {
				w := &g.windows[k]
				lo := p + w.off
				if lo < 0 || lo+4 > len(text) {
					continue
				}
				if c := w.lookup(binary.LittleEndian.Uint32(text[lo:])); c != nil {
					hits[n] = c
					n++
				}
			}
			if n == 0 && len(g.fallback) == 0 {
				continue
			}
			hits[n] = g.fallback
			n++
			var before, after byte // 0 at the ends: no token has a NUL
			if p > 0 {
				before = text[p-1]
			}
			if p+1 < len(text) {
				after = text[p+1]
			}
			for _, cands := range hits[:n] {
				for _, cs := range cands {
					if cs.prev != 0 && cs.prev != before || cs.next != 0 && cs.next != after {
						continue
					}
					start, ok := cs.matchAt(text, p)
					if !ok {
						continue
					}
					t := cs.tok
					if t.with != "" && !hasWith(text, t.with, withSeen[:], &nWith) {
						continue
					}
					if t.gtag != 0 {
						if !gtagDone {
							gtagDec, gtagIDs = refineGtag(text)
							gtagDone = true
						}
						if t.gtag == gtagLoader || gtagIDs {
							consider(gtagDec, start)
						}
						continue
					}
					consider(Decision{Purpose: t.purpose, Vendor: t.vendor, Rule: cs.rule, Source: sourceBuiltin}, start)
				}
			}
		}
	}
	return best, found
}

// withAnswer remembers whether a script contains a "with" token.
type withAnswer struct {
	with string
	has  bool
}

// hasWith reports whether text contains with, remembering answers in
// seen[:*n] while there is room.
func hasWith(text []byte, with string, seen []withAnswer, n *int) bool {
	for _, w := range seen[:*n] {
		if w.with == with {
			return w.has
		}
	}
	has := bytes.Contains(text, []byte(with))
	if *n < len(seen) {
		seen[*n].with, seen[*n].has = with, has
		*n++
	}
	return has
}

// ClassifyInlineScript decides the purpose of the text of an inline
// <script> by the vendor signatures it carries. ok is false when no
// signature matches: first-party and unknown inline scripts are never
// touched, and neither is a script that only sets Google Consent Mode
// defaults or updates. The Decision's Rule is the token that matched, as
// in "fbq('init'". Calls of a vendor's API without its loader or
// configuration (fbq('track', …), _paq.push(…)) count only in scripts of
// up to 4 KB, dedicated snippets, so that a large first-party script that
// merely calls a vendor is not held back. A script carrying several
// vendors' tags gets the most restrictive of their purposes (retargeting,
// then beacon, social, analytics, functional, necessary). Operator URL
// rules do not apply to inline scripts. The caller should skip scripts
// whose type is not JavaScript (JSON, templates). ClassifyInlineScript
// does not allocate unless a script configures several Google tag ids.
func (c *URLClassifier) ClassifyInlineScript(text []byte) (Decision, bool) {
	return builtinSigMatcher.classify(text)
}

// SignatureCount returns how many inline-script signature tokens the
// built-in knowledge base holds.
func (c *URLClassifier) SignatureCount() int { return len(builtinSigMatcher.all) }

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
// any tag id was found.
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
	d = Decision{Purpose: purpose.Analytics, Vendor: "Google tag", Rule: "gtag('js'", Source: sourceBuiltin}
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
