package consent

import (
	"net/url"
	"strings"
	"testing"
)

func mustURLClassifier(t testing.TB, operator []HostRule) *URLClassifier {
	t.Helper()
	c, err := NewURLClassifier(operator)
	if err != nil {
		t.Fatalf("NewURLClassifier: %v", err)
	}
	return c
}

func classifyRawURL(t testing.TB, c *URLClassifier, raw string) Decision {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", raw, err)
	}
	return c.ClassifyURL(u)
}

func TestClassifyURLBuiltin(t *testing.T) {
	c := mustURLClassifier(t, nil)
	for i, tc := range []struct {
		url     string
		purpose Purpose
		vendor  string
		rule    string
	}{
		// Google tag: the purpose depends on the tag id in the query.
		{"https://www.googletagmanager.com/gtag/js?id=G-ABC123", Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=G-"},
		{"https://www.googletagmanager.com/gtag/js?l=dataLayer&id=G-ABC123", Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=G-"},
		{"https://www.googletagmanager.com/gtag/js?id=g-abc123", Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=G-"},
		{"https://www.googletagmanager.com/gtag/js?id=AW-123456789", Retargeting, "Google Ads", "*.googletagmanager.com/gtag/js?id=AW-"},
		{"https://www.googletagmanager.com/gtag/js?id=AW%2D123456789", Retargeting, "Google Ads", "*.googletagmanager.com/gtag/js?id=AW-"},
		{"https://www.googletagmanager.com/gtag/js?id=DC-1234567", Retargeting, "Google Campaign Manager 360", "*.googletagmanager.com/gtag/js?id=DC-"},
		{"https://www.googletagmanager.com/gtag/js?id=GT-ABCDEF", Retargeting, "Google tag", "*.googletagmanager.com/gtag/js?id=GT-"},
		{"https://www.googletagmanager.com/gtag/js?id=UA-1234-1", Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=UA-"},
		{"https://www.googletagmanager.com/gtag/js", Analytics, "Google tag", "*.googletagmanager.com/gtag/js"},
		{"https://www.googletagmanager.com/gtag/js?id=XX-1", Analytics, "Google tag", "*.googletagmanager.com/gtag/js"},
		{"https://www.googletagmanager.com/gtag/js?idx=AW-1", Analytics, "Google tag", "*.googletagmanager.com/gtag/js"},
		{"https://www.googletagmanager.com/gtag/destination?id=AW-1", Retargeting, "Google Ads", "*.googletagmanager.com/gtag/destination?id=AW-"},
		{"https://www.googletagmanager.com/gtm.js?id=GTM-ABCD", Analytics, "Google Tag Manager", "*.googletagmanager.com/gtm.js"},
		{"https://www.googletagmanager.com/ns.html?id=GTM-ABCD", Analytics, "Google Tag Manager", "*.googletagmanager.com/ns.html"},
		{"https://googletagmanager.com/gtag/js?id=AW-1", Retargeting, "Google Ads", "*.googletagmanager.com/gtag/js?id=AW-"},

		// Google Analytics: script vs measurement pixel.
		{"https://www.google-analytics.com/analytics.js", Analytics, "Google Analytics", "*.google-analytics.com"},
		{"https://www.google-analytics.com/collect?v=1&tid=UA-1", Beacon, "Google Analytics", "*.google-analytics.com/collect"},
		{"https://www.google-analytics.com/g/collect?v=2&tid=G-1", Beacon, "Google Analytics", "*.google-analytics.com/g/collect"},
		{"https://region1.analytics.google.com/g/collect?v=2", Beacon, "Google Analytics", "*.analytics.google.com/g/collect"},
		{"https://stats.g.doubleclick.net/j/collect", Retargeting, "Google Analytics advertising features", "stats.g.doubleclick.net"},

		// Google's ad network.
		{"https://securepubads.g.doubleclick.net/tag/js/gpt.js", Retargeting, "Google Ad Manager", "securepubads.g.doubleclick.net"},
		{"https://ad.doubleclick.net/ddm/trackclk/N1.123", Retargeting, "Google DoubleClick", "*.doubleclick.net"},
		{"https://ad.doubleclick.net/activity;src=123;type=sale;cat=x;ord=1", Beacon, "Google Campaign Manager 360", "*.doubleclick.net/activity*"},
		{"https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/?guid=ON", Beacon, "Google Ads", "*.doubleclick.net/pagead/viewthroughconversion/"},
		{"https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-1", Retargeting, "Google AdSense", "*.googlesyndication.com"},
		{"https://www.googletagservices.com/tag/js/gpt.js", Retargeting, "Google Ad Manager", "*.googletagservices.com"},
		{"https://www.googleadservices.com/pagead/conversion.js", Retargeting, "Google Ads", "*.googleadservices.com"},
		{"https://www.googleadservices.com/pagead/conversion/123/?label=x", Beacon, "Google Ads", "*.googleadservices.com/pagead/conversion/"},
		{"https://adservice.google.com/ddm/fls/z/src=1", Retargeting, "Google Ads", "adservice.google.com"},
		{"https://adservice.google.de/adsid/integrator.js", Retargeting, "Google Ads", "adservice.google.de"},
		{"https://www.google.com/pagead/1p-user-list/123/?random=1", Retargeting, "Google Ads", "*.google.com/pagead/"},
		{"https://www.google.com/ads/ga-audiences?v=1", Retargeting, "Google Analytics advertising features", "*.google.com/ads/"},

		// Google services: necessary and functional.
		{"https://www.google.com/recaptcha/api.js", Necessary, "Google reCAPTCHA", "*.google.com/recaptcha/"},
		{"https://www.gstatic.com/recaptcha/releases/abc/recaptcha__en.js", Necessary, "Google reCAPTCHA", "*.gstatic.com/recaptcha/"},
		{"https://www.recaptcha.net/recaptcha/api.js", Necessary, "Google reCAPTCHA", "*.recaptcha.net"},
		{"https://accounts.google.com/gsi/client", Necessary, "Google Identity Services", "accounts.google.com/gsi/"},
		{"https://fonts.googleapis.com/css2?family=Inter", Functional, "Google Fonts", "fonts.googleapis.com"},
		{"https://fonts.gstatic.com/s/inter/v12/a.woff2", Functional, "Google Fonts", "fonts.gstatic.com"},
		{"https://www.google.com/maps/embed?pb=!1m18", Functional, "Google Maps", "*.google.com/maps/embed"},
		{"https://maps.googleapis.com/maps/api/js?key=x", Functional, "Google Maps", "maps.googleapis.com"},
		{"https://fundingchoicesmessages.google.com/i/pub-1?ers=1", Necessary, "Google Funding Choices", "fundingchoicesmessages.google.com"},

		// YouTube.
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", Social, "YouTube", "*.youtube.com"},
		{"https://www.youtube.com/iframe_api", Social, "YouTube", "*.youtube.com"},
		{"https://i.ytimg.com/vi/x/hqdefault.jpg", Social, "YouTube", "*.ytimg.com"},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", Functional, "YouTube (privacy-enhanced mode)", "*.youtube-nocookie.com"},

		// Meta: pixel vs social plugins.
		{"https://www.facebook.com/tr?id=123&ev=PageView&noscript=1", Beacon, "Meta Pixel", "*.facebook.com/tr"},
		{"https://www.facebook.com/tr/?id=123", Beacon, "Meta Pixel", "*.facebook.com/tr"},
		{"https://www.facebook.com/plugins/like.php?href=x", Social, "Facebook social plugins", "*.facebook.com/plugins/"},
		{"https://www.facebook.com/v18.0/plugins/page.php?href=x", Social, "Facebook social plugins", "*.facebook.com/*/plugins/"},
		{"https://www.facebook.com/trending", Social, "Facebook", "*.facebook.com"},
		{"https://connect.facebook.net/en_US/fbevents.js", Retargeting, "Meta Pixel", "connect.facebook.net/*/fbevents.js"},
		{"https://connect.facebook.net/signals/config/123?v=2.9", Retargeting, "Meta Pixel", "connect.facebook.net/signals/"},
		{"https://connect.facebook.net/en_US/sdk.js#xfbml=1&version=v18.0", Social, "Facebook SDK", "connect.facebook.net/*/sdk.js"},
		{"https://connect.facebook.net/en_US/sdk/xfbml.customerchat.js", Social, "Facebook SDK", "connect.facebook.net/*/sdk/"},
		{"https://www.instagram.com/embed.js", Social, "Instagram", "*.instagram.com"},

		// LinkedIn.
		{"https://snap.licdn.com/li.lms-analytics/insight.min.js", Retargeting, "LinkedIn Insight Tag", "snap.licdn.com/li.lms-analytics/"},
		{"https://px.ads.linkedin.com/collect/?pid=123&fmt=gif", Beacon, "LinkedIn Insight Tag", "px.ads.linkedin.com/collect"},
		{"https://px.ads.linkedin.com/attribution_trigger?pid=1", Retargeting, "LinkedIn Insight Tag", "*.ads.linkedin.com"},
		{"https://platform.linkedin.com/in.js", Social, "LinkedIn widgets", "platform.linkedin.com"},
		{"https://www.linkedin.com/embed/feed/update/urn:li:share:1", Social, "LinkedIn", "*.linkedin.com"},

		// Microsoft.
		{"https://bat.bing.com/bat.js", Retargeting, "Microsoft Advertising UET", "bat.bing.com"},
		{"https://bat.bing.com/action/0?ti=123&Ver=2", Beacon, "Microsoft Advertising UET", "bat.bing.com/action"},
		{"https://www.clarity.ms/tag/abcdef", Analytics, "Microsoft Clarity", "*.clarity.ms"},

		// TikTok, Pinterest, X, Snap, Reddit.
		{"https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=X", Retargeting, "TikTok Pixel", "analytics.tiktok.com"},
		{"https://www.tiktok.com/embed.js", Social, "TikTok", "*.tiktok.com"},
		{"https://s.pinimg.com/ct/core.js", Retargeting, "Pinterest Tag", "s.pinimg.com/ct/"},
		{"https://ct.pinterest.com/v3/?tid=123&noscript=1", Beacon, "Pinterest Tag", "ct.pinterest.com/v3"},
		{"https://ct.pinterest.com/user/?tid=1", Retargeting, "Pinterest Tag", "ct.pinterest.com"},
		{"https://assets.pinterest.com/js/pinit.js", Social, "Pinterest widgets", "assets.pinterest.com"},
		{"https://static.ads-twitter.com/uwt.js", Retargeting, "X (Twitter) Pixel", "*.ads-twitter.com"},
		{"https://analytics.twitter.com/i/adsct?txn_id=x", Beacon, "X (Twitter) Pixel", "analytics.twitter.com/i/adsct"},
		{"https://t.co/i/adsct?txn_id=x", Beacon, "X (Twitter) Pixel", "t.co/i/adsct"},
		{"https://t.co/AbCdEf", Unknown, "", ""},
		{"https://platform.twitter.com/widgets.js", Social, "X (Twitter) widgets", "platform.twitter.com"},
		{"https://syndication.twitter.com/srv/timeline-profile/screen-name/x", Social, "X (Twitter) syndication", "syndication.twitter.com"},
		{"https://sc-static.net/scevent.min.js", Retargeting, "Snap Pixel", "*.sc-static.net"},
		{"https://tr.snapchat.com/p", Beacon, "Snap Pixel", "tr.snapchat.com"},
		{"https://www.redditstatic.com/ads/pixel.js", Retargeting, "Reddit Pixel", "*.redditstatic.com/ads/"},
		{"https://alb.reddit.com/rp.gif?ts=1&id=x", Beacon, "Reddit Pixel", "alb.reddit.com/rp.gif"},
		{"https://embed.reddit.com/r/x/comments/y", Social, "Reddit", "*.reddit.com"},

		// Ad networks.
		{"https://static.criteo.net/js/ld/ld.js", Retargeting, "Criteo", "*.criteo.net"},
		{"https://cdn.taboola.com/libtrc/unip/123/tfa.js", Retargeting, "Taboola", "*.taboola.com"},
		{"https://amplify.outbrain.com/cp/obtp.js", Retargeting, "Outbrain", "*.outbrain.com"},
		{"https://s.adroll.com/j/roundtrip.js", Retargeting, "AdRoll", "*.adroll.com"},
		{"https://secure.quantserve.com/quant.js", Retargeting, "Quantcast", "*.quantserve.com"},
		{"https://pixel.quantserve.com/pixel/p-x.gif", Beacon, "Quantcast", "pixel.quantserve.com"},
		{"https://c.amazon-adsystem.com/aax2/apstag.js", Retargeting, "Amazon Ads", "*.amazon-adsystem.com"},
		{"https://ib.adnxs.com/getuid", Retargeting, "Xandr (AppNexus)", "*.adnxs.com"},

		// Analytics.
		{"https://static.hotjar.com/c/hotjar-123.js?sv=6", Analytics, "Hotjar", "*.hotjar.com"},
		{"https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js", Analytics, "Segment", "*.segment.com"},
		{"https://api.segment.io/v1/t", Analytics, "Segment", "*.segment.io"},
		{"https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js", Analytics, "Mixpanel", "*.mxpnl.com"},
		{"https://cdn.amplitude.com/libs/analytics-browser-2.0.0-min.js.gz", Analytics, "Amplitude", "*.amplitude.com"},
		{"https://cdn.heapanalytics.com/js/heap-123.js", Analytics, "Heap", "*.heapanalytics.com"},
		{"https://edge.fullstory.com/s/fs.js", Analytics, "FullStory", "*.fullstory.com"},
		{"https://assets.adobedtm.com/launch-EN123.min.js", Analytics, "Adobe Experience Platform Tags (Launch)", "assets.adobedtm.com"},
		{"https://example.sc.omtrdc.net/b/ss/rsid/1/JS-2.0", Analytics, "Adobe Analytics", "*.omtrdc.net"},
		{"https://example.tt.omtrdc.net/rest/v1/delivery", Analytics, "Adobe Target", "*.tt.omtrdc.net"},
		{"https://dpm.demdex.net/id?d_visid_ver=1", Retargeting, "Adobe Audience Manager", "*.demdex.net"},
		{"https://cdn.matomo.cloud/example.matomo.cloud/matomo.js", Analytics, "Matomo", "*.matomo.cloud"},
		{"https://mc.yandex.ru/metrika/tag.js", Analytics, "Yandex Metrica", "mc.yandex.ru"},
		{"https://mc.yandex.ru/watch/12345678", Beacon, "Yandex Metrica", "mc.yandex.ru/watch/"},
		{"https://sb.scorecardresearch.com/beacon.js", Analytics, "comScore", "*.scorecardresearch.com"},
		{"https://sb.scorecardresearch.com/p?c1=2&c2=123&cv=2.0&cj=1", Beacon, "comScore", "*.scorecardresearch.com/p"},
		{"https://plausible.io/js/script.js", Analytics, "Plausible", "*.plausible.io"},
		{"https://cdn.optimizely.com/js/123.js", Analytics, "Optimizely", "*.optimizely.com"},
		{"https://dev.visualwebsiteoptimizer.com/j.php?a=1", Analytics, "VWO", "*.visualwebsiteoptimizer.com"},
		{"https://script.crazyegg.com/pages/scripts/0011/8371.js", Analytics, "Crazy Egg", "*.crazyegg.com"},
		{"https://cdn.mouseflow.com/projects/x.js", Analytics, "Mouseflow", "*.mouseflow.com"},
		{"https://tools.luckyorange.com/core/lo.js?site-id=x", Analytics, "Lucky Orange", "*.luckyorange.com"},
		{"https://static.cloudflareinsights.com/beacon.min.js", Analytics, "Cloudflare Web Analytics", "*.cloudflareinsights.com"},

		// Marketing automation.
		{"https://js.hs-scripts.com/123.js", Analytics, "HubSpot", "*.hs-scripts.com"},
		{"https://js.hs-analytics.net/analytics/1/123.js", Analytics, "HubSpot", "*.hs-analytics.net"},
		{"https://track.hubspot.com/__ptq.gif?a=123", Beacon, "HubSpot", "track.hubspot.com/__ptq.gif"},
		{"https://js.hsadspixel.net/fb.js", Retargeting, "HubSpot Ads", "*.hsadspixel.net"},
		{"https://js.hs-banner.com/123.js", Necessary, "HubSpot cookie banner", "*.hs-banner.com"},
		{"https://js.hsforms.net/forms/v2.js", Functional, "HubSpot Forms", "*.hsforms.net"},
		{"https://pi.pardot.com/pd.js", Analytics, "Salesforce Pardot", "*.pardot.com"},
		{"https://munchkin.marketo.net/munchkin.js", Analytics, "Marketo Munchkin", "munchkin.marketo.net"},
		{"https://app-ab12.marketo.com/js/forms2/js/forms2.min.js", Functional, "Marketo Forms", "*.marketo.com/js/forms2/"},
		{"https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=x", Analytics, "Klaviyo", "*.klaviyo.com"},
		{"https://assets-eur.mkt.dynamics.com/x/mktdplp.js", Analytics, "Microsoft Dynamics 365 Marketing", "*.mkt.dynamics.com"},

		// Embeds.
		{"https://player.vimeo.com/video/76979871", Social, "Vimeo", "player.vimeo.com"},
		{"https://player.vimeo.com/video/76979871?dnt=1", Functional, "Vimeo (do not track)", "player.vimeo.com?dnt=1"},
		{"https://player.vimeo.com/video/76979871?h=x&dnt=true", Functional, "Vimeo (do not track)", "player.vimeo.com?dnt=true"},
		{"https://player.vimeo.com/video/76979871?dnt=0", Social, "Vimeo", "player.vimeo.com"},
		{"https://player.vimeo.com/api/player.js", Social, "Vimeo", "player.vimeo.com"},
		{"https://open.spotify.com/embed/track/x", Social, "Spotify", "*.spotify.com"},
		{"https://w.soundcloud.com/player/?url=x", Social, "SoundCloud", "*.soundcloud.com"},
		{"https://s7.addthis.com/js/300/addthis_widget.js#pubid=x", Social, "AddThis", "*.addthis.com"},
		{"https://platform-api.sharethis.com/js/sharethis.js#property=x", Social, "ShareThis", "*.sharethis.com"},
		{"https://static.addtoany.com/menu/page.js", Social, "AddToAny", "*.addtoany.com"},
		{"https://example.disqus.com/embed.js", Social, "Disqus", "*.disqus.com"},

		// Chat.
		{"https://widget.intercom.io/widget/abc", Functional, "Intercom", "*.intercom.io"},
		{"https://js.driftt.com/include/1/x.js", Functional, "Drift", "*.driftt.com"},
		{"https://static.zdassets.com/ekr/snippet.js?key=x", Functional, "Zendesk", "static.zdassets.com"},
		{"https://cdn.livechatinc.com/tracking.js", Functional, "LiveChat", "*.livechatinc.com"},

		// Necessary: consent management, CAPTCHAs, payments.
		{"https://consent.cookiebot.com/uc.js", Necessary, "Cookiebot", "*.cookiebot.com"},
		{"https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", Necessary, "OneTrust", "*.cookielaw.org"},
		{"https://app.usercentrics.eu/browser-ui/latest/loader.js", Necessary, "Usercentrics", "*.usercentrics.eu"},
		{"https://sdk.privacy-center.org/loader.js", Necessary, "Didomi", "*.privacy-center.org"},
		{"https://cmp.osano.com/x/osano.js", Necessary, "Osano", "*.osano.com"},
		{"https://consent.trustarc.com/notice?domain=x", Necessary, "TrustArc", "*.trustarc.com"},
		{"https://js.hcaptcha.com/1/api.js", Necessary, "hCaptcha", "*.hcaptcha.com"},
		{"https://challenges.cloudflare.com/turnstile/v0/api.js", Necessary, "Cloudflare Turnstile", "challenges.cloudflare.com"},
		{"https://js.stripe.com/v3/", Necessary, "Stripe", "*.stripe.com"},
		{"https://www.paypal.com/sdk/js?client-id=x", Necessary, "PayPal", "*.paypal.com"},

		// Public CDNs: functional.
		{"https://cdn.jsdelivr.net/npm/bootstrap@5/dist/js/bootstrap.min.js", Functional, "jsDelivr", "*.jsdelivr.net"},
		{"https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js", Functional, "cdnjs", "cdnjs.cloudflare.com"},
		{"https://unpkg.com/react@18/umd/react.production.min.js", Functional, "unpkg", "unpkg.com"},

		// Self-hosted analytics, matched by path on any host.
		{"https://www.example.com/matomo.js", Analytics, "Matomo", "/matomo.js"},
		{"https://stats.example.com/piwik.js", Analytics, "Matomo", "/piwik.js"},
		{"https://www.example.com/analytics/matomo.js", Analytics, "Matomo", "/*/matomo.js"},
		{"https://stats.example.com/matomo.php?idsite=1&rec=1", Beacon, "Matomo", "/matomo.php"},
		{"https://www.example.com/stats/piwik.php?idsite=1&rec=1", Beacon, "Matomo", "/*/piwik.php"},
		{"https://www.example.com/a/b/matomo.js", Unknown, "", ""},
		{"https://www.example.com/js/plausible.js", Analytics, "Plausible", "/js/plausible*.js"},
		{"https://www.example.com/js/plausible.outbound-links.js", Analytics, "Plausible", "/js/plausible*.js"},
		{"https://sgtm.example.com/gtm.js?id=GTM-ABC", Analytics, "Google Tag Manager", "/gtm.js?id=GTM-"},
		{"https://sgtm.example.com/gtag/js?id=AW-1", Retargeting, "Google Ads", "/gtag/js?id=AW-"},
		{"https://sgtm.example.com/gtag/js?id=G-1", Analytics, "Google Analytics", "/gtag/js?id=G-"},
		{"https://www.example.com/gtm.js", Unknown, "", ""},

		// Nothing known.
		{"https://www.example.com/app.js", Unknown, "", ""},
		{"https://cdn.example.net/matomo.json", Unknown, "", ""},
		{"data:text/javascript,alert(1)", Unknown, "", ""},
		{"javascript:void(0)", Unknown, "", ""},
		{"ftp://www.google-analytics.com/analytics.js", Unknown, "", ""},
	} {
		d := classifyRawURL(t, c, tc.url)
		want := Decision{Purpose: tc.purpose, Vendor: tc.vendor, Rule: tc.rule, Source: sourceBuiltin}
		if tc.purpose == Unknown {
			want.Source = sourceNone
		}
		if d != want {
			t.Errorf("Test %d: %s: got %+v, want %+v", i, tc.url, d, want)
		}
	}
}

func TestClassifyURLHostNormalization(t *testing.T) {
	c := mustURLClassifier(t, []HostRule{
		{Pattern: "xn--bcher-kva.example", Purpose: Functional, Vendor: "Bücher"},
		{Pattern: "*.xn--caf-dma.example", Purpose: Social, Vendor: "Café"},
	})
	for i, tc := range []struct {
		url     string
		purpose Purpose
		rule    string
	}{
		{"https://WWW.Google-Analytics.COM/analytics.js", Analytics, "*.google-analytics.com"},
		{"https://www.google-analytics.com:443/analytics.js", Analytics, "*.google-analytics.com"},
		{"http://www.google-analytics.com:8080/g/collect", Beacon, "*.google-analytics.com/g/collect"},
		{"https://www.google-analytics.com./analytics.js", Analytics, "*.google-analytics.com"},
		{"https://www.google-analytics.com.:443/analytics.js", Analytics, "*.google-analytics.com"},
		{"https://google-analytics.com/analytics.js", Analytics, "*.google-analytics.com"},
		{"https://a.b.c.google-analytics.com/analytics.js", Analytics, "*.google-analytics.com"},
		{"https://notgoogle-analytics.com/analytics.js", Unknown, ""},
		{"https://google-analytics.com.evil.example/analytics.js", Unknown, ""},
		{"https://user:pw@www.google-analytics.com/analytics.js", Analytics, "*.google-analytics.com"},
		// An exact host does not match its subdomains.
		{"https://unpkg.com/x", Functional, "unpkg.com"},
		{"https://www.unpkg.com/x", Unknown, ""},
		{"https://xn--bcher-kva.example/", Functional, "xn--bcher-kva.example"},
		{"https://XN--BCHER-KVA.example/", Functional, "xn--bcher-kva.example"},
		{"https://www.xn--bcher-kva.example/", Unknown, ""},
		{"https://xn--caf-dma.example/", Social, "*.xn--caf-dma.example"},
		{"https://shop.xn--caf-dma.example/", Social, "*.xn--caf-dma.example"},
		// Hosts are not case-folded beyond ASCII, nor converted to punycode.
		{"https://bücher.example/", Unknown, ""},
		{"https://[::1]:8080/matomo.js", Analytics, "/matomo.js"},
		{"https://" + strings.Repeat("a.", 200) + "google-analytics.com/", Unknown, ""},
		{"https://" + strings.Repeat("a.", 200) + "google-analytics.com/matomo.js", Analytics, "/matomo.js"},
	} {
		d := classifyRawURL(t, c, tc.url)
		if d.Purpose != tc.purpose || d.Rule != tc.rule {
			t.Errorf("Test %d: %s: got %+v, want purpose %v rule %q", i, tc.url, d, tc.purpose, tc.rule)
		}
	}
}

func TestClassifyURLRelativeAndNil(t *testing.T) {
	c := mustURLClassifier(t, nil)
	if d := c.ClassifyURL(nil); d != (Decision{Purpose: Unknown, Source: sourceNone}) {
		t.Errorf("nil URL: got %+v", d)
	}
	for i, tc := range []struct {
		url     string
		purpose Purpose
	}{
		{"/matomo.js", Analytics},
		{"/js/plausible.hash.js", Analytics},
		{"matomo.js", Unknown}, // relative to an unknown base
		{"", Unknown},
		{"?id=G-1", Unknown},
	} {
		if d := classifyRawURL(t, c, tc.url); d.Purpose != tc.purpose {
			t.Errorf("Test %d: %q: got %+v, want %v", i, tc.url, d, tc.purpose)
		}
	}
	// A URL built by hand may carry an uppercase scheme.
	u := &url.URL{Scheme: "HTTPS", Host: "www.google-analytics.com", Path: "/analytics.js"}
	if d := c.ClassifyURL(u); d.Purpose != Analytics {
		t.Errorf("uppercase scheme: got %+v", d)
	}
}

func TestClassifyURLOperatorRules(t *testing.T) {
	c := mustURLClassifier(t, []HostRule{
		// Operator rules win even when a built-in rule is more specific.
		{Pattern: "*.google-analytics.com", Purpose: Necessary, Vendor: "Our analytics proxy"},
		// Within the operator's rules, the most specific wins.
		{Pattern: "*.example.com", Purpose: Functional, Vendor: "Example"},
		{Pattern: "cdn.example.com", Purpose: Analytics, Vendor: "Example CDN"},
		{Pattern: "*.cdn.example.com", Purpose: Social, Vendor: "Example CDN wildcard"},
		{Pattern: "cdn.example.com/ads/", Purpose: Retargeting, Vendor: "Example ads"},
		{Pattern: "cdn.example.com/ads/pixel.gif", Purpose: Beacon, Vendor: "Example pixel"},
		{Pattern: "cdn.example.com/ads/?kind=social", Purpose: Social, Vendor: "Example social ads"},
		{Pattern: "/tracker*", Purpose: Analytics, Vendor: "Any tracker"},
		// A pattern listed twice keeps its first listing.
		{Pattern: "*.example.com", Purpose: Retargeting, Vendor: "Listed twice"},
		// Operator path rules beat built-in host rules.
		{Pattern: "/*/fbevents.js", Purpose: Necessary, Vendor: "Overridden pixel"},
	})
	for i, tc := range []struct {
		url     string
		purpose Purpose
		vendor  string
		rule    string
		source  string
	}{
		{"https://www.google-analytics.com/g/collect", Necessary, "Our analytics proxy", "*.google-analytics.com", sourceOperator},
		{"https://www.example.com/", Functional, "Example", "*.example.com", sourceOperator},
		{"https://example.com/", Functional, "Example", "*.example.com", sourceOperator},
		{"https://cdn.example.com/app.js", Analytics, "Example CDN", "cdn.example.com", sourceOperator},
		{"https://eu.cdn.example.com/app.js", Social, "Example CDN wildcard", "*.cdn.example.com", sourceOperator},
		{"https://cdn.example.com/ads/x.js", Retargeting, "Example ads", "cdn.example.com/ads/", sourceOperator},
		{"https://cdn.example.com/ads", Analytics, "Example CDN", "cdn.example.com", sourceOperator},
		{"https://cdn.example.com/ads/pixel.gif?x=1", Beacon, "Example pixel", "cdn.example.com/ads/pixel.gif", sourceOperator},
		{"https://cdn.example.com/ads/x.js?kind=Social", Social, "Example social ads", "cdn.example.com/ads/?kind=social", sourceOperator},
		{"https://other.test/tracker-v2.js", Analytics, "Any tracker", "/tracker*", sourceOperator},
		{"https://www.example.com/tracker.js", Functional, "Example", "*.example.com", sourceOperator},
		{"https://connect.facebook.net/en_US/fbevents.js", Necessary, "Overridden pixel", "/*/fbevents.js", sourceOperator},
		{"https://connect.facebook.net/en_US/sdk.js", Social, "Facebook SDK", "connect.facebook.net/*/sdk.js", sourceBuiltin},
	} {
		d := classifyRawURL(t, c, tc.url)
		want := Decision{Purpose: tc.purpose, Vendor: tc.vendor, Rule: tc.rule, Source: tc.source}
		if d != want {
			t.Errorf("Test %d: %s: got %+v, want %+v", i, tc.url, d, want)
		}
	}
}

func TestClassifyURLSpecificity(t *testing.T) {
	// Built from the built-in table alone: the same host with several
	// paths and queries, and nested hosts.
	c := mustURLClassifier(t, nil)
	for i, tc := range []struct {
		url  string
		rule string
	}{
		{"https://www.googletagmanager.com/", "*.googletagmanager.com"},
		{"https://www.googletagmanager.com/gtag/js?id=AW-1", "*.googletagmanager.com/gtag/js?id=AW-"},
		{"https://www.googletagmanager.com/gtag/jsx?id=AW-1", "*.googletagmanager.com"},
		{"https://www.googletagmanager.com/gtag/js/x?id=AW-1", "*.googletagmanager.com/gtag/js?id=AW-"},
		{"https://stats.g.doubleclick.net/x", "stats.g.doubleclick.net"},
		{"https://securepubads.g.doubleclick.net/x", "securepubads.g.doubleclick.net"},
		{"https://g.doubleclick.net/x", "*.doubleclick.net"},
		{"https://abc.tt.omtrdc.net/x", "*.tt.omtrdc.net"},
		{"https://abc.sc.omtrdc.net/x", "*.omtrdc.net"},
		{"https://px.ads.linkedin.com/collect", "px.ads.linkedin.com/collect"},
		{"https://px.ads.linkedin.com/collector", "*.ads.linkedin.com"},
		{"https://www.linkedin.com/collect", "*.linkedin.com"},
	} {
		if d := classifyRawURL(t, c, tc.url); d.Rule != tc.rule {
			t.Errorf("Test %d: %s: got rule %q (%+v), want %q", i, tc.url, d.Rule, d, tc.rule)
		}
	}
}

func TestParseHostPattern(t *testing.T) {
	for i, tc := range []struct {
		pattern string
		errHas  string // "" when valid
	}{
		{"example.com", ""},
		{"*.example.com", ""},
		{"Example.COM", ""},
		{"example.com.", ""},
		{"cdn.example.com/js/", ""},
		{"connect.facebook.net/*/fbevents.js", ""},
		{"/matomo.js", ""},
		{"/js/plausible*.js", ""},
		{"www.googletagmanager.com/gtag/js?id=G-", ""},
		{"player.vimeo.com?dnt=1", ""},
		{"example.com?debug=", ""},
		{"xn--bcher-kva.example", ""},
		{"192.0.2.1/x", ""},
		{"", "empty"},
		{"https://example.com/x", "scheme"},
		{"//example.com/x", "//"},
		{"example .com", "whitespace"},
		{" example.com", "whitespace"},
		{"example.com/a b", "whitespace"},
		{"*", "every site"},
		{"*.", "every site"},
		{"ex*ample.com", "'*' may only begin a host"},
		{"a.*.example.com", "'*' may only begin a host"},
		{"*example.com", "'*' may only begin a host"},
		{"**.example.com", "'*' may only begin a host"},
		{"example.*", "'*' may only begin a host"},
		{"example.com:8080", "port"},
		{"[::1]/x", "IPv6"},
		{"user@example.com", "user information"},
		{"example..com", "empty label"},
		{".example.com", "empty label"},
		{"bücher.example", "punycode"},
		{"exa$mple.com", "cannot appear in a host"},
		{"example.com/a//b", "empty segment"},
		{"example.com/a/../b", "segment"},
		{"example.com/a**b", "more than one"},
		{"example.com/x#frag", "fragment"},
		{"example.com?", "ends with '?'"},
		{"example.com?id", "?id="},
		{"example.com?=x", "no parameter name"},
		{"example.com?a=1&b=2", "only one query condition"},
		{"example.com?a=x*", "literal prefix"},
		{"example.com\\x", "backslash"},
		{strings.Repeat("a", 64) + ".com", "longer than 63"},
		{strings.Repeat("abcdefgh.", 30) + "com", "longer than 253"},
		{strings.Repeat("a", maxHostPatternLen+1), "limit"},
	} {
		err := ParseHostPattern(tc.pattern)
		switch {
		case tc.errHas == "" && err != nil:
			t.Errorf("Test %d: %q: unexpected error: %v", i, tc.pattern, err)
		case tc.errHas != "" && err == nil:
			t.Errorf("Test %d: %q: expected an error containing %q", i, tc.pattern, tc.errHas)
		case tc.errHas != "" && !strings.Contains(err.Error(), tc.errHas):
			t.Errorf("Test %d: %q: error %q does not contain %q", i, tc.pattern, err, tc.errHas)
		}
	}
}

func TestNewURLClassifierErrors(t *testing.T) {
	if _, err := NewURLClassifier([]HostRule{{Pattern: "ok.example", Purpose: Analytics}, {Pattern: "https://bad.example", Purpose: Analytics}}); err == nil || !strings.Contains(err.Error(), "operator URL rule 2") {
		t.Errorf("invalid pattern: got %v, want an error naming operator URL rule 2", err)
	}
	if _, err := NewURLClassifier([]HostRule{{Pattern: "ok.example", Purpose: Social + 1}}); err == nil || !strings.Contains(err.Error(), "invalid purpose") {
		t.Errorf("invalid purpose: got %v", err)
	}
}

func TestBuiltinHostRules(t *testing.T) {
	rules := BuiltinHostRules()
	seen := make(map[string]bool)
	vendors := make(map[string]bool)
	for i, r := range rules {
		if err := ParseHostPattern(r.Pattern); err != nil {
			t.Errorf("rule %d: %v", i, err)
		}
		if seen[r.Pattern] {
			t.Errorf("rule %d: pattern %q listed twice", i, r.Pattern)
		}
		seen[r.Pattern] = true
		if r.Vendor == "" {
			t.Errorf("rule %d (%q): no vendor", i, r.Pattern)
		}
		if r.Purpose == Unknown || r.Purpose > Social {
			t.Errorf("rule %d (%q): purpose %v", i, r.Pattern, r.Purpose)
		}
		if r.Pattern != strings.ToLower(r.Pattern) && !strings.Contains(r.Pattern, "?") {
			t.Errorf("rule %d (%q): write built-in patterns in lowercase", i, r.Pattern)
		}
		vendors[r.Vendor] = true
	}
	if len(rules) < 150 {
		t.Errorf("%d built-in URL rules, want at least 150", len(rules))
	}
	if len(vendors) < 70 {
		t.Errorf("%d built-in URL vendors, want at least 70", len(vendors))
	}
	c := mustURLClassifier(t, nil)
	if c.RuleCount() != len(rules) || c.VendorCount() != len(vendors) {
		t.Errorf("RuleCount %d VendorCount %d, want %d and %d", c.RuleCount(), c.VendorCount(), len(rules), len(vendors))
	}
	// BuiltinHostRules returns a copy.
	rules[0].Purpose = Necessary
	if BuiltinHostRules()[0].Purpose == Necessary && rules[0].Pattern == "*.googletagmanager.com" {
		t.Errorf("BuiltinHostRules shares its backing array with callers")
	}
	// Every built-in rule is reachable: a URL built from its own pattern
	// is decided by it, so no rule is shadowed by another.
	for i, r := range rules {
		u := exampleURLFor(r.Pattern)
		d := c.ClassifyURL(u)
		if d.Source != sourceBuiltin {
			t.Errorf("rule %d (%q): example %s is not classified: %+v", i, r.Pattern, u, d)
		}
		if d.Rule != r.Pattern {
			t.Errorf("rule %d (%q): example %s decided by %q", i, r.Pattern, u, d.Rule)
		}
	}
}

// patternHost returns the host part of a pattern.
func patternHost(p string) string {
	if i := strings.IndexAny(p, "/?"); i >= 0 {
		return p[:i]
	}
	return p
}

// exampleURLFor builds a URL that pattern matches.
func exampleURLFor(pattern string) *url.URL {
	host, rest := patternHost(pattern), pattern[len(patternHost(pattern)):]
	host = strings.TrimPrefix(host, "*.")
	if host == "" {
		host = "www.example.org"
	}
	path, query, _ := strings.Cut(rest, "?")
	if dec, err := url.PathUnescape(path); err == nil {
		path = dec
	}
	path = strings.ReplaceAll(path, "*", "x")
	if strings.HasSuffix(path, "/") {
		path += "x"
	}
	if query != "" {
		query += "1"
	}
	return &url.URL{Scheme: "https", Host: host, Path: path, RawQuery: query}
}

func TestHasDecodedPrefixFold(t *testing.T) {
	for i, tc := range []struct {
		raw, prefix string
		want        bool
	}{
		{"G-123", "g-", true},
		{"g-123", "g-", true},
		{"%47%2D123", "g-", true},
		{"%4", "g", false},
		{"%zz", "%z", true},
		{"a+b", "a b", true},
		{"", "", true},
		{"x", "", true},
		{"G", "g-", false},
		{"AW-1", "g-", false},
	} {
		if got := hasDecodedPrefixFold(tc.raw, tc.prefix); got != tc.want {
			t.Errorf("Test %d: hasDecodedPrefixFold(%q, %q) = %v, want %v", i, tc.raw, tc.prefix, got, tc.want)
		}
	}
}

func TestClassifyURLDoesNotAllocate(t *testing.T) {
	c := mustURLClassifier(t, []HostRule{{Pattern: "*.example.com/x/", Purpose: Analytics, Vendor: "X"}})
	var urls []*url.URL
	for _, raw := range []string{
		"https://www.googletagmanager.com/gtag/js?id=AW-123",
		"https://WWW.FACEBOOK.COM./tr?id=1",
		"https://deep.sub.domain.unknown.example.net/some/long/path.js",
		"https://www.example.com/x/y",
		"/matomo.js",
	} {
		u, _ := url.Parse(raw)
		urls = append(urls, u)
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, u := range urls {
			c.ClassifyURL(u)
		}
	})
	if allocs != 0 {
		t.Errorf("ClassifyURL allocates %.1f times per 5 URLs, want 0", allocs)
	}
}

func BenchmarkClassifyURL(b *testing.B) {
	c := mustURLClassifier(b, nil)
	for _, raw := range []string{
		"https://www.googletagmanager.com/gtag/js?id=G-ABC123",
		"https://connect.facebook.net/en_US/fbevents.js",
		"https://Static.Example-Shop.COM:8443/assets/js/app.3f2a1b.js?v=12",
		"https://www.example.com/matomo.js",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(u.Host+u.Path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.ClassifyURL(u)
			}
		})
	}
}
