package classify

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// firstPartyScript returns n bytes of deterministic, made-up first-party
// JavaScript of the kinds sites inline: DOM code, a router, form
// validation, translations and a JSON state blob. It names no vendor.
func firstPartyScript(n int) []byte {
	parts := []string{
		`/* Product gallery: opens a lightbox on click. */
function initGallery%[1]d(root, options) {
  const items = root.querySelectorAll('.gallery-item');
  items.forEach((item, index) => {
    item.addEventListener('click', (event) => {
      event.preventDefault();
      openLightbox(index, options.animationDuration || %[2]d);
    });
  });
}
`,
		`var config%[1]d = {"apiBase": "/api/v2", "locale": "en-US", "currency": "EUR", "pageSize": %[2]d, "features": {"wishlist": true, "compare": false, "reviews": true}};
`,
		`async function loadProducts%[1]d(category, page) {
  const response = await fetch("/api/products?category=" + encodeURIComponent(category) + "&page=" + page);
  if (!response.ok) {
    throw new Error("Request failed with status " + response.status);
  }
  const data = await response.json();
  return data.items.map(function (p) { return { id: p.id, title: p.title, price: p.price / 100 }; });
}
`,
		`document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("newsletter-form-%[1]d");
  if (!form) return;
  form.addEventListener("submit", function (e) {
    var email = form.querySelector("input[type=email]").value.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      e.preventDefault();
      showError(form, "Please enter a valid e-mail address.");
    }
  });
});
`,
		`const translations%[1]d = {
  en: { cart: "Cart", checkout: "Checkout", empty: "Your cart is empty", total: "Total" },
  es: { cart: "Carrito", checkout: "Pagar", empty: "Tu carrito está vacío", total: "Total" },
  de: { cart: "Warenkorb", checkout: "Zur Kasse", empty: "Ihr Warenkorb ist leer", total: "Summe" }
};
`,
		`class Router%[1]d {
  constructor(routes) { this.routes = routes; this.current = null; window.addEventListener("popstate", () => this.resolve(location.pathname)); }
  resolve(path) {
    for (const [pattern, handler] of Object.entries(this.routes)) {
      const match = path.match(new RegExp("^" + pattern.replace(/:(\w+)/g, "([^/]+)") + "$"));
      if (match) { this.current = pattern; return handler.apply(null, match.slice(1)); }
    }
    return this.notFound(path);
  }
  notFound(path) { console.warn("No route for", path); document.title = "Page not found"; }
}
`,
		`window.__INITIAL_STATE__%[1]d = {"user":null,"cart":{"items":[{"sku":"TS-%[2]d","name":"Cotton T-shirt","qty":2,"unit_price":1999},{"sku":"MG-%[1]d","name":"Mug","qty":1,"unit_price":899}],"currency":"EUR"},"flags":{"new_checkout":true,"dark_mode":false}};
`,
		`function debounce%[1]d(fn, wait) {
  let timer;
  return function () {
    const args = arguments, ctx = this;
    clearTimeout(timer);
    timer = setTimeout(function () { fn.apply(ctx, args); }, wait);
  };
}
// Sticky header: shrink the logo once the page has scrolled.
window.addEventListener("scroll", debounce%[1]d(function () {
  document.body.classList.toggle("is-scrolled", window.scrollY > %[2]d);
}, 50));
`,
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, parts[i%len(parts)], i, 100+i*7%900)
	}
	return []byte(b.String()[:n])
}

