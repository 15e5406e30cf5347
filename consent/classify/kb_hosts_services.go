package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbEmbeds holds players and widgets a page embeds. Video and audio players
// that identify the visitor to their platform are social; a mode that
// tracks nobody is functional.
var kbEmbeds = []HostRule{
	{Pattern: "player.vimeo.com", Purpose: purpose.Social, Vendor: "Vimeo"},
	{Pattern: "player.vimeo.com?dnt=1", Purpose: purpose.Functional, Vendor: "Vimeo (do not track)"},
	{Pattern: "player.vimeo.com?dnt=true", Purpose: purpose.Functional, Vendor: "Vimeo (do not track)"},
	{Pattern: "*.vimeo.com", Purpose: purpose.Social, Vendor: "Vimeo"},
	{Pattern: "*.vimeocdn.com", Purpose: purpose.Social, Vendor: "Vimeo"},
	{Pattern: "*.dailymotion.com", Purpose: purpose.Social, Vendor: "Dailymotion"},
	{Pattern: "*.dmcdn.net", Purpose: purpose.Social, Vendor: "Dailymotion"},
	{Pattern: "player.twitch.tv", Purpose: purpose.Social, Vendor: "Twitch"},
	{Pattern: "embed.twitch.tv", Purpose: purpose.Social, Vendor: "Twitch"},
	{Pattern: "*.spotify.com", Purpose: purpose.Social, Vendor: "Spotify"},
	{Pattern: "*.scdn.co", Purpose: purpose.Social, Vendor: "Spotify"},
	{Pattern: "*.soundcloud.com", Purpose: purpose.Social, Vendor: "SoundCloud"},
	{Pattern: "*.sndcdn.com", Purpose: purpose.Social, Vendor: "SoundCloud"},

	// Maps, scheduling, forms and reviews: features the visitor uses.
	{Pattern: "api.mapbox.com", Purpose: purpose.Functional, Vendor: "Mapbox"},
	{Pattern: "*.openstreetmap.org", Purpose: purpose.Functional, Vendor: "OpenStreetMap"},
	{Pattern: "*.calendly.com", Purpose: purpose.Functional, Vendor: "Calendly"},
	{Pattern: "embed.typeform.com", Purpose: purpose.Functional, Vendor: "Typeform"},
	{Pattern: "widget.trustpilot.com", Purpose: purpose.Functional, Vendor: "Trustpilot"},
	{Pattern: "*.gravatar.com", Purpose: purpose.Functional, Vendor: "Gravatar"},

	// Chat and support widgets.
	{Pattern: "*.intercom.io", Purpose: purpose.Functional, Vendor: "Intercom"},
	{Pattern: "*.intercomcdn.com", Purpose: purpose.Functional, Vendor: "Intercom"},
	{Pattern: "*.driftt.com", Purpose: purpose.Functional, Vendor: "Drift"},
	{Pattern: "*.drift.com", Purpose: purpose.Functional, Vendor: "Drift"},
	{Pattern: "static.zdassets.com", Purpose: purpose.Functional, Vendor: "Zendesk"},
	{Pattern: "*.zopim.com", Purpose: purpose.Functional, Vendor: "Zendesk Chat"},
	{Pattern: "*.zendesk.com", Purpose: purpose.Functional, Vendor: "Zendesk"},
	{Pattern: "*.livechatinc.com", Purpose: purpose.Functional, Vendor: "LiveChat"},
	{Pattern: "*.tawk.to", Purpose: purpose.Functional, Vendor: "tawk.to"},
	{Pattern: "client.crisp.chat", Purpose: purpose.Functional, Vendor: "Crisp"},
	{Pattern: "*.tidio.co", Purpose: purpose.Functional, Vendor: "Tidio"},
	{Pattern: "*.freshchat.com", Purpose: purpose.Functional, Vendor: "Freshchat"},
	{Pattern: "salesiq.zoho.com", Purpose: purpose.Functional, Vendor: "Zoho SalesIQ"},
}

