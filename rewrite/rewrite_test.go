package rewrite

import (
	"bytes"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func ph(purpose, vendor string) string { return phSized(purpose, vendor, "") }

// phSized is the default placeholder with the style size.
func phSized(purpose, vendor, size string) string {
	style := ""
	if size != "" {
		style = ` style="` + size + `"`
	}
	return `<div class="privacy-choices-placeholder" data-nosnippet data-consent-placeholder="` + purpose + `"` + style + `>` +
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

func granted(ps ...purpose.Purpose) func(*Options) {
	return func(o *Options) { o.Granted = grantOnly(ps...) }
}

var rewriteCases = []rewriteCase{
	// Scripts with src.
	{name: "script", in: `<script src="` + ga + `"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`},
	{name: "script granted", in: `<script src="` + ga + `"></script>`, opts: granted(purpose.Analytics)},
	{name: "script other purpose granted", in: `<script src="` + ga + `"></script>`, opts: granted(purpose.Social),
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
	{name: "inline granted", in: `<script>gtag('config', 'G-1');</script>`, opts: granted(purpose.Analytics)},
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
	{name: "svg script granted", in: `<svg><script href="` + ga + `"></script></svg>`, opts: granted(purpose.Analytics)},
	{name: "svg script first party", in: `<svg><script href="/icons.js"></script></svg>`},
	{name: "svg image pixel", in: `<svg><image href="https://t.vendor.example.net/p.gif" width="1" height="1"/><image href="https://cdn.vendor.example.net/photo.png" width="100"/></svg>`,
		want: `<svg><image data-consent="unknown" data-consent-href="https://t.vendor.example.net/p.gif" width="1" height="1"/><image href="https://cdn.vendor.example.net/photo.png" width="100"/></svg>`},
	{name: "svg image known purpose", in: `<svg><image xlink:href="https://www.facebook.com/tr?id=1"/></svg>`,
		want: `<svg><image data-consent="beacon" data-consent-href="https://www.facebook.com/tr?id=1"/></svg>`},
	{name: "svg marked activated", in: `<svg><script data-consent="analytics" data-consent-href="/m.js"></script></svg>`,
		opts: granted(purpose.Analytics),
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
		want: phSized("social", "YouTube", "width:560px;max-width:100%") + `<iframe data-consent="social" width=560 data-consent-src="https://www.youtube.com/embed/x" allowfullscreen></iframe>`},
	{name: "iframe of fixed size", in: `<iframe width="560" height="315" src="https://www.youtube.com/embed/x"></iframe>`,
		want: phSized("social", "YouTube", "width:560px;max-width:100%;aspect-ratio:560/315") + `<iframe data-consent="social" width="560" height="315" data-consent-src="https://www.youtube.com/embed/x"></iframe>`},
	{name: "iframe granted", in: `<iframe src="https://www.youtube.com/embed/x"></iframe>`, opts: granted(purpose.Social)},
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
	{name: "img beacon granted", in: `<img src="https://www.facebook.com/tr?id=1">`, opts: granted(purpose.Beacon)},
	{name: "img unknown pixel", in: `<img width=1 height=1 src="https://t.vendor.example.net/p.gif"><img width=0 src="https://t.vendor.example.net/q.gif">`,
		want: `<img data-consent="unknown" width=1 height=1 data-consent-src="https://t.vendor.example.net/p.gif"><img data-consent="unknown" width=0 data-consent-src="https://t.vendor.example.net/q.gif">`},
	{name: "img unknown pixel sized by CSS", in: `<img style="width:1px;height:1px;border:0" src="https://t.vendor.example.net/p.gif"><img style="position:absolute; WIDTH: 0px" src="https://t.vendor.example.net/q.gif"><img style="height:0" alt="" src="https://t.vendor.example.net/r.gif">`,
		want: `<img data-consent="unknown" style="width:1px;height:1px;border:0" data-consent-src="https://t.vendor.example.net/p.gif"><img data-consent="unknown" style="position:absolute; WIDTH: 0px" data-consent-src="https://t.vendor.example.net/q.gif"><img data-consent="unknown" style="height:0" alt="" data-consent-src="https://t.vendor.example.net/r.gif">`},
	{name: "img unknown picture sized by CSS", in: `<img width=1 height=1 style="width:300px;height:auto" src="https://cdn.vendor.example.net/photo.jpg"><img style="width:calc(1px);height:2px" src="https://cdn.vendor.example.net/photo.jpg"><img style="max-width:1px" src="https://cdn.vendor.example.net/photo.jpg">`},
	{name: "noscript unknown pixel without a size", in: `<noscript><img src="https://t.vendor.example.net/p.gif?id=1" alt=""></noscript><img src="https://cdn.vendor.example.net/photo.jpg">`,
		want: `<noscript><img data-consent="unknown" data-consent-src="https://t.vendor.example.net/p.gif?id=1" alt=""></noscript><img src="https://cdn.vendor.example.net/photo.jpg">`},
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
		opts: granted(purpose.Retargeting, purpose.Analytics)},
	{name: "link hints held", in: `<head><link rel="preconnect" href="https://connect.facebook.net" crossorigin>
<link rel="DNS-Prefetch" href="//www.google-analytics.com">
<link rel=preload as=script href="` + ga + `"><link rel=modulepreload href="https://connect.facebook.net/m.js"><link rel="prefetch" href="https://www.youtube.com/x"></head>`,
		want: `<head><link data-consent="retargeting" rel="preconnect" data-consent-href="https://connect.facebook.net" crossorigin>
<link data-consent="analytics" rel="DNS-Prefetch" data-consent-href="//www.google-analytics.com">
<link data-consent="analytics" rel=preload as=script data-consent-href="` + ga + `"><link data-consent="retargeting" rel=modulepreload data-consent-href="https://connect.facebook.net/m.js"><link data-consent="social" rel="prefetch" data-consent-href="https://www.youtube.com/x"></head>`},
	{name: "font preload held", in: `<link rel=preload as=font type=font/woff2 href="https://fonts.gstatic.com/s/a.woff2" crossorigin>`,
		want: `<link data-consent="functional" rel=preload as=font type=font/woff2 data-consent-href="https://fonts.gstatic.com/s/a.woff2" crossorigin>`},
	{name: "hint to an unknown third party held", in: `<link rel=preconnect href="https://cdn.vendor.example.net"><link rel=preconnect href="https://static.example.com">`,
		want: `<link data-consent="unknown" rel=preconnect data-consent-href="https://cdn.vendor.example.net"><link rel=preconnect href="https://static.example.com">`},
	{name: "marked hint activated", in: `<link rel=preload as=font data-consent="functional" data-consent-href="https://fonts.gstatic.com/s/a.woff2">`,
		opts: granted(purpose.Functional),
		want: `<link rel=preload as=font data-consent="functional" href="https://fonts.gstatic.com/s/a.woff2">`},
	{name: "marked hint not granted", in: `<link rel=preconnect data-consent="functional" href="https://fonts.gstatic.com">`,
		want: `<link data-consent="functional" rel=preconnect  data-consent-href="https://fonts.gstatic.com">`},
	{name: "link stylesheet granted", in: `<link rel=stylesheet href="https://connect.facebook.net/x.css"><link rel=preconnect href="https://fonts.gstatic.com"><link rel=preconnect href="/">`,
		opts: granted(purpose.Functional),
		want: `<link data-consent="retargeting" rel=stylesheet data-consent-href="https://connect.facebook.net/x.css"><link rel=preconnect href="https://fonts.gstatic.com"><link rel=preconnect href="/">`},

	// Stylesheets, icons and manifests.
	{name: "stylesheet blocked", in: `<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto&amp;display=swap" media="all">`,
		want: `<link data-consent="functional" rel="stylesheet" data-consent-href="https://fonts.googleapis.com/css2?family=Roboto&amp;display=swap" media="all">`},
	{name: "stylesheet granted", in: `<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">`, opts: granted(purpose.Functional)},
	{name: "stylesheet uppercase unquoted", in: `<LINK HREF=//fonts.googleapis.com/css REL=Stylesheet>`,
		want: `<LINK data-consent="functional" data-consent-href=//fonts.googleapis.com/css REL=Stylesheet>`},
	{name: "stylesheet unknown third party kept", in: `<link rel=stylesheet href="https://cdn.vendor.example.net/x.css">`},
	{name: "stylesheet first party", in: `<link rel=stylesheet href="/x.css"><link rel=stylesheet href="https://static.example.com/y.css">`},
	{name: "stylesheet duplicate href", in: `<link rel=stylesheet href="https://fonts.googleapis.com/a" HREF="/b.css">`,
		want: `<link data-consent="functional" rel=stylesheet data-consent-href="https://fonts.googleapis.com/a" >`},
	{name: "stylesheet old data-consent dropped", in: `<link data-consent-href="/x.css" rel=stylesheet href="https://fonts.googleapis.com/a">`,
		want: `<link data-consent="functional"  rel=stylesheet data-consent-href="https://fonts.googleapis.com/a">`},
	{name: "stylesheet no href", in: `<link rel=stylesheet><link rel=stylesheet href="">`},
	{name: "preload stylesheet is a hint", in: `<p><link rel="preload stylesheet" as=style href="https://cdn.vendor.example.net/a">`,
		want: `<p><link data-consent="unknown" rel="preload stylesheet" as=style data-consent-href="https://cdn.vendor.example.net/a">`},
	{name: "icons and manifest", in: `<link rel="shortcut icon" href="https://www.facebook.com/plugins/favicon.ico"><link rel=apple-touch-icon sizes=180x180 href="https://www.facebook.com/plugins/a.png"><link rel="manifest" href="https://connect.facebook.net/m.json">`,
		want: `<link data-consent="social" rel="shortcut icon" data-consent-href="https://www.facebook.com/plugins/favicon.ico"><link data-consent="social" rel=apple-touch-icon sizes=180x180 data-consent-href="https://www.facebook.com/plugins/a.png"><link data-consent="retargeting" rel="manifest" data-consent-href="https://connect.facebook.net/m.json">`},
	{name: "other link rels untouched", in: `<link rel=canonical href="https://connect.facebook.net/x"><link rel="alternate" href="https://www.facebook.com/plugins/feed"><link href="https://connect.facebook.net/y">`},
	{name: "stylesheet in noscript", in: `<noscript><link rel=stylesheet href="https://fonts.googleapis.com/a"></noscript>`,
		want: `<noscript><link data-consent="functional" rel=stylesheet data-consent-href="https://fonts.googleapis.com/a"></noscript>`},
	{name: "stylesheet in template", in: `<template><link rel=stylesheet href="https://fonts.googleapis.com/a"></template>`},
	{name: "marked stylesheet activated", in: `<link rel=stylesheet data-consent="functional" data-consent-href="https://fonts.googleapis.com/a">`,
		opts: granted(purpose.Functional),
		want: `<link rel=stylesheet data-consent="functional" href="https://fonts.googleapis.com/a">`},
	{name: "marked stylesheet not granted", in: `<link rel=stylesheet data-consent="functional" data-consent-href="https://fonts.googleapis.com/a">`},
	{name: "marked active stylesheet neutralized", in: `<link rel=stylesheet data-consent="functional" href="/fonts.css">`,
		want: `<link data-consent="functional" rel=stylesheet  data-consent-href="/fonts.css">`},

	// Media, embeds, image inputs and pings.
	{name: "video unknown src", in: `<video controls poster="https://www.facebook.com/plugins/p.jpg" src="https://cdn.vendor.example.net/v.mp4"></video>`,
		want: `<video data-consent="unknown" controls data-consent-poster="https://www.facebook.com/plugins/p.jpg" data-consent-src="https://cdn.vendor.example.net/v.mp4"></video>`},
	{name: "video poster blocked", in: `<video src="/v.mp4" poster="https://www.facebook.com/plugins/p.jpg"></video>`,
		want: `<video data-consent="social" data-consent-src="/v.mp4" data-consent-poster="https://www.facebook.com/plugins/p.jpg"></video>`},
	{name: "video unknown poster kept", in: `<video src="/v.mp4" poster="https://cdn.vendor.example.net/p.jpg"></video>`},
	{name: "video unknown kept when allowed", in: `<video src="https://cdn.vendor.example.net/v.mp4"></video>`,
		opts: func(o *Options) { o.BlockUnknown = false }},
	{name: "video granted", in: `<video src="https://www.youtube.com/v.mp4" poster="https://www.youtube.com/p.jpg"></video>`, opts: granted(purpose.Social)},
	{name: "video sources and track", in: `<video controls><source src="https://www.youtube.com/v.mp4" type="video/mp4"><track kind=captions src="https://www.youtube.com/c.vtt"><source src="/v.webm"></video>`,
		want: `<video controls><source data-consent="social" data-consent-src="https://www.youtube.com/v.mp4" type="video/mp4"><track data-consent="social" kind=captions data-consent-src="https://www.youtube.com/c.vtt"><source src="/v.webm"></video>`},
	{name: "audio", in: `<AUDIO SRC=//connect.facebook.net/a.mp3 autoplay></AUDIO>`,
		want: `<AUDIO data-consent="retargeting" data-consent-src=//connect.facebook.net/a.mp3 autoplay></AUDIO>`},
	{name: "audio granted", in: `<audio src="https://connect.facebook.net/a.mp3"></audio>`, opts: granted(purpose.Retargeting)},
	{name: "picture source", in: `<picture><source srcset="https://www.facebook.com/plugins/a.webp 1x, /a2.webp 2x" type="image/webp"><img src="/a.jpg"></picture>`,
		want: `<picture><source data-consent="social" data-consent-srcset="https://www.facebook.com/plugins/a.webp 1x, /a2.webp 2x" type="image/webp"><img src="/a.jpg"></picture>`},
	{name: "picture source unknown kept", in: `<picture><source srcset="https://cdn.vendor.example.net/a.webp"><img src="/a.jpg"></picture>`},
	{name: "embed", in: `<embed src="https://www.youtube.com/v/x" type="application/x-shockwave-flash" width=425 height=344>`,
		want: phSized("social", "YouTube", "width:425px;max-width:100%;aspect-ratio:425/344") + `<embed data-consent="social" data-consent-src="https://www.youtube.com/v/x" type="application/x-shockwave-flash" width=425 height=344>`},
	{name: "object", in: `<object data="https://www.facebook.com/plugins/x.swf" width=300><param name=movie value=x></object>`,
		want: phSized("social", "Facebook", "width:300px;max-width:100%") + `<object data-consent="social" data-consent-data="https://www.facebook.com/plugins/x.swf" width=300><param name=movie value=x></object>`},
	{name: "object unknown names host", in: `<object data="https://maps.vendor.example.org/m.svg"></object>`,
		want: ph("unknown", "maps.vendor.example.org") + `<object data-consent="unknown" data-consent-data="https://maps.vendor.example.org/m.svg"></object>`},
	{name: "hidden embed has no placeholder", in: `<embed hidden src="https://connect.facebook.net/x"><object width=0 data="https://connect.facebook.net/y"></object>`,
		want: `<embed data-consent="retargeting" hidden data-consent-src="https://connect.facebook.net/x"><object data-consent="retargeting" width=0 data-consent-data="https://connect.facebook.net/y"></object>`},
	{name: "embed and object first party", in: `<object data="/doc.pdf" type="application/pdf"></object><embed src="/x.svg">`},
	{name: "input image", in: `<input type="IMAGE" src="https://www.facebook.com/tr?id=1" alt=Go><input type=text src="https://www.facebook.com/tr?id=1"><input src="https://www.facebook.com/tr?id=2">`,
		want: `<input data-consent="beacon" type="IMAGE" data-consent-src="https://www.facebook.com/tr?id=1" alt=Go><input type=text src="https://www.facebook.com/tr?id=1"><input src="https://www.facebook.com/tr?id=2">`},
	{name: "input image unknown kept", in: `<input type=image src="https://cdn.vendor.example.net/go.png">`},
	{name: "input image by reference", in: `<br class=x><input type="im&#97;ge" src="https://www.facebook.com/tr?id=1"><input type=text value="an IMAGE"><input type=image src="https://www.facebook.com/tr?id=3"></br>`,
		want: `<br class=x><input data-consent="beacon" type="im&#97;ge" data-consent-src="https://www.facebook.com/tr?id=1"><input type=text value="an IMAGE"><input data-consent="beacon" type=image data-consent-src="https://www.facebook.com/tr?id=3"></br>`},
	{name: "ping", in: `<a href="/x" ping="https://www.google-analytics.com/ping">x</a>`,
		want: `<a data-consent="analytics" href="/x" data-consent-ping="https://www.google-analytics.com/ping">x</a>`},
	{name: "ping list", in: `<A HREF=/x PING="/local  https://t.vendor.example.net/p">x</A>`,
		want: `<A data-consent="unknown" HREF=/x data-consent-ping="/local  https://t.vendor.example.net/p">x</A>`},
	{name: "area ping", in: `<map><area shape=rect href=/x ping="https://connect.facebook.net/p"></map>`,
		want: `<map><area data-consent="retargeting" shape=rect href=/x data-consent-ping="https://connect.facebook.net/p"></map>`},
	{name: "ping first party", in: `<a href=x ping="/p https://static.example.com/q">x</a>`},
	{name: "ping granted", in: `<a href=x ping="https://www.google-analytics.com/ping">x</a>`, opts: granted(purpose.Analytics)},
	{name: "ping on other elements", in: `<div ping="https://connect.facebook.net/p"></div><abbr ping="https://connect.facebook.net/p"><ar ping="https://connect.facebook.net/p">`},
	{name: "part is not ping", in: `<a part="https://connect.facebook.net/p" href=x>y</a><a pinG>`},
	{name: "media in template", in: `<template><video src="https://www.youtube.com/v.mp4"></video><a ping="https://connect.facebook.net/p"></a></template>`},
	{name: "marked media activated", in: `<video data-consent="social" data-consent-src="https://www.youtube.com/v.mp4" data-consent-poster="/p.jpg"></video><object data-consent="social" data-consent-data="https://www.youtube.com/x"></object>`,
		opts: granted(purpose.Social),
		want: `<video data-consent="social" src="https://www.youtube.com/v.mp4" poster="/p.jpg"></video><object data-consent="social" data="https://www.youtube.com/x"></object>`},
	{name: "marked ping activated", in: `<a data-consent="analytics" data-consent-ping="/p" href=/x>y</a>`,
		opts: granted(purpose.Analytics),
		want: `<a data-consent="analytics" ping="/p" href=/x>y</a>`},
	{name: "marked active media neutralized", in: `<video data-consent="analytics" src="/v.mp4"></video><a data-consent="analytics" ping="/p">`,
		want: `<video data-consent="analytics"  data-consent-src="/v.mp4"></video><a data-consent="analytics"  data-consent-ping="/p">`},
	{name: "marked media not granted", in: `<video data-consent="analytics" data-consent-src="/v.mp4"></video><a data-consent="analytics" href=/x>`},

	// Marked by the site.
	{name: "marked activated", in: `<script type="text/plain" data-consent="analytics" data-consent-src="/matomo.js"></script>`,
		opts: granted(purpose.Analytics),
		want: `<script  data-consent="analytics" src="/matomo.js"></script>`},
	{name: "marked activated type", in: `<script type="text/plain" data-consent="analytics" data-consent-type="module" data-consent-src="/m.js"></script>`,
		opts: granted(purpose.Analytics),
		want: `<script  data-consent="analytics" type="module" src="/m.js"></script>`},
	{name: "marked inline activated", in: `<script type="text/plain" data-consent="analytics">_paq.push([])</script>`,
		opts: granted(purpose.Analytics),
		want: `<script  data-consent="analytics">_paq.push([])</script>`},
	{name: "marked not granted", in: `<script type="text/plain" data-consent="analytics" data-consent-src="/matomo.js"></script>`},
	{name: "marked iframe activated", in: `<iframe data-consent="SOCIAL" data-consent-src="https://www.youtube.com/embed/x"></iframe>`,
		opts: granted(purpose.Social),
		want: `<iframe data-consent="SOCIAL" src="https://www.youtube.com/embed/x"></iframe>`},
	{name: "marked img activated", in: `<img data-consent="beacon" data-consent-src="https://www.facebook.com/tr?id=1" data-consent-srcset="a 2x">`,
		opts: granted(purpose.Beacon),
		want: `<img data-consent="beacon" src="https://www.facebook.com/tr?id=1" srcset="a 2x">`},
	{name: "marked active neutralized", in: `<script src="/stats.js" data-consent="analytics"></script>`,
		want: `<script type="text/plain" data-consent="analytics" data-consent-src="/stats.js" ></script>`},
	{name: "marked active inline neutralized", in: `<script data-consent="analytics">track()</script>`,
		want: `<script type="text/plain" data-consent="analytics" >track()</script>`},
	{name: "marked necessary", in: `<script type="text/plain" data-consent="necessary" data-consent-src="/a.js"></script>`,
		want: `<script  data-consent="necessary" src="/a.js"></script>`},
	{name: "marked unknown purpose name", in: `<script type="text/plain" data-consent="marketing" data-consent-src="/a.js"></script>`},
	{name: "marked in template", in: `<template><script type="text/plain" data-consent="analytics" data-consent-src="/a.js"></script></template>`,
		opts: granted(purpose.Analytics)},
	{name: "marked div untouched", in: `<div data-consent="analytics" class=x>y</div>`, opts: granted(purpose.Analytics)},

	// Text around rewrites passes byte for byte.
	{name: "text kept", in: "caf\xe9 &amp; <b>x</b>\r\n<script src=\"" + ga + "\"></script>\x00tail",
		want: "caf\xe9 &amp; <b>x</b>\r\n<script type=\"text/plain\" data-consent=\"analytics\" data-consent-src=\"" + ga + "\"></script>\x00tail"},
}

func TestRewrite(t *testing.T) { runRewriteCases(t, rewriteCases) }

// runRewriteCases checks each case whole and split at every offset.
func runRewriteCases(t *testing.T, cases []rewriteCase) {
	for _, tc := range cases {
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
	o.Granted = grantOnly(purpose.Analytics)
	o.Classifier = fakeClassifier{}
	_, got := rewriteChunks(t, []byte(in), o, nil)
	want := []Event{
		{Kind: KindScript, Action: ActionAllowed, Purpose: purpose.Analytics, Vendor: "Google Analytics", URL: "https://www.google-analytics.com/collect?a=1&b=2", Rule: "host:google-analytics.com"},
		{Kind: KindInlineScript, Action: ActionNeutralized, Purpose: purpose.Retargeting, Vendor: "Meta Pixel", Rule: "snippet:fbq"},
		{Kind: KindIframe, Action: ActionNeutralized, Purpose: purpose.Social, Vendor: "YouTube", URL: "https://www.youtube.com/embed/x", Rule: "host:youtube.com"},
		{Kind: KindImg, Action: ActionNeutralized, Purpose: purpose.Beacon, Vendor: "Meta Pixel", URL: "https://www.facebook.com/tr?id=1", Rule: "path:facebook.com/tr"},
		{Kind: KindLink, Action: ActionNeutralized, Purpose: purpose.Retargeting, Vendor: "Meta Pixel", URL: "https://connect.facebook.net", Rule: "host:connect.facebook.net"},
		{Kind: KindMarked, Action: ActionActivated, Purpose: purpose.Analytics, URL: "https://www.example.com/m.js", Rule: "data-consent attribute"},
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

func TestAllowedEvents(t *testing.T) {
	const (
		gaRule = "host:google-analytics.com"
		ytRule = "host:youtube.com"
	)
	ev := func(kind string, p purpose.Purpose, vendor, u, rule string) Event {
		return Event{Kind: kind, Action: ActionAllowed, Purpose: p, Vendor: vendor, URL: u, Rule: rule}
	}
	for _, tc := range []struct {
		name string
		in   string
		opts func(*Options)
		want []Event
	}{
		{name: "script granted", in: `<script src="` + ga + `"></script>`, opts: granted(purpose.Analytics),
			want: []Event{ev(KindScript, purpose.Analytics, "Google Analytics", ga, gaRule)}},
		{name: "necessary", in: `<script src="https://www.google.com/recaptcha/api.js"></script>`,
			want: []Event{ev(KindScript, purpose.Necessary, "Google reCAPTCHA", "https://www.google.com/recaptcha/api.js", "host:recaptcha")}},
		{name: "first-party rule granted", in: `<script src="/js/matomo.js"></script>`, opts: granted(purpose.Analytics)},
		{name: "first party", in: `<script src="/app.js"></script><img src="https://static.example.com/a.png">`},
		{name: "unknown kept", in: `<script src="https://cdn.vendor.example.net/x.js"></script><img src="https://cdn.vendor.example.net/a.png">`,
			opts: func(o *Options) { o.BlockUnknown = false }},
		{name: "unknown image kept", in: `<img src="https://cdn.vendor.example.net/a.png">`},
		{name: "unknown kept and reported", in: `<script src="https://cdn.vendor.example.net/x.js"></script>`,
			opts: func(o *Options) { o.BlockUnknown, o.ReportUnknownAllowed = false, true },
			want: []Event{ev(KindScript, purpose.Unknown, "", "https://cdn.vendor.example.net/x.js", "")}},
		{name: "unknown held is not reported allowed", in: `<script src="https://cdn.vendor.example.net/x.js"></script>`,
			opts: func(o *Options) { o.ReportUnknownAllowed = true },
			want: []Event{{Kind: KindScript, Action: ActionNeutralized, Purpose: purpose.Unknown, URL: "https://cdn.vendor.example.net/x.js"}}},
		{name: "iframe granted", in: `<iframe src="https://www.youtube.com/embed/x"></iframe>`, opts: granted(purpose.Social),
			want: []Event{ev(KindIframe, purpose.Social, "YouTube", "https://www.youtube.com/embed/x", ytRule)}},
		{name: "one event per element: neutralized wins", in: `<img src="https://www.facebook.com/tr?id=1" srcset="https://www.facebook.com/plugins/a.png 2x">`,
			opts: granted(purpose.Beacon),
			want: []Event{{Kind: KindImg, Action: ActionNeutralized, Purpose: purpose.Social, Vendor: "Facebook", URL: "https://www.facebook.com/plugins/a.png", Rule: "path:facebook.com/plugins"}}},
		{name: "one event per element: first allowed", in: `<video src="https://www.youtube.com/v.mp4" poster="https://www.youtube.com/p.jpg"></video>`,
			opts: granted(purpose.Social),
			want: []Event{ev(KindMedia, purpose.Social, "YouTube", "https://www.youtube.com/v.mp4", ytRule)}},
		{name: "stylesheet", in: `<link rel=stylesheet href="https://fonts.googleapis.com/css?family=A">`, opts: granted(purpose.Functional),
			want: []Event{ev(KindLink, purpose.Functional, "Google Fonts", "https://fonts.googleapis.com/css?family=A", "host:fonts.googleapis.com")}},
		{name: "hint", in: `<link rel=preconnect href="https://fonts.gstatic.com">`, opts: granted(purpose.Functional),
			want: []Event{ev(KindLink, purpose.Functional, "Google Fonts", "https://fonts.gstatic.com", "host:fonts.gstatic.com")}},
		{name: "embed and input", in: `<embed src="https://www.youtube.com/v/x"><input type=image src="https://www.facebook.com/tr?id=1">`,
			opts: granted(purpose.Social, purpose.Beacon),
			want: []Event{ev(KindEmbed, purpose.Social, "YouTube", "https://www.youtube.com/v/x", ytRule),
				ev(KindImg, purpose.Beacon, "Meta Pixel", "https://www.facebook.com/tr?id=1", "path:facebook.com/tr")}},
		{name: "ping", in: `<a href=/x ping="/p https://www.google-analytics.com/p">x</a>`, opts: granted(purpose.Analytics),
			want: []Event{ev(KindPing, purpose.Analytics, "Google Analytics", "https://www.google-analytics.com/p", gaRule)}},
		{name: "svg image", in: `<svg><image href="https://www.facebook.com/tr?id=1"/></svg>`, opts: granted(purpose.Beacon),
			want: []Event{ev(KindImg, purpose.Beacon, "Meta Pixel", "https://www.facebook.com/tr?id=1", "path:facebook.com/tr")}},
		{name: "noscript", in: `<noscript><img src="https://www.facebook.com/tr?id=1"></noscript>`, opts: granted(purpose.Beacon),
			want: []Event{ev(KindImg, purpose.Beacon, "Meta Pixel", "https://www.facebook.com/tr?id=1", "path:facebook.com/tr")}},
		{name: "marked activated is not allowed", in: `<script type="text/plain" data-consent="analytics" data-consent-src="` + ga + `"></script>`,
			opts: granted(purpose.Analytics),
			want: []Event{{Kind: KindMarked, Action: ActionActivated, Purpose: purpose.Analytics, URL: ga, Rule: "data-consent attribute"}}},
		{name: "template", in: `<template><script src="` + ga + `"></script></template>`, opts: granted(purpose.Analytics)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			if tc.opts != nil {
				tc.opts(o)
			}
			for c := 0; c < len(tc.in); c++ {
				var cuts []int
				if c > 0 {
					cuts = []int{c}
				}
				out, got := rewriteChunks(t, []byte(tc.in), o, cuts)
				if len(tc.want) > 0 && tc.want[0].Action == ActionAllowed && out != tc.in {
					t.Fatalf("split at %d: allowed element rewritten: %q", c, out)
				}
				if len(got) != len(tc.want) {
					t.Fatalf("split at %d: got %d events %+v, want %+v", c, len(got), got, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Fatalf("split at %d: event %d: got %+v, want %+v", c, i, got[i], tc.want[i])
					}
				}
			}
		})
	}
}

// TestInsertAfterCharset: the Insert goes after a charset declaration
// early in <head>, so that the declaration stays within the first 1024
// bytes, but never after anything that may run, load or change URLs.
func TestInsertAfterCharset(t *testing.T) {
	const ins = "<!--INS-->"
	pad := func(n int) string { return "<!--" + strings.Repeat("x", n-7) + "-->" } // a comment of n bytes
	meta := `<meta charset=utf-8>`
	for _, tc := range []struct{ name, in, want string }{
		{"after head", "<head>\n<meta charset=\"utf-8\">\n<title>x</title>", "<head>\n<meta charset=\"utf-8\"><!--INS-->\n<title>x</title>"},
		{"after meta, comments and title", "<head><meta name=viewport content=x><!-- c --><title>T</title>\n<META CHARSET=windows-1252><link rel=icon href=/i>",
			"<head><meta name=viewport content=x><!-- c --><title>T</title>\n<META CHARSET=windows-1252><!--INS--><link rel=icon href=/i>"},
		{"http-equiv", `<head><meta content="text/html; charset = iso-8859-1" http-equiv=Content-Type><title>`,
			`<head><meta content="text/html; charset = iso-8859-1" http-equiv=Content-Type><!--INS--><title>`},
		{"no head", `<!DOCTYPE html><html><title>x</title>` + meta + `<p>`, `<!DOCTYPE html><html><title>x</title>` + meta + ins + `<p>`},
		{"before html", meta + `<html><head>`, meta + ins + `<html><head>`},
		{"after a byte order mark", "\ufeff" + meta, "\ufeff" + meta + ins},
		{"the first of two", `<head>` + meta + `<meta charset=latin1>`, `<head>` + meta + ins + `<meta charset=latin1>`},
		{"ending at byte 1024", `<head>` + pad(1024-6-len(meta)) + meta + `<p>`, `<head>` + pad(1024-6-len(meta)) + meta + ins + `<p>`},

		// Where it went before: a script, link or base comes first, or the
		// declaration is late, empty or absent.
		{"after a script", `<head><script>x()</script>` + meta, `<head>` + ins + `<script>x()</script>` + meta},
		{"after a link", `<head><link rel=stylesheet href=/a.css>` + meta, `<head>` + ins + `<link rel=stylesheet href=/a.css>` + meta},
		{"after a base", `<head><base href="http://other.example/">` + meta, `<head>` + ins + `<base href="http://other.example/">` + meta},
		{"after noscript", `<head><noscript></noscript>` + meta, `<head>` + ins + `<noscript></noscript>` + meta},
		{"ending at byte 1025", `<head>` + pad(1025-6-len(meta)) + meta, `<head>` + ins + pad(1025-6-len(meta)) + meta},
		{"after text", `<meta name=x>hello` + meta, ins + `<meta name=x>hello` + meta},
		{"head ends first", `<head><meta name=x></head>` + meta, `<head>` + ins + `<meta name=x></head>` + meta},
		{"document ends first", `<head><meta name=x>`, `<head>` + ins + `<meta name=x>`},
		{"empty charset", `<head><meta charset="">`, `<head>` + ins + `<meta charset="">`},
		{"content-type without charset", `<head><meta http-equiv="content-type" content="text/html">`, `<head>` + ins + `<meta http-equiv="content-type" content="text/html">`},
		{"charset named but not set", `<head><meta http-equiv="content-type" content="charset">`, `<head>` + ins + `<meta http-equiv="content-type" content="charset">`},
		{"head late", pad(1030) + `<head>` + meta, pad(1030) + `<head>` + ins + meta},
		{"a long title", `<head><title>` + strings.Repeat("t", 1100) + `</title>` + meta, `<head>` + ins + `<title>` + strings.Repeat("t", 1100) + `</title>` + meta},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			o.Insert = []byte(ins)
			if got, _ := rewriteChunks(t, []byte(tc.in), o, nil); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for c := 1; c < len(tc.in); c++ {
				if got, _ := rewriteChunks(t, []byte(tc.in), o, []int{c}); got != tc.want {
					t.Fatalf("split at %d: got %q, want %q", c, got, tc.want)
				}
			}
			if got, _ := rewriteChunks(t, []byte(tc.in), o, cutsEvery(len(tc.in), 3)); got != tc.want {
				t.Fatalf("split every 3 bytes: got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestInsert(t *testing.T) {
	const ins = "<!--INS-->"
	for i, tc := range []struct{ in, want string }{
		{`<html><head><title>x</title></head>`, `<html><head><!--INS--><title>x</title></head>`},
		{`<!DOCTYPE html><HTML lang=en><HEAD class="x"><meta charset=utf-8>`, `<!DOCTYPE html><HTML lang=en><HEAD class="x"><meta charset=utf-8><!--INS-->`},
		{`<!DOCTYPE html><html lang=en><meta charset=utf-8><title>x</title>`, `<!DOCTYPE html><html lang=en><meta charset=utf-8><!--INS--><title>x</title>`},
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
		{`<head><link rel=preconnect href="https://connect.facebook.net">`, `<head><!--INS--><link data-consent="retargeting" rel=preconnect data-consent-href="https://connect.facebook.net">`},
		{`<link rel=preconnect href="https://connect.facebook.net"><p>`, `<!--INS--><link data-consent="retargeting" rel=preconnect data-consent-href="https://connect.facebook.net"><p>`},
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

// countingWriter records the writes it gets.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.Buffer.Write(p)
}

// TestBufferOutput checks that BufferOutput changes when the output is
// written, never what it is: nothing before Flush or a full buffer, the same
// bytes as an unbuffered Writer, in writes of about OutputBuffer bytes.
func TestBufferOutput(t *testing.T) {
	page := bigPage(300 << 10)
	var want bytes.Buffer
	plain := NewWriter(&want, benchOptions())
	streamThrough(plain, page)

	o := benchOptions()
	o.BufferOutput, o.OutputBuffer = true, 64<<10
	var got countingWriter
	w := NewWriter(&got, o)
	w.Write(page[:4<<10])
	if got.Len() != 0 {
		t.Fatalf("BufferOutput: %d bytes written before the buffer filled or Flush", got.Len())
	}
	w.Flush()
	if got.Len() == 0 || got.writes != 1 {
		t.Fatalf("Flush wrote %d bytes in %d writes, want the decided output in one", got.Len(), got.writes)
	}
	for p := page[4<<10:]; len(p) > 0; {
		n := min(len(p), 4<<10)
		w.Write(p[:n])
		p = p[n:]
	}
	w.Close()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("buffered output differs from unbuffered output (%d vs %d bytes)", got.Len(), want.Len())
	}
	if max := 2 + got.Len()/(48<<10); got.writes > max {
		t.Errorf("%d bytes in %d writes, want at most %d with a 64 KiB buffer", got.Len(), got.writes, max)
	}
}