// snippetCases are paraphrased vendor snippets (the tokens as vendors'
// install instructions use them, not their code) and what they are.
var snippetCases = []struct {
	name    string
	text    string
	purpose purpose.Purpose
	vendor  string
	rule    string // "" when the test does not care which token won
}{
	{"ga4", `window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'G-ABC123XYZ');`, purpose.Analytics, "Google Analytics", "gtag('config', 'G-"},
	{"ga4-double-quotes-spaces", `function gtag(){dataLayer.push(arguments);}
gtag( "js", new Date() );
gtag(
  "config",
  "G-ABC123XYZ", { "anonymize_ip": true }
);`, purpose.Analytics, "Google Analytics", "gtag('config', 'G-"},
	{"google-ads", `function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'AW-123456789');`, purpose.Retargeting, "Google Ads", "gtag('config', 'AW-"},
	{"campaign-manager", `gtag('js', new Date()); gtag('config', 'DC-1234567');`, purpose.Retargeting, "Google Campaign Manager 360", "gtag('config', 'DC-"},
	{"google-tag-combined", `gtag("js", new Date()); gtag("set", "developer_id.abc", true); gtag("config", "GT-ABCDEFG");`, purpose.Retargeting, "Google tag", "gtag('config', 'GT-"},
	{"ga4-and-ads", `gtag('js', new Date()); gtag('config', 'G-ABC'); gtag('config', 'AW-123');`, purpose.Retargeting, "Google Ads",
		"gtag('config', 'AW- (also gtag('config', 'G-: the most restrictive purpose wins)"},
	{"gtag-loader-only", `gtag('js', new Date());`, purpose.Analytics, "Google tag", "gtag('js'"},
	{"gtag-inline-loader", `var s=document.createElement('script');s.src='https://www.googletagmanager.com/gtag/js?id=G-XYZ';document.head.appendChild(s);`, purpose.Analytics, "Google tag", "gtag('js'"},
	{"ads-config-alone", `gtag('config', 'AW-987654321', {'allow_enhanced_conversions': true});`, purpose.Retargeting, "Google Ads", "gtag('config', 'AW-"},
	{"ads-conversion-event", `gtag('event', 'conversion', {'send_to': 'AW-123456789/AbC-D_efG', 'value': 1.0, 'currency': 'EUR'});`, purpose.Retargeting, "Google Ads", "send_to: 'AW-"},
	{"ads-conversion-event-unquoted", `gtag('event', 'conversion', { send_to : "AW-1/x" });`, purpose.Retargeting, "Google Ads", "send_to: 'AW-"},
	{"gtm", `(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-ABCD');`, purpose.Analytics, "Google Tag Manager", "gtm.js"},
	{"gtm-server-side", `(function(w,d,s,l,i){j.src='https://sst.example.com/gtm.js?id='+i;})(window,document,'script','dataLayer','GTM-ABCD');`, purpose.Analytics, "Google Tag Manager", "gtm.js"},
	{"universal-analytics", `(function(i,s,o,g,r){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){(i[r].q=i[r].q||[]).push(arguments)}})(window,document,'script','https://www.google-analytics.com/analytics.js','ga');
ga('create', 'UA-12345-1', 'auto'); ga('send', 'pageview');`, purpose.Analytics, "Google Analytics", "GoogleAnalyticsObject"},
	{"ga-js", `var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1-1']); _gaq.push(['_trackPageview']);`, purpose.Analytics, "Google Analytics", "var _gaq"},
	{"google-ads-legacy", `var google_conversion_id = 123456789; var google_custom_params = window.google_tag_params; var google_remarketing_only = true;`, purpose.Retargeting, "Google Ads", "google_conversion_id"},
	{"adsense", `(adsbygoogle = window.adsbygoogle || []).push({google_ad_client: "ca-pub-123", enable_page_level_ads: true});`, purpose.Retargeting, "Google AdSense", "google_ad_client"},
	{"meta-pixel", `!function(f,b,e,v){if(f.fbq)return;f.fbq=function(){};}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '1234567890');
fbq('track', 'PageView');`, purpose.Retargeting, "Meta Pixel", "fbevents.js"},
	{"meta-pixel-init", `fbq( "init", "1234567890" ); fbq("track", "PageView");`, purpose.Retargeting, "Meta Pixel", "fbq('init'"},
	{"meta-pixel-backticks-newlines", "fbq(\n\t`init`,\n\t`1234567890`\n);", purpose.Retargeting, "Meta Pixel", "fbq('init'"},
	{"meta-pixel-event", `document.querySelector('#buy').addEventListener('click', function () { fbq('trackCustom', 'AddToWishlist'); });`, purpose.Retargeting, "Meta Pixel", "fbq('track"},
	{"facebook-sdk", `window.fbAsyncInit = function() { FB.init({ appId: '1', xfbml: true, version: 'v18.0' }); };
(function(d, s, id){ var js, fjs = d.getElementsByTagName(s)[0]; if (d.getElementById(id)) {return;} js = d.createElement(s); js.id = id; js.src = "https://connect.facebook.net/en_US/sdk.js"; fjs.parentNode.insertBefore(js, fjs); }(document, 'script', 'facebook-jssdk'));`, purpose.Social, "Facebook SDK", "fbAsyncInit"},
	{"facebook-sdk-loader", `(function(d, s, id){ var js = d.createElement(s); js.id = id; js.src = "https://connect.facebook.net/en_US/sdk.js#xfbml=1"; }(document, 'script', 'facebook-jssdk'));`, purpose.Social, "Facebook SDK", "/sdk.js + connect.facebook.net"},
	{"linkedin-insight", `_linkedin_partner_id = "1234567"; window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || []; window._linkedin_data_partner_ids.push(_linkedin_partner_id);`, purpose.Retargeting, "LinkedIn Insight Tag", "_linkedin_partner_id"},
	{"tiktok-pixel", `!function (w, d, t) { w.TiktokAnalyticsObject=t; var ttq=w[t]=w[t]||[]; ttq.load('C123ABC'); ttq.page(); }(window, document, 'ttq');`, purpose.Retargeting, "TikTok Pixel", "TiktokAnalyticsObject"},
	{"tiktok-event", `ttq.track('CompletePayment', {value: 10});`, purpose.Retargeting, "TikTok Pixel", "ttq.track("},
	{"clarity", `(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);})(window, document, "clarity", "script", "abcdefghij");`, purpose.Analytics, "Microsoft Clarity", "[a].q + clarity.ms/tag/"},
	{"bing-uet", `(function(w,d,t,r,u){var f,n,i;w[u]=w[u]||[],f=function(){var o={ti:"12345678"};o.q=w[u],w[u]=new UET(o),w[u].push("pageLoad")},n=d.createElement(t),n.src=r,n.async=1,i=d.getElementsByTagName(t)[0],i.parentNode.insertBefore(n,i)})(window,document,"script","//bat.bing.com/bat.js","uetq");`, purpose.Retargeting, "Microsoft Advertising UET", "bat.bing.com/bat.js"},
	{"bing-uet-event", `window.uetq = window.uetq || []; window.uetq.push('event', 'purchase', {'revenue_value': 1});`, purpose.Retargeting, "Microsoft Advertising UET", "uetq"},
	{"hotjar", `(function(h,o,t,j,a,r){h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};h._hjSettings={hjid:1234567,hjsv:6};})(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');`, purpose.Analytics, "Hotjar", "_hjSettings"},
	{"pinterest", `!function(e){if(!window.pintrk){window.pintrk=function(){}}}("https://s.pinimg.com/ct/core.js"); pintrk('load', '2612345678901'); pintrk('page');`, purpose.Retargeting, "Pinterest Tag", "s.pinimg.com/ct/core.js"},
	{"x-pixel", `!function(e,t,n){e.twq||(s=e.twq=function(){})}(window,document,'script'); twq('config','o1234');`, purpose.Retargeting, "X (Twitter) Pixel", "twq('config'"},
	{"x-pixel-event", `twq('event', 'tw-abc-def', {value: 1});`, purpose.Retargeting, "X (Twitter) Pixel", "twq('"},
	{"snap-pixel", `(function(e,t,n){if(e.snaptr)return;})(window,document,'https://sc-static.net/scevent.min.js'); snaptr('init', 'abc-123', {}); snaptr('track', 'PAGE_VIEW');`, purpose.Retargeting, "Snap Pixel", "sc-static.net/scevent.min.js"},
	{"reddit-pixel", `!function(w,d){if(!w.rdt){var p=w.rdt=function(){};p.callQueue=[];var t=d.createElement("script");t.src="https://www.redditstatic.com/ads/pixel.js",t.async=!0}}(window,document);rdt('init','a2_abc');rdt('track', 'PageVisit');`, purpose.Retargeting, "Reddit Pixel", "redditstatic.com/ads/pixel.js"},
	{"criteo", `window.criteo_q = window.criteo_q || []; window.criteo_q.push({ event: "setAccount", account: 12345 }, { event: "viewHome" });`, purpose.Retargeting, "Criteo", "window.criteo_q"},
	{"taboola", `window._tfa = window._tfa || []; window._tfa.push({notify: 'event', name: 'page_view', id: 1234567});`, purpose.Retargeting, "Taboola", "window._tfa"},
	{"outbrain", `!function(_window, _document) { var OB_ADV_ID = '00abcdef'; if (_window.obApi) { return; } }(window, document); obApi('track', 'PAGE_VIEW');`, purpose.Retargeting, "Outbrain", "OB_ADV_ID"},
	{"adroll", `adroll_adv_id = "ABCDEFGH"; adroll_pix_id = "IJKLMNOP"; adroll_version = "2.0";`, purpose.Retargeting, "AdRoll", "adroll_adv_id"},
	{"quantcast", `window._qevents = window._qevents || []; _qevents.push({qacct: "p-abc"});`, purpose.Retargeting, "Quantcast", "_qevents"},
	{"hubspot", `var _hsq = window._hsq = window._hsq || []; _hsq.push(['setPath', '/pricing']);`, purpose.Analytics, "HubSpot", "var _hsq"},
	{"hubspot-event", `_hsq.push(["trackEvent", {id: "000000001"}]);`, purpose.Analytics, "HubSpot", "_hsq"},
	{"segment", `!function(){var analytics=window.analytics=window.analytics||[];analytics.load=function(key){var t=document.createElement("script");t.src="https://cdn.segment.com/analytics.js/v1/"+key+"/analytics.min.js";};analytics.SNIPPET_VERSION="4.15.3";analytics.load("WRITEKEY");analytics.page();}();`, purpose.Analytics, "Segment", "cdn.segment.com/analytics.js + analytics.load("},
	{"mixpanel", `(function(f,b){if(!b.__SV){var e,g;window.mixpanel=b;b._i=[];g=f.createElement("script");g.src="undefined"!==typeof MIXPANEL_CUSTOM_LIB_URL?MIXPANEL_CUSTOM_LIB_URL:"//cdn.mxpnl.com/libs/mixpanel-2-latest.min.js";}})(document,window.mixpanel||[]); mixpanel.init("TOKEN");`, purpose.Analytics, "Mixpanel", "MIXPANEL_CUSTOM_LIB_URL"},
	{"amplitude", `!function(){"use strict";!function(e,t){var r=e.amplitude || { _q:[],_iq:{}};e.amplitude=r}(window,document)}(); amplitude.init('API_KEY');`, purpose.Analytics, "Amplitude", "amplitude||{_q:"},
	{"heap", `window.heap=window.heap||[],heap.load=function(e,t){window.heap.appid=e;var r=document.createElement("script");r.src="https://cdn.heapanalytics.com/js/heap-"+e+".js"};heap.load("1234567");`, purpose.Analytics, "Heap", "heapanalytics.com/js/heap-"},
	{"fullstory", `window['_fs_host'] = 'fullstory.com'; window['_fs_script'] = 'edge.fullstory.com/s/fs.js'; window['_fs_org'] = 'o-ABC-na1'; window['_fs_namespace'] = 'FS';`, purpose.Analytics, "FullStory", "_fs_org"},
	{"adobe-launch", `if (typeof _satellite !== "undefined") { _satellite.pageBottom(); }`, purpose.Analytics, "Adobe Experience Platform Tags (Launch)", "_satellite"},
	{"matomo", `var _paq = window._paq = window._paq || []; _paq.push(['trackPageView']); _paq.push(['enableLinkTracking']); (function() { var u="//stats.example.com/"; _paq.push(['setTrackerUrl', u+'matomo.php']); _paq.push(['setSiteId', '1']); })();`, purpose.Analytics, "Matomo", "var _paq"},
	{"matomo-event", `_paq.push(['trackEvent', 'Video', 'Play']);`, purpose.Analytics, "Matomo", "_paq"},
	{"yandex-metrica", `(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};})(window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym"); ym(12345678, "init", { clickmap:true, trackLinks:true, accurateTrackBounce:true });`, purpose.Analytics, "Yandex Metrica", "/metrika/tag.js"},
	{"intercom-classic", `window.intercomSettings = { app_id: "abc123" }; (function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}})();`, purpose.Functional, "Intercom", "intercomSettings"},
	{"intercom-classic-large", `(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}})();` + strings.Repeat("\n// padding", 500), purpose.Functional, "Intercom", "reattach_activator"},
	{"intercom", `window.intercomSettings = { api_base: "https://api-iam.intercom.io", app_id: "abc123" }; (function(){var w=window;var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;var s=d.createElement('script');s.src='https://widget.intercom.io/widget/abc123';})();`, purpose.Functional, "Intercom", "intercomSettings"},
	{"intercom-large", `(function(){var w=window;var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;var s=d.createElement('script');s.src='https://widget.intercom.io/widget/abc123';})();` + strings.Repeat("\n// padding", 500), purpose.Functional, "Intercom", "i.q.push( + widget.intercom.io"},
	{"addthis", `var addthis_config = {"data_track_addressbar": false};`, purpose.Social, "AddThis", "addthis_config"},
	{"sharethis", `var st = document.createElement('script'); st.src = 'https://platform-api.sharethis.com/js/sharethis.js#property=abc&product=inline-share-buttons'; document.body.appendChild(st);`, purpose.Social, "ShareThis", "sharethis.js"},
	{"youtube-iframe-api", `var tag = document.createElement('script'); tag.src = "https://www.youtube.com/iframe_api"; var player; function onYouTubeIframeAPIReady() { player = new YT.Player('player', { videoId: 'abc' }); }`, purpose.Social, "YouTube", "youtube.com/iframe_api"},
	{"vimeo-api", `var s = document.createElement('script'); s.src = 'https://player.vimeo.com/api/player.js';`, purpose.Social, "Vimeo", "player.vimeo.com/api/player.js"},
	{"disqus", `var disqus_config = function () { this.page.url = location.href; };`, purpose.Social, "Disqus", "disqus_config"},

	// API calls in dedicated snippets (see TestClassifyInlineScriptSmallTokens).
	{"ga4-config-alone", `gtag('config', 'G-ABC123', {'page_path': '/x'});`, purpose.Analytics, "Google Analytics", "gtag('config', 'G-"},
	{"campaign-manager-config-alone", `gtag("config", "DC-1234567");`, purpose.Retargeting, "Google Campaign Manager 360", "gtag('config', 'DC-"},
	{"ua-create", `ga('create', 'UA-12345-1', 'auto'); ga('send', 'pageview');`, purpose.Analytics, "Google Analytics", "ga('create'"},
	{"yandex-init", `ym(12345678, "init", {clickmap: true, webvisor: true});`, purpose.Analytics, "Yandex Metrica", "ym(#, 'init'"},
	{"pinterest-event", `pintrk('track', 'checkout', {value: 100, order_quantity: 1});`, purpose.Retargeting, "Pinterest Tag", "pintrk('"},
	{"snap-event", `snaptr('track', 'PURCHASE', {'price': 10});`, purpose.Retargeting, "Snap Pixel", "snaptr('"},
	{"reddit-event", `rdt('track', 'Purchase');`, purpose.Retargeting, "Reddit Pixel", "rdt('"},
	{"outbrain-event", `obApi('track', 'Checkout');`, purpose.Retargeting, "Outbrain", "obApi('"},
	{"linkedin-conversion", `window.lintrk('track', { conversion_id: 1234567 });`, purpose.Retargeting, "LinkedIn Insight Tag", "lintrk('track'"},
	{"mixpanel-init", `mixpanel.init("TOKEN", {track_pageview: true});`, purpose.Analytics, "Mixpanel", "mixpanel.init("},
	{"amplitude-init", `amplitude.init('API_KEY', {defaultTracking: true});`, purpose.Analytics, "Amplitude", "amplitude.init("},
	{"heap-load", `heap.load("1234567");`, purpose.Analytics, "Heap", "heap.load("},
	{"fb-async-init", `window.fbAsyncInit = function() { FB.init({appId: '1', version: 'v18.0'}); };`, purpose.Social, "Facebook SDK", "fbAsyncInit"},
	{"vimeo-player", `var player = new Vimeo.Player('video'); player.on('play', function() {});`, purpose.Social, "Vimeo", "Vimeo.Player("},

	// Several vendors in one script: the most restrictive purpose wins.
	{"ga4-and-meta", `gtag('js', new Date()); gtag('config', 'G-ABC'); fbq('init', '123');`, purpose.Retargeting, "Meta Pixel", "fbq('init'"},
	{"intercom-and-hotjar", `window.intercomSettings = {}; ic('reattach_activator'); h._hjSettings={hjid:1};`, purpose.Analytics, "Hotjar", "_hjSettings"},
}

