package rewrite

import (
	"bytes"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent"
)

func ph(purpose, vendor string) string {
	return `<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="` + purpose + `">` +
		vendor + ` (` + purpose + `) is blocked by your privacy choices. <a href="/privacy-choices">Change your privacy choices</a> ` +
		`<button type="button" data-consent-allow="` + purpose + `">Allow</button></div>`
}

const ga = "https://www.google-analytics.com/analytics.js"

type rewriteCase struct {
	name string
	in   string
	want string // "" means unchanged
	opts func(*Options)
}

func granted(ps ...consent.Purpose) func(*Options) {
	return func(o *Options) { o.Granted = grantOnly(ps...) }
}

var rewriteCases = []rewriteCase{
	// Scripts with src.
	{name: "script", in: `<script src="` + ga + `"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
	{name: "script granted", in: `<script src="` + ga + `"></script>`, opts: granted(consent.Analytics)},
	{name: "script other purpose granted", in: `<script src="` + ga + `"></script>`, opts: granted(consent.Social),
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
	{name: "script uppercase", in: `<SCRIPT SRC="` + ga + `" ASYNC></SCRIPT>`,
		want: `<SCRIPT type="text/plain" data-consent="analytics" data-consent-src="` + ga + `" ASYNC></SCRIPT>`},
	{name: "script unquoted", in: `<script src=` + ga + ` defer></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src=` + ga + ` defer></script>`},
	{name: "script single-quoted", in: `<script async src='` + ga + `'></script>`,
		want: `<script type="text/plain" data-consent="analytics" async data-consent-src='` + ga + `'></script>`},
	{name: "script module", in: `<script type="module" src="https://connect.facebook.net/x.mjs"></script>`,
		want: `<script type="text/plain" data-consent="retargeting" data-consent-type="module" data-consent-src="https://connect.facebook.net/x.mjs"></script>`},
	{name: "script protocol-relative", in: `<script src="//connect.facebook.net/en_US/fbevents.js"></script>`,
		want: `<script type="text/plain" data-consent="retargeting" data-consent-src="//connect.facebook.net/en_US/fbevents.js"></script>`},
	{name: "script base href", in: `<base href="https://www.googletagmanager.com/"><script src="gtm.js?id=GTM-1"></script>`,
		want: `<base href="https://www.googletagmanager.com/"><script type="text/plain" data-consent="analytics" data-consent-src="gtm.js?id=GTM-1"></script>`},
	{name: "script only first base counts", in: `<base target=_top><base href="https://www.googletagmanager.com/"><base href="/"><script src="gtm.js"></script>`,
		want: `<base target=_top><base href="https://www.googletagmanager.com/"><base href="/"><script type="text/plain" data-consent="analytics" data-consent-src="gtm.js"></script>`},
	{name: "script relative first party", in: `<script src="/app.js"></script><script src="app.js"></script>`},
	{name: "script same site", in: `<script src="https://static.example.com/app.js"></script>`},
	{name: "script entity in src", in: `<script src="https://www.google-analytics.com/collect?a=1&amp;b=2"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="https://www.google-analytics.com/collect?a=1&amp;b=2"></script>`},
	{name: "script entity in host", in: `<script src="https://www.google&#45;analytics.com/a.js"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="https://www.google&#45;analytics.com/a.js"></script>`},
	{name: "script newline and backslash in URL", in: "<script src=\" https:\\\\www.google-\nanalytics.com\\a.js\"></script>",
		want: "<script type=\"text/plain\" data-consent=\"analytics\" data-consent-src=\" https:\\\\www.google-\nanalytics.com\\a.js\"></script>"},
	{name: "script host case and dot", in: `<script src="HTTPS://WWW.Google-Analytics.COM./a.js"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="HTTPS://WWW.Google-Analytics.COM./a.js"></script>`},
	{name: "script unknown third party", in: `<script src="https://cdn.vendor.example.net/x.js"></script>`,
		want: `<script type="text/plain" data-consent="unknown" data-consent-src="https://cdn.vendor.example.net/x.js"></script>`},
	{name: "script unknown third party allowed", in: `<script src="https://cdn.vendor.example.net/x.js"></script>`,
		opts: func(o *Options) { o.BlockUnknown = false }},
	{name: "script first-party rule", in: `<script src="/js/matomo.js"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="/js/matomo.js"></script>`},
	{name: "script necessary", in: `<script src="https://www.google.com/recaptcha/api.js"></script>`},
	{name: "script empty src", in: `<script src="">x</script><script src>y</script>`},
	{name: "script data URL", in: `<script src="data:text/javascript,alert(1)"></script>`},
	{name: "script duplicate src", in: `<script src="` + ga + `" src="/local.js" type=text/javascript type=module></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"  data-consent-type=text/javascript ></script>`},
	{name: "script existing data-consent-src dropped", in: `<script data-consent-src="/x.js" src="` + ga + `"></script>`,
		want: `<script type="text/plain" data-consent="analytics"  data-consent-src="` + ga + `"></script>`},
	{name: "script self-closing slash", in: `<script/src="` + ga + `"/></script>`,
		want: `<script type="text/plain" data-consent="analytics"/data-consent-src="` + ga + `"/></script>`},
	{name: "script src of json type", in: `<script type="application/json" src="` + ga + `"></script>`},
	{name: "script language", in: `<script language="javascript" src="` + ga + `"></script><script language=vbscript src="` + ga + `"></script>`,
		want: `<script type="text/plain" data-consent="analytics" language="javascript" data-consent-src="` + ga + `"></script><script language=vbscript src="` + ga + `"></script>`},

	// Inline scripts.
	{name: "inline", in: `<script>gtag('config', 'G-1');</script>`,
		want: `<script type="text/plain" data-consent="analytics">gtag('config', 'G-1');</script>`},
	{name: "inline typed", in: `<script type="text/javascript" nonce="n1">!function(){fbq('init', '1')}()</script>`,
		want: `<script type="text/plain" data-consent="retargeting" data-consent-type="text/javascript" nonce="n1">!function(){fbq('init', '1')}()</script>`},
	{name: "inline module", in: `<script type=module>_paq.push(['x'])</script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-type=module>_paq.push(['x'])</script>`},
	{name: "inline granted", in: `<script>gtag('config', 'G-1');</script>`, opts: granted(consent.Analytics)},
	{name: "inline necessary", in: `<script>gtag('consent', 'default', {})</script>`},
	{name: "inline unknown", in: `<script>var x = 1;</script>`},
	{name: "inline json-ld", in: `<script type="application/ld+json">{"a": "gtag('config'"}</script>`},
	{name: "inline importmap", in: `<script type="importmap">{"imports": {"gtag('config'": "/x"}}</script>`},
	{name: "inline template type", in: `<script type="text/template"><p>gtag('config'</p></script>`},
	{name: "inline javascript with params is not run", in: `<script type="text/javascript; charset=utf-8">gtag('config')</script>`},
	{name: "inline end tag in string", in: `<script>var s = "<\/script>"; gtag('config', 1)</script><p>`,
		want: `<script type="text/plain" data-consent="analytics">var s = "<\/script>"; gtag('config', 1)</script><p>`},
	{name: "inline escaped", in: `<script><!-- document.write("<script>gtag('config')</script>") --></script>`,
		want: `<script type="text/plain" data-consent="analytics"><!-- document.write("<script>gtag('config')</script>") --></script>`},
	{name: "inline unterminated", in: `<script>gtag('config', 1)`,
		want: `<script type="text/plain" data-consent="analytics">gtag('config', 1)`},

	// Where nothing is rewritten.
	{name: "svg script href", in: `<svg><script href="` + ga + `"></script><script src="` + ga + `"></script></svg>`,
		want: `<svg><script data-consent="analytics" data-consent-href="` + ga + `"></script><script src="` + ga + `"></script></svg>`},
	{name: "svg script xlink:href", in: `<svg><SCRIPT XLINK:HREF='` + ga + `'/></svg>`,
		want: `<svg><SCRIPT data-consent="analytics" data-consent-href='` + ga + `'/></svg>`},
	{name: "svg script href wins over xlink:href", in: `<svg><script xlink:href='` + ga + `' href="/x.js"/></svg>`},
	{name: "svg script granted", in: `<svg><script href="` + ga + `"></script></svg>`, opts: granted(consent.Analytics)},
	{name: "svg script first party", in: `<svg><script href="/icons.js"></script></svg>`},
	{name: "svg image pixel", in: `<svg><image href="https://t.vendor.example.net/p.gif" width="1" height="1"/><image href="https://cdn.vendor.example.net/photo.png" width="100"/></svg>`,
		want: `<svg><image data-consent="unknown" data-consent-href="https://t.vendor.example.net/p.gif" width="1" height="1"/><image href="https://cdn.vendor.example.net/photo.png" width="100"/></svg>`},
	{name: "svg image known purpose", in: `<svg><image xlink:href="https://www.facebook.com/tr?id=1"/></svg>`,
		want: `<svg><image data-consent="beacon" data-consent-href="https://www.facebook.com/tr?id=1"/></svg>`},
	{name: "svg marked activated", in: `<svg><script data-consent="analytics" data-consent-href="/m.js"></script></svg>`,
		opts: granted(consent.Analytics),
		want: `<svg><script data-consent="analytics" href="/m.js"></script></svg>`},
	{name: "svg marked not granted", in: `<svg><script data-consent="analytics" href="/m.js"></script></svg>`,
		want: `<svg><script data-consent="analytics"  data-consent-href="/m.js"></script></svg>`},
	{name: "svg image in template", in: `<template><svg><image href="https://www.facebook.com/tr?id=1"/></svg></template>`},
	{name: "svg script then html", in: `<svg><script>a<b</script></svg><script src="` + ga + `"></script>`,
		want: `<svg><script>a<b</script></svg><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
	{name: "foreignObject script", in: `<svg><foreignObject><script src="` + ga + `"></script></foreignObject></svg>`,
		want: `<svg><foreignObject><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script></foreignObject></svg>`},
	{name: "svg style is not raw text", in: `<svg><style><img src="https://www.facebook.com/tr?id=1" width=1></style></svg>`,
		want: `<svg><style><img data-consent="beacon" data-consent-src="https://www.facebook.com/tr?id=1" width=1></style></svg>`},
	{name: "template", in: `<template><script src="` + ga + `"></script><iframe src="https://www.youtube.com/embed/x"></iframe></template>`},
	{name: "after template", in: `<template><template></template><img src=x></template><script src="` + ga + `"></script>`,
		want: `<template><template></template><img src=x></template><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
	{name: "textarea", in: `<textarea><script src="` + ga + `"></script></textarea>`},
	{name: "title", in: `<title><script src="` + ga + `"></script></title>`},
	{name: "style", in: `<style>/* <script src="` + ga + `"></script> */</style>`},
	{name: "comment", in: `<!-- <script src="` + ga + `"></script> -->`},
	{name: "comment bang", in: `<!-- x --!><script src="` + ga + `"></script>`,
		want: `<!-- x --!><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
	{name: "attribute value", in: `<a title='<script src="` + ga + `"></script>'>x</a>`},
	{name: "script text", in: `<script>document.write('<script src="` + ga + `"><\/script>')</script>`},
	{name: "plaintext", in: `<plaintext><script src="` + ga + `"></script>`},

	// Iframes.
	{name: "iframe", in: `<iframe width=560 src="https://www.youtube.com/embed/x" allowfullscreen></iframe>`,
		want: ph("social", "YouTube") + `<iframe data-consent="social" width=560 data-consent-src="https://www.youtube.com/embed/x" allowfullscreen></iframe>`},
	{name: "iframe granted", in: `<iframe src="https://www.youtube.com/embed/x"></iframe>`, opts: granted(consent.Social)},
	{name: "iframe functional", in: `<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>`,
		want: ph("functional", "YouTube (privacy-enhanced)") + `<iframe data-consent="functional" data-consent-src="https://www.youtube-nocookie.com/embed/x"></iframe>`},
	{name: "iframe vendor escaped", in: `<IFRAME SRC=https://platform.twitter.com/embed></IFRAME>`,
		want: ph("social", "X &amp; Twitter &lt;embeds&gt;") + `<IFRAME data-consent="social" data-consent-src=https://platform.twitter.com/embed></IFRAME>`},
	{name: "iframe unknown names host", in: `<iframe src="https://maps.vendor.example.org/embed"></iframe>`,
		want: ph("unknown", "maps.vendor.example.org") + `<iframe data-consent="unknown" data-consent-src="https://maps.vendor.example.org/embed"></iframe>`},
	{name: "iframe first party", in: `<iframe src="/embed/map"></iframe><iframe src="about:blank"></iframe><iframe></iframe>`},
	{name: "iframe content untouched", in: `<iframe src="/x"><script src="` + ga + `"></script></iframe>`},
	{name: "iframe choices URL escaped", in: `<iframe src="https://www.youtube.com/embed/x"></iframe>`,
		opts: func(o *Options) { o.ChoicesURL = `/choices?a=1&b="2"` },
		want: strings.Replace(ph("social", "YouTube"), `/privacy-choices`, `/choices?a=1&amp;b=&#34;2&#34;`, 1) +
			`<iframe data-consent="social" data-consent-src="https://www.youtube.com/embed/x"></iframe>`},
	{name: "iframe srcdoc", in: `<iframe srcdoc="<p>Hi</p><script src=&quot;https://connect.facebook.net/x.js&quot;></script>" src="https://www.youtube.com/embed/x"></iframe>`,
		want: `<iframe srcdoc="<p>Hi</p><script type=&#34;text/plain&#34; data-consent=&#34;retargeting&#34; data-consent-src=&#34;https://connect.facebook.net/x.js&#34;></script>" src="https://www.youtube.com/embed/x"></iframe>`},
	{name: "iframe srcdoc untouched", in: `<iframe srcdoc='<p class="a">&amp; hi</p>'></iframe>`},

	// Images.
	{name: "img beacon", in: `<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" height="1" width="1" alt="">`,
		want: `<img data-consent="beacon" data-consent-src="https://www.facebook.com/tr?id=1&amp;ev=PageView" height="1" width="1" alt="">`},
	{name: "img beacon any size", in: `<img src="https://www.facebook.com/tr?id=1">`,
		want: `<img data-consent="beacon" data-consent-src="https://www.facebook.com/tr?id=1">`},
	{name: "img beacon granted", in: `<img src="https://www.facebook.com/tr?id=1">`, opts: granted(consent.Beacon)},
	{name: "img unknown pixel", in: `<img width=1 height=1 src="https://t.vendor.example.net/p.gif"><img width=0 src="https://t.vendor.example.net/q.gif">`,
		want: `<img data-consent="unknown" width=1 height=1 data-consent-src="https://t.vendor.example.net/p.gif"><img data-consent="unknown" width=0 data-consent-src="https://t.vendor.example.net/q.gif">`},
	{name: "img unknown picture", in: `<img src="https://cdn.vendor.example.net/photo.jpg" width=640 height=1><img src="https://cdn.vendor.example.net/photo.jpg">`},
	{name: "img social with srcset", in: `<img src="https://www.facebook.com/plugins/a.png" srcset="https://www.facebook.com/plugins/a2.png 2x" width=80>`,
		want: `<img data-consent="social" data-consent-src="https://www.facebook.com/plugins/a.png" data-consent-srcset="https://www.facebook.com/plugins/a2.png 2x" width=80>`},
	{name: "img srcset only", in: `<img srcset="/a.png 1x, https://www.facebook.com/plugins/a,2.png 2x">`,
		want: `<img data-consent="social" data-consent-srcset="/a.png 1x, https://www.facebook.com/plugins/a,2.png 2x">`},
	{name: "img first party", in: `<img src="/logo.png" width=1 height=1>`},
	{name: "noscript pixel", in: `<noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1"/></noscript><p>`,
		want: `<noscript><img data-consent="beacon" height="1" width="1" style="display:none" data-consent-src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1"/></noscript><p>`},
	{name: "noscript gtm iframe", in: `<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-1" height="0" width="0"></iframe></noscript>`,
		want: `<noscript><iframe data-consent="analytics" data-consent-src="https://www.googletagmanager.com/ns.html?id=GTM-1" height="0" width="0"></iframe></noscript>`},
	{name: "hidden iframe has no placeholder", in: `<iframe src="https://www.youtube.com/embed/x" style="display: NONE"></iframe><iframe hidden src="https://www.youtube.com/embed/y"></iframe>`,
		want: `<iframe data-consent="social" data-consent-src="https://www.youtube.com/embed/x" style="display: NONE"></iframe><iframe data-consent="social" hidden data-consent-src="https://www.youtube.com/embed/y"></iframe>`},
	{name: "noscript nothing", in: `<noscript><p>Enable JavaScript <img src=/x.png></p></noscript>`},
	{name: "noscript in template", in: `<template><noscript><img src="https://www.facebook.com/tr?id=1"></noscript></template>`},

	// Resource hints.
	{name: "link hints granted", in: `<link rel="preconnect" href="https://connect.facebook.net" crossorigin><link rel=dns-prefetch href=//www.google-analytics.com>`,
		opts: granted(consent.Retargeting, consent.Analytics)},
	{name: "link hints removed", in: `<head><link rel="preconnect" href="https://connect.facebook.net" crossorigin>
<link rel="DNS-Prefetch" href="//www.google-analytics.com">
<link rel=preload as=script href="` + ga + `"><link rel=modulepreload href="https://connect.facebook.net/m.js"><link rel="prefetch" href="https://www.youtube.com/x"></head>`,
		want: "<head>\n\n</head>"},
	{name: "link stylesheet kept", in: `<link rel=stylesheet href="https://connect.facebook.net/x.css"><link rel=preconnect href="https://fonts.gstatic.com"><link rel=preconnect href="/">`,
		opts: granted(consent.Functional)},

	// Marked by the site.
	{name: "marked activated", in: `<script type="text/plain" data-consent="analytics" data-consent-src="/matomo.js"></script>`,
		opts: granted(consent.Analytics),
		want: `<script  data-consent="analytics" src="/matomo.js"></script>`},
	{name: "marked activated type", in: `<script type="text/plain" data-consent="analytics" data-consent-type="module" data-consent-src="/m.js"></script>`,
		opts: granted(consent.Analytics),
		want: `<script  data-consent="analytics" type="module" src="/m.js"></script>`},
	{name: "marked inline activated", in: `<script type="text/plain" data-consent="analytics">_paq.push([])</script>`,
		opts: granted(consent.Analytics),
		want: `<script  data-consent="analytics">_paq.push([])</script>`},
	{name: "marked not granted", in: `<script type="text/plain" data-consent="analytics" data-consent-src="/matomo.js"></script>`},
	{name: "marked iframe activated", in: `<iframe data-consent="SOCIAL" data-consent-src="https://www.youtube.com/embed/x"></iframe>`,
		opts: granted(consent.Social),
		want: `<iframe data-consent="SOCIAL" src="https://www.youtube.com/embed/x"></iframe>`},
	{name: "marked img activated", in: `<img data-consent="beacon" data-consent-src="https://www.facebook.com/tr?id=1" data-consent-srcset="a 2x">`,
		opts: granted(consent.Beacon),
		want: `<img data-consent="beacon" src="https://www.facebook.com/tr?id=1" srcset="a 2x">`},
	{name: "marked active neutralized", in: `<script src="/stats.js" data-consent="analytics"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="/stats.js" ></script>`},
	{name: "marked active inline neutralized", in: `<script data-consent="analytics">track()</script>`,
		want: `<script type="text/plain" data-consent="analytics" >track()</script>`},
	{name: "marked necessary", in: `<script type="text/plain" data-consent="necessary" data-consent-src="/a.js"></script>`,
		want: `<script  data-consent="necessary" src="/a.js"></script>`},
	{name: "marked unknown purpose name", in: `<script type="text/plain" data-consent="marketing" data-consent-src="/a.js"></script>`},
	{name: "marked in template", in: `<template><script type="text/plain" data-consent="analytics" data-consent-src="/a.js"></script></template>`,
		opts: granted(consent.Analytics)},
	{name: "marked div untouched", in: `<div data-consent="analytics" class=x>y</div>`, opts: granted(consent.Analytics)},

	// Text around rewrites passes byte for byte.
	{name: "text kept", in: "caf\xe9 &amp; <b>x</b>\r\n<script src=\"" + ga + "\"></script>\x00tail",
		want: "caf\xe9 &amp; <b>x</b>\r\n<script type=\"text/plain\" data-consent=\"analytics\" data-consent-src=\"" + ga + "\"></script>\x00tail"},
}

func TestRewrite(t *testing.T) {
	for _, tc := range rewriteCases {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			if tc.opts != nil {
				tc.opts(o)
			}
			want := tc.want
			if want == "" {
				want = tc.in
			}
			got, _ := rewriteChunks(t, []byte(tc.in), o, nil)
			if got != want {
				t.Fatalf("\ngot  %q\nwant %q", got, want)
			}
			// Every split gives the same output.
			for c := 1; c < len(tc.in); c++ {
				if got, _ := rewriteChunks(t, []byte(tc.in), o, []int{c}); got != want {
					t.Fatalf("split at %d:\ngot  %q\nwant %q", c, got, want)
				}
			}
		})
	}
}