// kbServices holds what a site needs to work (consent management,
// CAPTCHAs, payments: necessary) and the public CDNs and font services it
// loads code and fonts from (functional).
var kbServices = []HostRule{
	// Consent-management platforms. They must run for consent to be asked.
	{Pattern: "*.cookiebot.com", Purpose: purpose.Necessary, Vendor: "Cookiebot"},
	{Pattern: "*.cookiebot.eu", Purpose: purpose.Necessary, Vendor: "Cookiebot"},
	{Pattern: "*.cookielaw.org", Purpose: purpose.Necessary, Vendor: "OneTrust"},
	{Pattern: "*.onetrust.com", Purpose: purpose.Necessary, Vendor: "OneTrust"},
	{Pattern: "*.usercentrics.eu", Purpose: purpose.Necessary, Vendor: "Usercentrics"},
	{Pattern: "*.privacy-center.org", Purpose: purpose.Necessary, Vendor: "Didomi"},
	{Pattern: "*.didomi.io", Purpose: purpose.Necessary, Vendor: "Didomi"},
	{Pattern: "*.osano.com", Purpose: purpose.Necessary, Vendor: "Osano"},
	{Pattern: "*.trustarc.com", Purpose: purpose.Necessary, Vendor: "TrustArc"},
	{Pattern: "*.truste.com", Purpose: purpose.Necessary, Vendor: "TrustArc"},
	{Pattern: "cmp.quantcast.com", Purpose: purpose.Necessary, Vendor: "Quantcast Choice"},
	{Pattern: "*.privacy-mgmt.com", Purpose: purpose.Necessary, Vendor: "Sourcepoint"},
	{Pattern: "*.consentmanager.net", Purpose: purpose.Necessary, Vendor: "consentmanager"},
	{Pattern: "*.iubenda.com", Purpose: purpose.Necessary, Vendor: "iubenda"},
	{Pattern: "app.termly.io", Purpose: purpose.Necessary, Vendor: "Termly"},
	{Pattern: "cdn-cookieyes.com", Purpose: purpose.Necessary, Vendor: "CookieYes"},

	// Bot protection.
	{Pattern: "*.hcaptcha.com", Purpose: purpose.Necessary, Vendor: "hCaptcha"},
	{Pattern: "challenges.cloudflare.com", Purpose: purpose.Necessary, Vendor: "Cloudflare Turnstile"},

	// Payments.
	{Pattern: "*.stripe.com", Purpose: purpose.Necessary, Vendor: "Stripe"},
	{Pattern: "*.stripe.network", Purpose: purpose.Necessary, Vendor: "Stripe"},
	{Pattern: "*.paypal.com", Purpose: purpose.Necessary, Vendor: "PayPal"},
	{Pattern: "*.paypalobjects.com", Purpose: purpose.Necessary, Vendor: "PayPal"},
	{Pattern: "*.braintreegateway.com", Purpose: purpose.Necessary, Vendor: "Braintree"},
	{Pattern: "*.adyen.com", Purpose: purpose.Necessary, Vendor: "Adyen"},
	{Pattern: "*.squarecdn.com", Purpose: purpose.Necessary, Vendor: "Square"},

	// Public CDNs and font services: they serve code and fonts, not
	// tracking, but they do see the visitor's IP address.
	{Pattern: "*.jsdelivr.net", Purpose: purpose.Functional, Vendor: "jsDelivr"},
	{Pattern: "cdnjs.cloudflare.com", Purpose: purpose.Functional, Vendor: "cdnjs"},
	{Pattern: "unpkg.com", Purpose: purpose.Functional, Vendor: "unpkg"},
	{Pattern: "code.jquery.com", Purpose: purpose.Functional, Vendor: "jQuery CDN"},
	{Pattern: "*.bootstrapcdn.com", Purpose: purpose.Functional, Vendor: "BootstrapCDN"},
	{Pattern: "*.fontawesome.com", Purpose: purpose.Functional, Vendor: "Font Awesome"},
	{Pattern: "*.typekit.net", Purpose: purpose.Functional, Vendor: "Adobe Fonts"},
}

// kbSelfHosted holds the few path-only rules that recognize self-hosted
// analytics on any host, the site's own included. They are kept few and
// specific: a path that a site could use for something else does not belong
// here. Matomo's tracking endpoint is what its <noscript> pixel loads, so it
// is a beacon like Google Analytics' /collect.
var kbSelfHosted = []HostRule{
	{Pattern: "/matomo.js", Purpose: purpose.Analytics, Vendor: "Matomo"},
	{Pattern: "/*/matomo.js", Purpose: purpose.Analytics, Vendor: "Matomo"},
	{Pattern: "/piwik.js", Purpose: purpose.Analytics, Vendor: "Matomo"},
	{Pattern: "/*/piwik.js", Purpose: purpose.Analytics, Vendor: "Matomo"},
	{Pattern: "/matomo.php", Purpose: purpose.Beacon, Vendor: "Matomo"},
	{Pattern: "/*/matomo.php", Purpose: purpose.Beacon, Vendor: "Matomo"},
	{Pattern: "/piwik.php", Purpose: purpose.Beacon, Vendor: "Matomo"},
	{Pattern: "/*/piwik.php", Purpose: purpose.Beacon, Vendor: "Matomo"},
	{Pattern: "/js/plausible*.js", Purpose: purpose.Analytics, Vendor: "Plausible"},
	// Server-side Google Tag Manager on the site's own domain serves the
	// same files as www.googletagmanager.com; the tag id makes it specific.
	{Pattern: "/gtm.js?id=GTM-", Purpose: purpose.Analytics, Vendor: "Google Tag Manager"},
	{Pattern: "/gtag/js?id=G-", Purpose: purpose.Analytics, Vendor: "Google Analytics"},
	{Pattern: "/gtag/js?id=AW-", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "/gtag/js?id=DC-", Purpose: purpose.Retargeting, Vendor: "Google Campaign Manager 360"},
}