func TestClassifyInlineScript(t *testing.T) {
	c := mustURLClassifier(t, nil)
	for _, tc := range snippetCases {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := c.ClassifyInlineScript([]byte(tc.text))
			if !ok {
				t.Fatalf("no signature matched")
			}
			if d.Purpose != tc.purpose || d.Vendor != tc.vendor || d.Source != sourceBuiltin {
				t.Errorf("got %+v, want purpose %v vendor %q source %q", d, tc.purpose, tc.vendor, sourceBuiltin)
			}
			if tc.rule != "" && d.Rule != tc.rule {
				t.Errorf("got rule %q, want %q", d.Rule, tc.rule)
			}
		})
	}
}

func TestClassifyInlineScriptNoMatch(t *testing.T) {
	c := mustURLClassifier(t, nil)
	for i, text := range []string{
		"",
		"x",
		// Google Consent Mode alone must run: it is never matched.
		`window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}
gtag('consent', 'default', {'ad_storage': 'denied', 'ad_user_data': 'denied', 'ad_personalization': 'denied', 'analytics_storage': 'denied', 'wait_for_update': 500});
gtag('set', 'ads_data_redaction', true); gtag('set', 'url_passthrough', true);`,
		`gtag("consent", "update", {"analytics_storage": "granted"});`,
		// Bare words and near misses.
		`// We use Clarity and Hotjar to understand how visitors use the site.`,
		`var clarity = 1; function hj(){}; hj('event', 'x');`,
		`myfbq('init', 'x'); fbqx('init'); fbq('init"); fbq.init();`,
		`var __paq = 1; var _paqx = 2; var x_hsq = 3;`,
		`var config = {"send_to": "email", "gtag": "js"};`,
		`gtag('config', 'something'); gtag('event', 'x', {send_to: 'nobody'});`,
		`var u = "https://cdn.segment.com/analytics.js/v1/x";`,
		`analytics.load("x");`,
		`x[a].q = 1; // no Clarity here`,
		`i.q.push(args); // a queue, not Intercom`,
		`require("./gtm.jsx"); import("./my-gtm.json");`,
		// JSON state that happens to mention vendors' names.
		`{"products":[{"name":"Facebook ad credit","sku":"fb-1"},{"name":"Google tag","sku":"gt-2"}]}`,
		string(firstPartyScript(100 << 10)),
	} {
		if d, ok := c.ClassifyInlineScript([]byte(text)); ok {
			t.Errorf("Test %d: %.60q matched %+v", i, text, d)
		}
	}
}