func TestEvents(t *testing.T) {
	in := `<script src="https://www.google-analytics.com/collect?a=1&amp;b=2"></script>` +
		`<script>fbq('init', '1')</script>` +
		`<iframe src="https://www.youtube.com/embed/x"></iframe>` +
		`<img src="https://www.facebook.com/tr?id=1">` +
		`<link rel=preconnect href="https://connect.facebook.net">` +
		`<script type="text/plain" data-consent="analytics" data-consent-src="/m.js"></script>`
	o := testOptions()
	o.Granted = grantOnly(consent.Analytics)
	o.Classifier = fakeClassifier{}
	_, got := rewriteChunks(t, []byte(in), o, nil)
	want := []Event{
		{Kind: KindInlineScript, Action: ActionNeutralized, Purpose: consent.Retargeting, Vendor: "Meta Pixel", Rule: "snippet:fbq"},
		{Kind: KindIframe, Action: ActionNeutralized, Purpose: consent.Social, Vendor: "YouTube", URL: "https://www.youtube.com/embed/x", Rule: "host:youtube.com"},
		{Kind: KindImg, Action: ActionNeutralized, Purpose: consent.Beacon, Vendor: "Meta Pixel", URL: "https://www.facebook.com/tr?id=1", Rule: "path:facebook.com/tr"},
		{Kind: KindLink, Action: ActionRemoved, Purpose: consent.Retargeting, Vendor: "Meta Pixel", URL: "https://connect.facebook.net", Rule: "host:connect.facebook.net"},
		{Kind: KindMarked, Action: ActionActivated, Purpose: consent.Analytics, URL: "https://www.example.com/m.js", Rule: "data-consent attribute"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Test %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// The decoded URL is reported.
	o.Granted = grantNone
	_, got = rewriteChunks(t, []byte(in), o, nil)
	if len(got) == 0 || got[0].URL != "https://www.google-analytics.com/collect?a=1&b=2" {
		t.Errorf("first event %+v, want the decoded URL", got)
	}
}

func TestInsert(t *testing.T) {
	const ins = "<!--INS-->"
	for i, tc := range []struct{ in, want string }{
		{`<html><head><title>x</title></head>`, `<html><head><!--INS--><title>x</title></head>`},
		{`<!DOCTYPE html><HTML lang=en><HEAD class="x"><meta charset=utf-8>`, `<!DOCTYPE html><HTML lang=en><HEAD class="x"><!--INS--><meta charset=utf-8>`},
		{`<!DOCTYPE html><html lang=en><meta charset=utf-8><title>x</title>`, `<!DOCTYPE html><html lang=en><!--INS--><meta charset=utf-8><title>x</title>`},
		{"<!DOCTYPE html>\n<!-- c -->\n<html>\n<body>\n<p>x", "<!DOCTYPE html>\n<!-- c -->\n<html>\n<!--INS--><body>\n<p>x"},
		{"  Hello <b>you</b>", "  <!--INS-->Hello <b>you</b>"},
		{"\ufeff<html><head>", "\ufeff<html><head><!--INS-->"},
		{"\ufeffHi", "\ufeff<!--INS-->Hi"},
		{"", "<!--INS-->"},
		{"<!-- only -->\n", "<!-- only -->\n<!--INS-->"},
		{"</head><body>", "<!--INS--></head><body>"},
		{"</p><html>", "</p><html><!--INS-->"},
		{"<html><head><head>", "<html><head><!--INS--><head>"},
		{"<html", "<!--INS--><html"},
		{"<html><head", "<html><!--INS--><head"},
		{"<svg><head>", "<!--INS--><svg><head>"},
		{`<script src="` + ga + `"></script>`, `<!--INS--><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
		{`<iframe src="https://www.youtube.com/embed/x"></iframe>`, `<!--INS-->` + ph("social", "YouTube") + `<iframe data-consent="social" data-consent-src="https://www.youtube.com/embed/x"></iframe>`},
		{`<head><link rel=preconnect href="https://connect.facebook.net">`, `<head><!--INS-->`},
		{`<link rel=preconnect href="https://connect.facebook.net"><p>`, `<!--INS--><p>`},
	} {
		o := testOptions()
		o.Insert = []byte(ins)
		got, _ := rewriteChunks(t, []byte(tc.in), o, nil)
		if got != tc.want {
			t.Errorf("Test %d: got %q, want %q", i, got, tc.want)
		}
		for c := 1; c < len(tc.in); c++ {
			if got, _ := rewriteChunks(t, []byte(tc.in), o, []int{c}); got != tc.want {
				t.Errorf("Test %d split at %d: got %q, want %q", i, c, got, tc.want)
				break
			}
		}
	}
}

func TestNestedNoInsert(t *testing.T) {
	o := testOptions()
	o.Insert = []byte("<!--INS-->")
	in := `<head></head><noscript><p>x</p></noscript><iframe srcdoc="<p>x</p><script src=&quot;` + ga + `&quot;></script>"></iframe>`
	got := rewriteString(t, in, o)
	if n := strings.Count(got, "<!--INS-->"); n != 1 {
		t.Errorf("Insert written %d times: %q", n, got)
	}
}

func TestMaxHeld(t *testing.T) {
	long := strings.Repeat("x", 100)
	for i, tc := range []struct {
		in, want string
		kind     string
	}{
		{`<script>gtag('config')/*` + long + `*/</script>`, `<script>gtag('config')/*` + long + `*/</script>`, KindInlineScript},
		{`<script src="` + ga + `" data-x="` + long + `"></script>`, `<script src="` + ga + `" data-x="` + long + `"></script>`, KindScript},
		{`<img data-x="` + long + `" src="https://www.facebook.com/tr"><script src="` + ga + `"></script>`,
			`<img data-x="` + long + `" src="https://www.facebook.com/tr"><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`, KindImg},
		{`<svg data-x="` + long + `"><style><a></style></svg><style><b></style>`, `<svg data-x="` + long + `"><style><a></style></svg><style><b></style>`, KindTag},
	} {
		o := testOptions()
		o.MaxHeld = 64
		got, events := rewriteChunks(t, []byte(tc.in), o, nil)
		if got != tc.want {
			t.Errorf("Test %d: got %q, want %q", i, got, tc.want)
		}
		if len(events) == 0 || events[0].Action != ActionAbandoned || events[0].Kind != tc.kind {
			t.Errorf("Test %d: events %+v, want %s abandoned first", i, events, tc.kind)
		}
		for c := 1; c < len(tc.in); c++ {
			if got, _ := rewriteChunks(t, []byte(tc.in), o, []int{c}); got != tc.want {
				t.Errorf("Test %d split at %d: got %q, want %q", i, c, got, tc.want)
				break
			}
		}
	}
	// Right at the cap: classified.
	o := testOptions()
	in := `<script>gtag('config')</script>`
	o.MaxHeld = strings.Index(in, "</script>")
	if got := rewriteString(t, in, o); !strings.Contains(got, "text/plain") {
		t.Errorf("script of MaxHeld bytes not classified: %q", got)
	}
	o.MaxHeld--
	if got := rewriteString(t, in, o); got != in {
		t.Errorf("script over MaxHeld rewritten: %q", got)
	}
}

func TestWriterErrors(t *testing.T) {
	w := NewWriter(errWriter{}, testOptions())
	if _, err := w.Write([]byte(strings.Repeat("<p>x</p>", 1000))); err == nil {
		t.Error("Write to a failing destination: no error")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a failed write: no error")
	}
	var b bytes.Buffer
	w = NewWriter(&b, testOptions())
	w.Close()
	if _, err := w.Write([]byte("x")); err == nil {
		t.Error("Write after Close: no error")
	}
}

func TestReset(t *testing.T) {
	var a, b bytes.Buffer
	o := testOptions()
	w := NewWriter(&a, o)
	w.Write([]byte(`<script>gtag('config'`)) // held
	w.Reset(&b, o)
	w.Write([]byte(`<p>x</p><script src="` + ga + `"></script>`))
	w.Close()
	want := `<p>x</p><script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`
	if b.String() != want {
		t.Errorf("after Reset: got %q, want %q", b.String(), want)
	}
	if a.Len() != 0 {
		t.Errorf("held bytes leaked to the old destination: %q", a.String())
	}
}

// TestStreams checks that text goes out as soon as it is scanned: Flush
// after a chunk writes all but a possible partial tag.
func TestStreams(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, testOptions())
	w.Write([]byte("<p>" + strings.Repeat("a", 100) + "<scr"))
	w.Flush()
	if got, want := out.String(), "<p>"+strings.Repeat("a", 100); got != want {
		t.Errorf("after Flush: got %q, want %q", got, want)
	}
	w.Write([]byte("ipt>var x = 1; // still held"))
	w.Flush()
	if out.Len() != 103 {
		t.Errorf("inline script went out before its end tag: %q", out.String())
	}
	w.Write([]byte("</script><!-- a long comment "))
	w.Flush()
	if !strings.HasSuffix(out.String(), "<!-- a long comme") {
		t.Errorf("comment not streamed: %q", out.String())
	}
}

func TestTooManyAttributes(t *testing.T) {
	in := `<script ` + strings.Repeat("a ", maxAttrs) + `src="` + ga + `"></script><script src="` + ga + `"></script>`
	got, events := rewriteChunks(t, []byte(in), testOptions(), nil)
	want := strings.Replace(in, `<script src=`, `<script type="text/plain" data-consent="analytics" data-consent-src=`, 1)
	if got != want {
		t.Errorf("got %.80q..., want the second script only neutralized", got[len(got)-200:])
	}
	if len(events) != 2 || events[0].Action != ActionAbandoned {
		t.Errorf("events %+v, want abandoned then neutralized", events)
	}
	toks, div := scannerTokens(t, []byte(in), nil)
	if err := compareTokens([]byte(in), toks, div); err != nil {
		t.Error(err)
	}
}
