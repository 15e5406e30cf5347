package classify

import (
	"net/url"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
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
		purpose purpose.Purpose
		vendor  string
		rule    string
	}{
		// Google tag: the purpose depends on the tag id in the query.
		{"https://www.googletagmanager.com/gtag/js?id=G-ABC123", purpose.Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=G-"},
		{"https://www.googletagmanager.com/gtag/js?l=dataLayer&id=G-ABC123", purpose.Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=G-"},
		{"https://www.googletagmanager.com/gtag/js?id=g-abc123", purpose.Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=G-"},
		{"https://www.googletagmanager.com/gtag/js?id=AW-123456789", purpose.Retargeting, "Google Ads", "*.googletagmanager.com/gtag/js?id=AW-"},
		{"https://www.googletagmanager.com/gtag/js?id=AW%2D123456789", purpose.Retargeting, "Google Ads", "*.googletagmanager.com/gtag/js?id=AW-"},
		{"https://www.googletagmanager.com/gtag/js?id=DC-1234567", purpose.Retargeting, "Google Campaign Manager 360", "*.googletagmanager.com/gtag/js?id=DC-"},
		{"https://www.googletagmanager.com/gtag/js?id=GT-ABCDEF", purpose.Retargeting, "Google tag", "*.googletagmanager.com/gtag/js?id=GT-"},
		{"https://www.googletagmanager.com/gtag/js?id=UA-1234-1", purpose.Analytics, "Google Analytics", "*.googletagmanager.com/gtag/js?id=UA-"},
		{"https://www.googletagmanager.com/gtag/js", purpose.Analytics, "Google tag", "*.googletagmanager.com/gtag/js"},
		{"https://www.googletagmanager.com/gtag/js?id=XX-1", purpose.Analytics, "Google tag", "*.googletagmanager.com/gtag/js"},
		{"https://www.googletagmanager.com/gtag/js?idx=AW-1", purpose.Analytics, "Google tag", "*.googletagmanager.com/gtag/js"},
		{"https://www.googletagmanager.com/gtag/destination?id=AW-1", purpose.Retargeting, "Google Ads", "*.googletagmanager.com/gtag/destination?id=AW-"},
		{"https://www.googletagmanager.com/gtm.js?id=GTM-ABCD", purpose.Analytics, "Google Tag Manager", "*.googletagmanager.com/gtm.js"},
		{"https://www.googletagmanager.com/ns.html?id=GTM-ABCD", purpose.Analytics, "Google Tag Manager", "*.googletagmanager.com/ns.html"},
		{"https://googletagmanager.com/gtag/js?id=AW-1", purpose.Retargeting, "Google Ads", "*.googletagmanager.com/gtag/js?id=AW-"},

		// Google Analytics: script vs measurement pixel.
		{"https://www.google-analytics.com/analytics.js", purpose.Analytics, "Google Analytics", "*.google-analytics.com"},
		{"https://www.google-analytics.com/collect?v=1&tid=UA-1", purpose.Beacon, "Google Analytics", "*.google-analytics.com/collect"},
		{"https://www.google-analytics.com/g/collect?v=2&tid=G-1", purpose.Beacon, "Google Analytics", "*.google-analytics.com/g/collect"},
		{"https://region1.analytics.google.com/g/collect?v=2", purpose.Beacon, "Google Analytics", "*.analytics.google.com/g/collect"},
		{"https://stats.g.doubleclick.net/j/collect", purpose.Retargeting, "Google Analytics advertising features", "stats.g.doubleclick.net"},

		// Google's ad network.
		{"https://securepubads.g.doubleclick.net/tag/js/gpt.js", purpose.Retargeting, "Google Ad Manager", "securepubads.g.doubleclick.net"},
		{"https://ad.doubleclick.net/ddm/trackclk/N1.123", purpose.Retargeting, "Google DoubleClick", "*.doubleclick.net"},
		{"https://ad.doubleclick.net/activity;src=123;type=sale;cat=x;ord=1", purpose.Beacon, "Google Campaign Manager 360", "*.doubleclick.net/activity*"},
		{"https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/?guid=ON", purpose.Beacon, "Google Ads", "*.doubleclick.net/pagead/viewthroughconversion/"},
		{"https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-1", purpose.Retargeting, "Google AdSense", "*.googlesyndication.com"},
		{"https://www.googletagservices.com/tag/js/gpt.js", purpose.Retargeting, "Google Ad Manager", "*.googletagservices.com"},
		{"https://www.googleadservices.com/pagead/conversion.js", purpose.Retargeting, "Google Ads", "*.googleadservices.com"},
		{"https://www.googleadservices.com/pagead/conversion/123/?label=x", purpose.Beacon, "Google Ads", "*.googleadservices.com/pagead/conversion/"},
		{"https://adservice.google.com/ddm/fls/z/src=1", purpose.Retargeting, "Google Ads", "adservice.google.com"},
		{"https://adservice.google.de/adsid/integrator.js", purpose.Retargeting, "Google Ads", "adservice.google.de"},
		{"https://www.google.com/pagead/1p-user-list/123/?random=1", purpose.Retargeting, "Google Ads", "*.google.com/pagead/"},
		{"https://www.google.com/ads/ga-audiences?v=1", purpose.Retargeting, "Google Analytics advertising features", "*.google.com/ads/"},

		// Google services and infrastructure: necessary and functional.
		{"https://www.google.com/recaptcha/api.js", purpose.Necessary, "Google reCAPTCHA", "*.google.com/recaptcha/"},
		{"https://www.gstatic.com/recaptcha/releases/abc/recaptcha__en.js", purpose.Necessary, "Google reCAPTCHA", "*.gstatic.com/recaptcha/"},
		{"https://www.recaptcha.net/recaptcha/api.js", purpose.Necessary, "Google reCAPTCHA", "*.recaptcha.net"},
		{"https://accounts.google.com/gsi/client", purpose.Necessary, "Google Identity Services", "accounts.google.com/gsi/"},
		{"https://fonts.googleapis.com/css2?family=Inter", purpose.Necessary, "Google Fonts", "fonts.googleapis.com"},
		{"https://fonts.gstatic.com/s/inter/v12/a.woff2", purpose.Necessary, "Google Fonts", "fonts.gstatic.com"},
		{"https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js", purpose.Necessary, "Google Hosted Libraries", "ajax.googleapis.com"},
		{"https://www.gstatic.com/charts/loader.js", purpose.Necessary, "Google Charts", "*.gstatic.com/charts/"},
		{"https://storage.googleapis.com/my-bucket/hero.webp", purpose.Necessary, "Google Cloud Storage", "*.storage.googleapis.com"},
		{"https://my-bucket.storage.googleapis.com/hero.webp", purpose.Necessary, "Google Cloud Storage", "*.storage.googleapis.com"},
		{"https://pay.google.com/gp/p/js/pay.js", purpose.Necessary, "Google Pay", "pay.google.com"},
		{"https://example-app.web.app/app.js", purpose.Necessary, "Google Firebase Hosting", "*.web.app"},
		{"https://www.google.com/maps/embed?pb=!1m18", purpose.Functional, "Google Maps", "*.google.com/maps/embed"},
		{"https://maps.googleapis.com/maps/api/js?key=x", purpose.Functional, "Google Maps", "maps.googleapis.com"},
		{"https://fundingchoicesmessages.google.com/i/pub-1?ers=1", purpose.Necessary, "Google Funding Choices", "fundingchoicesmessages.google.com"},

		// YouTube.
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", purpose.Social, "YouTube", "*.youtube.com"},
		{"https://www.youtube.com/iframe_api", purpose.Social, "YouTube", "*.youtube.com"},
		{"https://i.ytimg.com/vi/x/hqdefault.jpg", purpose.Social, "YouTube", "*.ytimg.com"},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", purpose.Functional, "YouTube (privacy-enhanced mode)", "*.youtube-nocookie.com"},

		// Meta: pixel vs social plugins.
		{"https://www.facebook.com/tr?id=123&ev=PageView&noscript=1", purpose.Beacon, "Meta Pixel", "*.facebook.com/tr"},
		{"https://www.facebook.com/tr/?id=123", purpose.Beacon, "Meta Pixel", "*.facebook.com/tr"},
		{"https://www.facebook.com/plugins/like.php?href=x", purpose.Social, "Facebook social plugins", "*.facebook.com/plugins/"},
		{"https://www.facebook.com/v18.0/plugins/page.php?href=x", purpose.Social, "Facebook social plugins", "*.facebook.com/*/plugins/"},
		{"https://www.facebook.com/trending", purpose.Social, "Facebook", "*.facebook.com"},
		{"https://connect.facebook.net/en_US/fbevents.js", purpose.Retargeting, "Meta Pixel", "connect.facebook.net/*/fbevents.js"},
		{"https://connect.facebook.net/signals/config/123?v=2.9", purpose.Retargeting, "Meta Pixel", "connect.facebook.net/signals/"},
		{"https://connect.facebook.net/en_US/sdk.js#xfbml=1&version=v18.0", purpose.Social, "Facebook SDK", "connect.facebook.net/*/sdk.js"},
		{"https://connect.facebook.net/en_US/sdk/xfbml.customerchat.js", purpose.Social, "Facebook SDK", "connect.facebook.net/*/sdk/"},
		{"https://www.instagram.com/embed.js", purpose.Social, "Instagram", "*.instagram.com"},

		// LinkedIn.
		{"https://snap.licdn.com/li.lms-analytics/insight.min.js", purpose.Retargeting, "LinkedIn Insight Tag", "snap.licdn.com/li.lms-analytics/"},
		{"https://px.ads.linkedin.com/collect/?pid=123&fmt=gif", purpose.Beacon, "LinkedIn Insight Tag", "px.ads.linkedin.com/collect"},
		{"https://px.ads.linkedin.com/attribution_trigger?pid=1", purpose.Retargeting, "LinkedIn Insight Tag", "*.ads.linkedin.com"},
		{"https://platform.linkedin.com/in.js", purpose.Social, "LinkedIn widgets", "platform.linkedin.com"},
		{"https://www.linkedin.com/embed/feed/update/urn:li:share:1", purpose.Social, "LinkedIn", "*.linkedin.com"},

		// Microsoft.
		{"https://bat.bing.com/bat.js", purpose.Retargeting, "Microsoft Advertising UET", "bat.bing.com"},
		{"https://bat.bing.com/action/0?ti=123&Ver=2", purpose.Beacon, "Microsoft Advertising UET", "bat.bing.com/action"},
		{"https://www.clarity.ms/tag/abcdef", purpose.Analytics, "Microsoft Clarity", "*.clarity.ms"},

		// TikTok, Pinterest, X, Snap, Reddit.
		{"https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=X", purpose.Retargeting, "TikTok Pixel", "analytics.tiktok.com"},
		{"https://www.tiktok.com/embed.js", purpose.Social, "TikTok", "*.tiktok.com"},
		{"https://s.pinimg.com/ct/core.js", purpose.Retargeting, "Pinterest Tag", "s.pinimg.com/ct/"},
		{"https://ct.pinterest.com/v3/?tid=123&noscript=1", purpose.Beacon, "Pinterest Tag", "ct.pinterest.com/v3"},
		{"https://ct.pinterest.com/user/?tid=1", purpose.Retargeting, "Pinterest Tag", "ct.pinterest.com"},
		{"https://assets.pinterest.com/js/pinit.js", purpose.Social, "Pinterest widgets", "assets.pinterest.com"},
		{"https://static.ads-twitter.com/uwt.js", purpose.Retargeting, "X (Twitter) Pixel", "*.ads-twitter.com"},
		{"https://analytics.twitter.com/i/adsct?txn_id=x", purpose.Beacon, "X (Twitter) Pixel", "analytics.twitter.com/i/adsct"},
		{"https://t.co/i/adsct?txn_id=x", purpose.Beacon, "X (Twitter) Pixel", "t.co/i/adsct"},
		{"https://t.co/AbCdEf", purpose.Unknown, "", ""},
		{"https://platform.twitter.com/widgets.js", purpose.Social, "X (Twitter) widgets", "platform.twitter.com"},
		{"https://syndication.twitter.com/srv/timeline-profile/screen-name/x", purpose.Social, "X (Twitter) syndication", "syndication.twitter.com"},
		{"https://sc-static.net/scevent.min.js", purpose.Retargeting, "Snap Pixel", "*.sc-static.net"},
		{"https://tr.snapchat.com/p", purpose.Beacon, "Snap Pixel", "tr.snapchat.com"},
		{"https://www.redditstatic.com/ads/pixel.js", purpose.Retargeting, "Reddit Pixel", "*.redditstatic.com/ads/"},
		{"https://alb.reddit.com/rp.gif?ts=1&id=x", purpose.Beacon, "Reddit Pixel", "alb.reddit.com/rp.gif"},
		{"https://embed.reddit.com/r/x/comments/y", purpose.Social, "Reddit", "*.reddit.com"},

		// Ad networks.
		{"https://static.criteo.net/js/ld/ld.js", purpose.Retargeting, "Criteo", "*.criteo.net"},
		{"https://cdn.taboola.com/libtrc/unip/123/tfa.js", purpose.Retargeting, "Taboola", "*.taboola.com"},
		{"https://amplify.outbrain.com/cp/obtp.js", purpose.Retargeting, "Outbrain", "*.outbrain.com"},
		{"https://s.adroll.com/j/roundtrip.js", purpose.Retargeting, "AdRoll", "*.adroll.com"},
		{"https://secure.quantserve.com/quant.js", purpose.Retargeting, "Quantcast", "*.quantserve.com"},
		{"https://pixel.quantserve.com/pixel/p-x.gif", purpose.Beacon, "Quantcast", "pixel.quantserve.com"},
		{"https://c.amazon-adsystem.com/aax2/apstag.js", purpose.Retargeting, "Amazon Ads", "*.amazon-adsystem.com"},
		{"https://ib.adnxs.com/getuid", purpose.Retargeting, "Xandr (AppNexus)", "*.adnxs.com"},

		// Analytics.
		{"https://static.hotjar.com/c/hotjar-123.js?sv=6", purpose.Analytics, "Hotjar", "*.hotjar.com"},
		{"https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js", purpose.Analytics, "Segment", "*.segment.com"},
		{"https://api.segment.io/v1/t", purpose.Analytics, "Segment", "*.segment.io"},
		{"https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js", purpose.Analytics, "Mixpanel", "*.mxpnl.com"},
		{"https://cdn.amplitude.com/libs/analytics-browser-2.0.0-min.js.gz", purpose.Analytics, "Amplitude", "*.amplitude.com"},
		{"https://cdn.heapanalytics.com/js/heap-123.js", purpose.Analytics, "Heap", "*.heapanalytics.com"},
		{"https://edge.fullstory.com/s/fs.js", purpose.Analytics, "FullStory", "*.fullstory.com"},
		{"https://assets.adobedtm.com/launch-EN123.min.js", purpose.Analytics, "Adobe Experience Platform Tags (Launch)", "assets.adobedtm.com"},
		{"https://example.sc.omtrdc.net/b/ss/rsid/1/JS-2.0", purpose.Analytics, "Adobe Analytics", "*.omtrdc.net"},
		{"https://example.tt.omtrdc.net/rest/v1/delivery", purpose.Analytics, "Adobe Target", "*.tt.omtrdc.net"},
		{"https://dpm.demdex.net/id?d_visid_ver=1", purpose.Retargeting, "Adobe Audience Manager", "*.demdex.net"},
		{"https://cdn.matomo.cloud/example.matomo.cloud/matomo.js", purpose.Analytics, "Matomo", "*.matomo.cloud"},
		{"https://mc.yandex.ru/metrika/tag.js", purpose.Analytics, "Yandex Metrica", "mc.yandex.ru"},
		{"https://mc.yandex.ru/watch/12345678", purpose.Beacon, "Yandex Metrica", "mc.yandex.ru/watch/"},
		{"https://sb.scorecardresearch.com/beacon.js", purpose.Analytics, "comScore", "*.scorecardresearch.com"},
		{"https://sb.scorecardresearch.com/p?c1=2&c2=123&cv=2.0&cj=1", purpose.Beacon, "comScore", "*.scorecardresearch.com/p"},
		{"https://plausible.io/js/script.js", purpose.Analytics, "Plausible", "*.plausible.io"},
		{"https://cdn.optimizely.com/js/123.js", purpose.Analytics, "Optimizely", "*.optimizely.com"},
		{"https://dev.visualwebsiteoptimizer.com/j.php?a=1", purpose.Analytics, "VWO", "*.visualwebsiteoptimizer.com"},
		{"https://script.crazyegg.com/pages/scripts/0011/8371.js", purpose.Analytics, "Crazy Egg", "*.crazyegg.com"},
		{"https://cdn.mouseflow.com/projects/x.js", purpose.Analytics, "Mouseflow", "*.mouseflow.com"},
		{"https://tools.luckyorange.com/core/lo.js?site-id=x", purpose.Analytics, "Lucky Orange", "*.luckyorange.com"},
		{"https://static.cloudflareinsights.com/beacon.min.js", purpose.Analytics, "Cloudflare Web Analytics", "*.cloudflareinsights.com"},

		// Marketing automation.
		{"https://js.hs-scripts.com/123.js", purpose.Analytics, "HubSpot", "*.hs-scripts.com"},
		{"https://js.hs-analytics.net/analytics/1/123.js", purpose.Analytics, "HubSpot", "*.hs-analytics.net"},
		{"https://track.hubspot.com/__ptq.gif?a=123", purpose.Beacon, "HubSpot", "track.hubspot.com/__ptq.gif"},
		{"https://js.hsadspixel.net/fb.js", purpose.Retargeting, "HubSpot Ads", "*.hsadspixel.net"},
		{"https://js.hs-banner.com/123.js", purpose.Necessary, "HubSpot cookie banner", "*.hs-banner.com"},
		{"https://js.hsforms.net/forms/v2.js", purpose.Functional, "HubSpot Forms", "*.hsforms.net"},
		{"https://pi.pardot.com/pd.js", purpose.Analytics, "Salesforce Pardot", "*.pardot.com"},
		{"https://munchkin.marketo.net/munchkin.js", purpose.Analytics, "Marketo Munchkin", "munchkin.marketo.net"},
		{"https://app-ab12.marketo.com/js/forms2/js/forms2.min.js", purpose.Functional, "Marketo Forms", "*.marketo.com/js/forms2/"},
		{"https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=x", purpose.Analytics, "Klaviyo", "*.klaviyo.com"},
		{"https://assets-eur.mkt.dynamics.com/x/mktdplp.js", purpose.Analytics, "Microsoft Dynamics 365 Marketing", "*.mkt.dynamics.com"},

		// Embeds.
		{"https://player.vimeo.com/video/76979871", purpose.Social, "Vimeo", "player.vimeo.com"},
		{"https://player.vimeo.com/video/76979871?dnt=1", purpose.Functional, "Vimeo (do not track)", "player.vimeo.com?dnt=1"},
		{"https://player.vimeo.com/video/76979871?h=x&dnt=true", purpose.Functional, "Vimeo (do not track)", "player.vimeo.com?dnt=true"},
		{"https://player.vimeo.com/video/76979871?dnt=0", purpose.Social, "Vimeo", "player.vimeo.com"},
		{"https://player.vimeo.com/api/player.js", purpose.Social, "Vimeo", "player.vimeo.com"},
		{"https://open.spotify.com/embed/track/x", purpose.Social, "Spotify", "*.spotify.com"},
		{"https://w.soundcloud.com/player/?url=x", purpose.Social, "SoundCloud", "*.soundcloud.com"},
		{"https://s7.addthis.com/js/300/addthis_widget.js#pubid=x", purpose.Social, "AddThis", "*.addthis.com"},
		{"https://platform-api.sharethis.com/js/sharethis.js#property=x", purpose.Social, "ShareThis", "*.sharethis.com"},
		{"https://static.addtoany.com/menu/page.js", purpose.Social, "AddToAny", "*.addtoany.com"},
		{"https://example.disqus.com/embed.js", purpose.Social, "Disqus", "*.disqus.com"},

		// Chat.
		{"https://widget.intercom.io/widget/abc", purpose.Functional, "Intercom", "*.intercom.io"},
		{"https://js.driftt.com/include/1/x.js", purpose.Functional, "Drift", "*.driftt.com"},
		{"https://static.zdassets.com/ekr/snippet.js?key=x", purpose.Functional, "Zendesk", "static.zdassets.com"},
		{"https://cdn.livechatinc.com/tracking.js", purpose.Functional, "LiveChat", "*.livechatinc.com"},

		// Necessary: consent management, CAPTCHAs, payments.
		{"https://consent.cookiebot.com/uc.js", purpose.Necessary, "Cookiebot", "*.cookiebot.com"},
		{"https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", purpose.Necessary, "OneTrust", "*.cookielaw.org"},
		{"https://app.usercentrics.eu/browser-ui/latest/loader.js", purpose.Necessary, "Usercentrics", "*.usercentrics.eu"},
		{"https://sdk.privacy-center.org/loader.js", purpose.Necessary, "Didomi", "*.privacy-center.org"},
		{"https://cmp.osano.com/x/osano.js", purpose.Necessary, "Osano", "*.osano.com"},
		{"https://consent.trustarc.com/notice?domain=x", purpose.Necessary, "TrustArc", "*.trustarc.com"},
		{"https://js.hcaptcha.com/1/api.js", purpose.Necessary, "hCaptcha", "*.hcaptcha.com"},
		{"https://challenges.cloudflare.com/turnstile/v0/api.js", purpose.Necessary, "Cloudflare Turnstile", "challenges.cloudflare.com"},
		{"https://js.stripe.com/v3/", purpose.Necessary, "Stripe", "*.stripe.com"},
		{"https://www.paypal.com/sdk/js?client-id=x", purpose.Necessary, "PayPal", "*.paypal.com"},

		{"https://checkout.razorpay.com/v1/checkout.js", purpose.Necessary, "Razorpay", "*.razorpay.com"},
		{"https://applepay.cdn-apple.com/jsapi/v1/apple-pay-sdk.js", purpose.Necessary, "Apple Pay", "applepay.cdn-apple.com"},
		{"https://js.braintreegateway.com/web/3.97.2/js/client.min.js", purpose.Necessary, "Braintree", "*.braintreegateway.com"},
		// PayPal's marketing tag is not payment.
		{"https://www.paypal.com/tagmanager/pptm.js?id=x", purpose.Analytics, "PayPal", "*.paypal.com/tagmanager/"},

		// Infrastructure: public CDNs, fonts, hosting and storage are
		// necessary; the trackers among them are narrower rows.
		{"https://cdn.jsdelivr.net/npm/bootstrap@5/dist/js/bootstrap.min.js", purpose.Necessary, "jsDelivr", "*.jsdelivr.net"},
		{"https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js", purpose.Necessary, "cdnjs", "cdnjs.cloudflare.com"},
		{"https://unpkg.com/react@18/umd/react.production.min.js", purpose.Necessary, "unpkg", "unpkg.com"},
		{"https://code.jquery.com/jquery-3.7.1.min.js", purpose.Necessary, "jQuery CDN", "code.jquery.com"},
		{"https://stackpath.bootstrapcdn.com/bootstrap/4.5.2/css/bootstrap.min.css", purpose.Necessary, "BootstrapCDN", "*.bootstrapcdn.com"},
		{"https://kit.fontawesome.com/abc123.js", purpose.Necessary, "Font Awesome", "*.fontawesome.com"},
		{"https://ajax.aspnetcdn.com/ajax/jQuery/jquery-3.7.0.min.js", purpose.Necessary, "Microsoft Ajax CDN", "*.aspnetcdn.com"},
		{"https://esm.sh/preact@10", purpose.Necessary, "esm.sh", "esm.sh"},
		{"https://use.typekit.net/abc1def.css", purpose.Necessary, "Adobe Fonts", "*.typekit.net"},
		{"https://p.typekit.net/p.css?s=1&k=abc1def", purpose.Beacon, "Adobe Fonts", "p.typekit.net"},
		{"https://d111111abcdef8.cloudfront.net/img/logo.png", purpose.Necessary, "Amazon CloudFront", "*.cloudfront.net"},
		{"https://my-bucket.s3.amazonaws.com/app.js", purpose.Necessary, "Amazon S3", "*.s3.amazonaws.com"},
		{"https://s3.amazonaws.com/my-bucket/app.js", purpose.Necessary, "Amazon S3", "*.s3.amazonaws.com"},
		{"https://my-bucket.s3.eu-central-1.amazonaws.com/app.js", purpose.Necessary, "Amazon S3", "*.s3.eu-central-1.amazonaws.com"},
		{"https://s3.eu-central-1.amazonaws.com/my-bucket/app.js", purpose.Necessary, "Amazon S3", "*.s3.eu-central-1.amazonaws.com"},
		{"https://my-bucket.s3-eu-west-1.amazonaws.com/app.js", purpose.Necessary, "Amazon S3", "*.s3-eu-west-1.amazonaws.com"},
		{"https://ec2-203-0-113-1.compute-1.amazonaws.com/app.js", purpose.Unknown, "", ""},
		{"https://account.blob.core.windows.net/assets/app.js", purpose.Necessary, "Azure Storage", "*.blob.core.windows.net"},
		{"https://example.azureedge.net/app.js", purpose.Necessary, "Azure CDN", "*.azureedge.net"},
		{"https://example.global.ssl.fastly.net/app.js", purpose.Necessary, "Fastly", "*.fastly.net"},
		{"https://example.github.io/lib.js", purpose.Necessary, "GitHub Pages", "*.github.io"},
		{"https://raw.githubusercontent.com/o/r/main/lib.js", purpose.Necessary, "GitHub", "*.githubusercontent.com"},
		{"https://res.cloudinary.com/demo/image/upload/sample.jpg", purpose.Necessary, "Cloudinary", "*.cloudinary.com"},
		{"https://cdn.shopify.com/s/files/1/0001/theme.js", purpose.Necessary, "Shopify", "cdn.shopify.com"},
		{"https://cdn.shopify.com/s/trekkie.storefront.abc.min.js", purpose.Analytics, "Shopify", "cdn.shopify.com/s/trekkie*"},
		{"https://i0.wp.com/example.com/photo.jpg", purpose.Necessary, "WordPress.com CDN", "*.wp.com"},
		{"https://stats.wp.com/e-202410.js", purpose.Analytics, "Jetpack Stats", "stats.wp.com"},
		{"https://pixel.wp.com/g.gif?v=ext", purpose.Beacon, "Jetpack Stats", "pixel.wp.com"},
		{"https://widgets.wp.com/likes/", purpose.Social, "Jetpack Likes", "widgets.wp.com"},
		// Compromised in 2024: never necessary.
		{"https://polyfill.io/v3/polyfill.min.js", purpose.Unknown, "", ""},
		{"https://cdn.polyfill.io/v3/polyfill.min.js", purpose.Unknown, "", ""},

		// Self-hosted analytics, matched by path on any host.
		{"https://www.example.com/matomo.js", purpose.Analytics, "Matomo", "/matomo.js"},
		{"https://stats.example.com/piwik.js", purpose.Analytics, "Matomo", "/piwik.js"},
		{"https://www.example.com/analytics/matomo.js", purpose.Analytics, "Matomo", "/*/matomo.js"},
		{"https://stats.example.com/matomo.php?idsite=1&rec=1", purpose.Beacon, "Matomo", "/matomo.php"},
		{"https://www.example.com/stats/piwik.php?idsite=1&rec=1", purpose.Beacon, "Matomo", "/*/piwik.php"},
		{"https://www.example.com/a/b/matomo.js", purpose.Unknown, "", ""},
		{"https://www.example.com/js/plausible.js", purpose.Analytics, "Plausible", "/js/plausible*.js"},
		{"https://www.example.com/js/plausible.outbound-links.js", purpose.Analytics, "Plausible", "/js/plausible*.js"},
		{"https://sgtm.example.com/gtm.js?id=GTM-ABC", purpose.Analytics, "Google Tag Manager", "/gtm.js?id=GTM-"},
		{"https://sgtm.example.com/gtag/js?id=AW-1", purpose.Retargeting, "Google Ads", "/gtag/js?id=AW-"},
		{"https://sgtm.example.com/gtag/js?id=G-1", purpose.Analytics, "Google Analytics", "/gtag/js?id=G-"},
		{"https://www.example.com/gtm.js", purpose.Unknown, "", ""},

		// Nothing known.
		{"https://www.example.com/app.js", purpose.Unknown, "", ""},
		{"https://cdn.example.net/matomo.json", purpose.Unknown, "", ""},
		{"data:text/javascript,alert(1)", purpose.Unknown, "", ""},
		{"javascript:void(0)", purpose.Unknown, "", ""},
		{"ftp://www.google-analytics.com/analytics.js", purpose.Unknown, "", ""},
	} {
		d := classifyRawURL(t, c, tc.url)
		want := Decision{Purpose: tc.purpose, Vendor: tc.vendor, Rule: tc.rule, Source: sourceBuiltin}
		if tc.purpose == purpose.Unknown {
			want.Source = sourceNone
		}
		if d != want {
			t.Errorf("Test %d: %s: got %+v, want %+v", i, tc.url, d, want)
		}
	}
}

func TestClassifyURLHostNormalization(t *testing.T) {
	c := mustURLClassifier(t, []HostRule{
		{Pattern: "xn--bcher-kva.example", Purpose: purpose.Functional, Vendor: "Bücher"},
		{Pattern: "*.xn--caf-dma.example", Purpose: purpose.Social, Vendor: "Café"},
	})
	for i, tc := range []struct {
		url     string
		purpose purpose.Purpose
		rule    string
	}{
		{"https://WWW.Google-Analytics.COM/analytics.js", purpose.Analytics, "*.google-analytics.com"},
		{"https://www.google-analytics.com:443/analytics.js", purpose.Analytics, "*.google-analytics.com"},
		{"http://www.google-analytics.com:8080/g/collect", purpose.Beacon, "*.google-analytics.com/g/collect"},
		{"https://www.google-analytics.com./analytics.js", purpose.Analytics, "*.google-analytics.com"},
		{"https://www.google-analytics.com.:443/analytics.js", purpose.Analytics, "*.google-analytics.com"},
		{"https://google-analytics.com/analytics.js", purpose.Analytics, "*.google-analytics.com"},
		{"https://a.b.c.google-analytics.com/analytics.js", purpose.Analytics, "*.google-analytics.com"},
		{"https://notgoogle-analytics.com/analytics.js", purpose.Unknown, ""},
		{"https://google-analytics.com.evil.example/analytics.js", purpose.Unknown, ""},
		{"https://user:pw@www.google-analytics.com/analytics.js", purpose.Analytics, "*.google-analytics.com"},
		// An exact host does not match its subdomains.
		{"https://unpkg.com/x", purpose.Necessary, "unpkg.com"},
		{"https://www.unpkg.com/x", purpose.Unknown, ""},
		{"https://xn--bcher-kva.example/", purpose.Functional, "xn--bcher-kva.example"},
		{"https://XN--BCHER-KVA.example/", purpose.Functional, "xn--bcher-kva.example"},
		{"https://www.xn--bcher-kva.example/", purpose.Unknown, ""},
		{"https://xn--caf-dma.example/", purpose.Social, "*.xn--caf-dma.example"},
		{"https://shop.xn--caf-dma.example/", purpose.Social, "*.xn--caf-dma.example"},
		// Hosts are not case-folded beyond ASCII, nor converted to punycode.
		{"https://bücher.example/", purpose.Unknown, ""},
		{"https://[::1]:8080/matomo.js", purpose.Analytics, "/matomo.js"},
		{"https://" + strings.Repeat("a.", 200) + "google-analytics.com/", purpose.Unknown, ""},
		{"https://" + strings.Repeat("a.", 200) + "google-analytics.com/matomo.js", purpose.Analytics, "/matomo.js"},
	} {
		d := classifyRawURL(t, c, tc.url)
		if d.Purpose != tc.purpose || d.Rule != tc.rule {
			t.Errorf("Test %d: %s: got %+v, want purpose %v rule %q", i, tc.url, d, tc.purpose, tc.rule)
		}
	}
}

func TestClassifyURLRelativeAndNil(t *testing.T) {
	c := mustURLClassifier(t, nil)
	if d := c.ClassifyURL(nil); d != (Decision{Purpose: purpose.Unknown, Source: sourceNone}) {
		t.Errorf("nil URL: got %+v", d)
	}
	for i, tc := range []struct {
		url     string
		purpose purpose.Purpose
	}{
		{"/matomo.js", purpose.Analytics},
		{"/js/plausible.hash.js", purpose.Analytics},
		{"matomo.js", purpose.Unknown}, // relative to an unknown base
		{"", purpose.Unknown},
		{"?id=G-1", purpose.Unknown},
	} {
		if d := classifyRawURL(t, c, tc.url); d.Purpose != tc.purpose {
			t.Errorf("Test %d: %q: got %+v, want %v", i, tc.url, d, tc.purpose)
		}
	}
	// A URL built by hand may carry an uppercase scheme.
	u := &url.URL{Scheme: "HTTPS", Host: "www.google-analytics.com", Path: "/analytics.js"}
	if d := c.ClassifyURL(u); d.Purpose != purpose.Analytics {
		t.Errorf("uppercase scheme: got %+v", d)
	}
}

func TestClassifyURLOperatorRules(t *testing.T) {
	c := mustURLClassifier(t, []HostRule{
		// Operator rules win even when a built-in rule is more specific.
		{Pattern: "*.google-analytics.com", Purpose: purpose.Necessary, Vendor: "Our analytics proxy"},
		// Within the operator's rules, the most specific wins.
		{Pattern: "*.example.com", Purpose: purpose.Functional, Vendor: "Example"},
		{Pattern: "cdn.example.com", Purpose: purpose.Analytics, Vendor: "Example CDN"},
		{Pattern: "*.cdn.example.com", Purpose: purpose.Social, Vendor: "Example CDN wildcard"},
		{Pattern: "cdn.example.com/ads/", Purpose: purpose.Retargeting, Vendor: "Example ads"},
		{Pattern: "cdn.example.com/ads/pixel.gif", Purpose: purpose.Beacon, Vendor: "Example pixel"},
		{Pattern: "cdn.example.com/ads/?kind=social", Purpose: purpose.Social, Vendor: "Example social ads"},
		{Pattern: "/tracker*", Purpose: purpose.Analytics, Vendor: "Any tracker"},
		// A pattern listed twice keeps its first listing.
		{Pattern: "*.example.com", Purpose: purpose.Retargeting, Vendor: "Listed twice"},
		// Operator path rules beat built-in host rules.
		{Pattern: "/*/fbevents.js", Purpose: purpose.Necessary, Vendor: "Overridden pixel"},
	})
	for i, tc := range []struct {
		url     string
		purpose purpose.Purpose
		vendor  string
		rule    string
		source  string
	}{
		{"https://www.google-analytics.com/g/collect", purpose.Necessary, "Our analytics proxy", "*.google-analytics.com", sourceOperator},
		{"https://www.example.com/", purpose.Functional, "Example", "*.example.com", sourceOperator},
		{"https://example.com/", purpose.Functional, "Example", "*.example.com", sourceOperator},
		{"https://cdn.example.com/app.js", purpose.Analytics, "Example CDN", "cdn.example.com", sourceOperator},
		{"https://eu.cdn.example.com/app.js", purpose.Social, "Example CDN wildcard", "*.cdn.example.com", sourceOperator},
		{"https://cdn.example.com/ads/x.js", purpose.Retargeting, "Example ads", "cdn.example.com/ads/", sourceOperator},
		{"https://cdn.example.com/ads", purpose.Analytics, "Example CDN", "cdn.example.com", sourceOperator},
		{"https://cdn.example.com/ads/pixel.gif?x=1", purpose.Beacon, "Example pixel", "cdn.example.com/ads/pixel.gif", sourceOperator},
		{"https://cdn.example.com/ads/x.js?kind=Social", purpose.Social, "Example social ads", "cdn.example.com/ads/?kind=social", sourceOperator},
		{"https://other.test/tracker-v2.js", purpose.Analytics, "Any tracker", "/tracker*", sourceOperator},
		{"https://www.example.com/tracker.js", purpose.Functional, "Example", "*.example.com", sourceOperator},
		{"https://connect.facebook.net/en_US/fbevents.js", purpose.Necessary, "Overridden pixel", "/*/fbevents.js", sourceOperator},
		{"https://connect.facebook.net/en_US/sdk.js", purpose.Social, "Facebook SDK", "connect.facebook.net/*/sdk.js", sourceBuiltin},
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
	if _, err := NewURLClassifier([]HostRule{{Pattern: "ok.example", Purpose: purpose.Analytics}, {Pattern: "https://bad.example", Purpose: purpose.Analytics}}); err == nil || !strings.Contains(err.Error(), "operator URL rule 2") {
		t.Errorf("invalid pattern: got %v, want an error naming operator URL rule 2", err)
	}
	if _, err := NewURLClassifier([]HostRule{{Pattern: "ok.example", Purpose: purpose.Social + 1}}); err == nil || !strings.Contains(err.Error(), "invalid purpose") {
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
		if r.Purpose == purpose.Unknown || r.Purpose > purpose.Social {
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
	was := rules[0].Purpose
	rules[0].Purpose = was + 1
	if BuiltinHostRules()[0].Purpose != was {
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