func TestClassifyInlineScriptSmallTokens(t *testing.T) {
	// Calls of a vendor's API count in a dedicated snippet, not in a large
	// first-party script, while loaders and configuration count in both.
	c := mustURLClassifier(t, nil)
	for i, tc := range []struct {
		token   string
		inLarge bool
	}{
		{`fbq('track', 'Lead');`, false},
		{`_paq.push(['trackEvent', 'x']);`, false},
		{`pintrk('track', 'checkout');`, false},
		{`gtag('config', 'G-ABC');`, false},
		{`fbq('init', '123');`, true},
		{`var _paq = window._paq || [];`, true},
		{`s.src = "https://connect.facebook.net/en_US/fbevents.js";`, true},
	} {
		small := "document.getElementById('buy').onclick = function () {\n  " + tc.token + "\n};"
		if _, ok := c.ClassifyInlineScript([]byte(small)); !ok {
			t.Errorf("Test %d: %q not found in a small script", i, tc.token)
		}
		pad := string(firstPartyScript(smallScriptMax))
		large := pad + small + pad
		if _, ok := c.ClassifyInlineScript([]byte(large)); ok != tc.inLarge {
			t.Errorf("Test %d: %q in a large script: matched %v, want %v", i, tc.token, ok, tc.inLarge)
		}
	}
}

func TestClassifyInlineScriptTruncated(t *testing.T) {
	// Every prefix and suffix of a snippet classifies without panicking,
	// and tokens at the very start and end of the text are found.
	c := mustURLClassifier(t, nil)
	for _, tc := range snippetCases {
		for n := 0; n <= len(tc.text); n++ {
			c.ClassifyInlineScript([]byte(tc.text[:n]))
			c.ClassifyInlineScript([]byte(tc.text[n:]))
		}
	}
	for i, text := range []string{"_paq", "uetq", "fbq('init'", "gtm.js", "_fs_org", "OB_ADV_ID", "_hsq"} {
		if _, ok := c.ClassifyInlineScript([]byte(text)); !ok {
			t.Errorf("Test %d: %q alone did not match", i, text)
		}
	}
}

func TestBuiltinSignatures(t *testing.T) {
	kb, err := builtinKB()
	if err != nil {
		t.Fatal(err)
	}
	m := kb.sigs
	if len(m.strong) > fastAnchors {
		t.Errorf("%d anchor bytes for the tokens of every script, want at most %d", len(m.strong), fastAnchors)
	}
	// Every anchor byte is a pass over the script: keep the small-script
	// ones few too.
	if len(m.every) > fastAnchors+5 {
		var b []byte
		for _, g := range m.every {
			b = append(b, g.b)
		}
		t.Errorf("small scripts are scanned for %d anchor bytes (%q), want at most %d", len(m.every), b, fastAnchors+5)
	}
	if len(m.all) < 80 || len(m.vendors) < 50 {
		t.Errorf("%d signatures of %d vendors, want at least 80 and 50", len(m.all), len(m.vendors))
	}
	c := mustURLClassifier(t, nil)
	if c.SignatureCount() != len(m.all) {
		t.Errorf("SignatureCount() = %d, want %d", c.SignatureCount(), len(m.all))
	}
	// Each token, written out with its optional parts filled in, is found
	// on its own, between other code, and gives its own vendor.
	for i, tok := range kb.scripts {
		ex := exampleScriptFor(tok)
		for _, text := range []string{ex, "var a = 1;\n" + ex + "\nvar b = 2;"} {
			d, ok := c.ClassifyInlineScript([]byte(text))
			switch {
			case !ok:
				t.Errorf("signature %d (%q): example %q did not match", i, tok.Spec, text)
			case tok.gtag == 0 && (d.Vendor != tok.Vendor || d.Purpose != tok.Purpose):
				t.Errorf("signature %d (%q): example %q gave %+v", i, tok.Spec, text, d)
			}
		}
	}
}

func TestCompileSignaturesErrors(t *testing.T) {
	for i, tc := range []struct {
		toks   []ScriptRule
		errHas string
	}{
		{[]ScriptRule{{Spec: "~'~", Purpose: purpose.Analytics, Vendor: "V"}}, "no anchor byte"},
		{[]ScriptRule{{Spec: "abc(", Purpose: purpose.Analytics, Vendor: "V"}}, "mark it small"},
		{[]ScriptRule{{Spec: "*", Purpose: purpose.Analytics, Vendor: "V"}}, "empty"},
		{[]ScriptRule{{Spec: "_abc", Purpose: purpose.Analytics}}, "purpose and a vendor"},
		{[]ScriptRule{{Spec: "_abc", Vendor: "V"}}, "purpose and a vendor"},
	} {
		if _, err := compileSignatures(tc.toks, sourceBuiltin, true); err == nil || !strings.Contains(err.Error(), tc.errHas) {
			t.Errorf("Test %d: got error %v, want one containing %q", i, err, tc.errHas)
		}
	}
}

func BenchmarkClassifyInlineScript(b *testing.B) {
	c, err := NewURLClassifier(nil)
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, text []byte) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				c.ClassifyInlineScript(text)
			}
		})
	}
	run("first-party-100KB", firstPartyScript(100<<10))
	run("first-party-4KB", firstPartyScript(4<<10))
	for _, tc := range snippetCases {
		run(tc.name, []byte(tc.text))
	}
	if f := os.Getenv("CONSENT_BENCH_SCRIPT"); f != "" {
		// A real script of your own, to compare with the made-up one.
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		run("file", text)
	}
}

// exampleScriptFor writes a script that tok matches: its optional parts
// filled in, what a Google tag token needs after it, and its With text.
func exampleScriptFor(tok ScriptRule) string {
	ex := strings.NewReplacer("~", " ", "#", "123").Replace(strings.TrimSuffix(tok.Spec, "*"))
	switch {
	case strings.HasSuffix(ex, "'config'"):
		ex += ", 'AW-1')"
	case tok.gtag == gtagID && !strings.HasSuffix(ex, "-"):
		ex += ": 'AW-1'"
	case strings.HasSuffix(ex, "-"):
		ex += "1'"
	}
	if tok.With != "" {
		ex += " " + tok.With
	}
	return ex
}
