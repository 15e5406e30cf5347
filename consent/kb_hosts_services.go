package consent

// kbEmbeds holds players and widgets a page embeds. Video and audio players
// that identify the visitor to their platform are social; a mode that
// tracks nobody is functional.
var kbEmbeds = []HostRule{
	{Pattern: "player.vimeo.com", Purpose: Social, Vendor: "Vimeo"},
	{Pattern: "player.vimeo.com?dnt=1", Purpose: Functional, Vendor: "Vimeo (do not track)"},
	{Pattern: "player.vimeo.com?dnt=true", Purpose: Functional, Vendor: "Vimeo (do not track)"},
	{Pattern: "*.vimeo.com", Purpose: Social, Vendor: "Vimeo"},
	{Pattern: "*.vimeocdn.com", Purpose: Social, Vendor: "Vimeo"},
	{Pattern: "*.dailymotion.com", Purpose: Social, Vendor: "Dailymotion"},
	{Pattern: "*.dmcdn.net", Purpose: Social, Vendor: "Dailymotion"},
	{Pattern: "player.twitch.tv", Purpose: Social, Vendor: "Twitch"},
	{Pattern: "embed.twitch.tv", Purpose: Social, Vendor: "Twitch"},
	{Pattern: "*.spotify.com", Purpose: Social, Vendor: "Spotify"},
	{Pattern: "*.scdn.co", Purpose: Social, Vendor: "Spotify"},
	{Pattern: "*.soundcloud.com", Purpose: Social, Vendor: "SoundCloud"},
	{Pattern: "*.sndcdn.com", Purpose: Social, Vendor: "SoundCloud"},

	// Maps, scheduling, forms and reviews: features the visitor uses.
	{Pattern: "api.mapbox.com", Purpose: Functional, Vendor: "Mapbox"},
	{Pattern: "*.openstreetmap.org", Purpose: Functional, Vendor: "OpenStreetMap"},
	{Pattern: "*.calendly.com", Purpose: Functional, Vendor: "Calendly"},
	{Pattern: "embed.typeform.com", Purpose: Functional, Vendor: "Typeform"},
	{Pattern: "widget.trustpilot.com", Purpose: Functional, Vendor: "Trustpilot"},
	{Pattern: "*.gravatar.com", Purpose: Functional, Vendor: "Gravatar"},

	// Chat and support widgets.
	{Pattern: "*.intercom.io", Purpose: Functional, Vendor: "Intercom"},
	{Pattern: "*.intercomcdn.com", Purpose: Functional, Vendor: "Intercom"},
	{Pattern: "*.driftt.com", Purpose: Functional, Vendor: "Drift"},
	{Pattern: "*.drift.com", Purpose: Functional, Vendor: "Drift"},
	{Pattern: "static.zdassets.com", Purpose: Functional, Vendor: "Zendesk"},
	{Pattern: "*.zopim.com", Purpose: Functional, Vendor: "Zendesk Chat"},
	{Pattern: "*.zendesk.com", Purpose: Functional, Vendor: "Zendesk"},
	{Pattern: "*.livechatinc.com", Purpose: Functional, Vendor: "LiveChat"},
	{Pattern: "*.tawk.to", Purpose: Functional, Vendor: "tawk.to"},
	{Pattern: "client.crisp.chat", Purpose: Functional, Vendor: "Crisp"},
	{Pattern: "*.tidio.co", Purpose: Functional, Vendor: "Tidio"},
	{Pattern: "*.freshchat.com", Purpose: Functional, Vendor: "Freshchat"},
	{Pattern: "salesiq.zoho.com", Purpose: Functional, Vendor: "Zoho SalesIQ"},
}

// kbServices holds what a site needs to work (consent management,
// CAPTCHAs, payments: necessary) and the public CDNs and font services it
// loads code and fonts from (functional).
var kbServices = []HostRule{
	// Consent-management platforms. They must run for consent to be asked.
	{Pattern: "*.cookiebot.com", Purpose: Necessary, Vendor: "Cookiebot"},
	{Pattern: "*.cookiebot.eu", Purpose: Necessary, Vendor: "Cookiebot"},
	{Pattern: "*.cookielaw.org", Purpose: Necessary, Vendor: "OneTrust"},
	{Pattern: "*.onetrust.com", Purpose: Necessary, Vendor: "OneTrust"},
	{Pattern: "*.usercentrics.eu", Purpose: Necessary, Vendor: "Usercentrics"},
	{Pattern: "*.privacy-center.org", Purpose: Necessary, Vendor: "Didomi"},
	{Pattern: "*.didomi.io", Purpose: Necessary, Vendor: "Didomi"},
	{Pattern: "*.osano.com", Purpose: Necessary, Vendor: "Osano"},
	{Pattern: "*.trustarc.com", Purpose: Necessary, Vendor: "TrustArc"},
	{Pattern: "*.truste.com", Purpose: Necessary, Vendor: "TrustArc"},
	{Pattern: "cmp.quantcast.com", Purpose: Necessary, Vendor: "Quantcast Choice"},
	{Pattern: "*.privacy-mgmt.com", Purpose: Necessary, Vendor: "Sourcepoint"},
	{Pattern: "*.consentmanager.net", Purpose: Necessary, Vendor: "consentmanager"},
	{Pattern: "*.iubenda.com", Purpose: Necessary, Vendor: "iubenda"},
	{Pattern: "app.termly.io", Purpose: Necessary, Vendor: "Termly"},
	{Pattern: "cdn-cookieyes.com", Purpose: Necessary, Vendor: "CookieYes"},

	// Bot protection.
	{Pattern: "*.hcaptcha.com", Purpose: Necessary, Vendor: "hCaptcha"},
	{Pattern: "challenges.cloudflare.com", Purpose: Necessary, Vendor: "Cloudflare Turnstile"},

	// Payments.
	{Pattern: "*.stripe.com", Purpose: Necessary, Vendor: "Stripe"},
	{Pattern: "*.stripe.network", Purpose: Necessary, Vendor: "Stripe"},
	{Pattern: "*.paypal.com", Purpose: Necessary, Vendor: "PayPal"},
	{Pattern: "*.paypalobjects.com", Purpose: Necessary, Vendor: "PayPal"},
	{Pattern: "*.braintreegateway.com", Purpose: Necessary, Vendor: "Braintree"},
	{Pattern: "*.adyen.com", Purpose: Necessary, Vendor: "Adyen"},
	{Pattern: "*.squarecdn.com", Purpose: Necessary, Vendor: "Square"},

	// Public CDNs and font services: they serve code and fonts, not
	// tracking, but they do see the visitor's IP address.
	{Pattern: "*.jsdelivr.net", Purpose: Functional, Vendor: "jsDelivr"},
	{Pattern: "cdnjs.cloudflare.com", Purpose: Functional, Vendor: "cdnjs"},
	{Pattern: "unpkg.com", Purpose: Functional, Vendor: "unpkg"},
	{Pattern: "code.jquery.com", Purpose: Functional, Vendor: "jQuery CDN"},
	{Pattern: "*.bootstrapcdn.com", Purpose: Functional, Vendor: "BootstrapCDN"},
	{Pattern: "*.fontawesome.com", Purpose: Functional, Vendor: "Font Awesome"},
	{Pattern: "*.typekit.net", Purpose: Functional, Vendor: "Adobe Fonts"},
}

// kbSelfHosted holds the few path-only rules that recognize self-hosted
// analytics on any host, the site's own included. They are kept few and
// specific: a path that a site could use for something else does not belong
// here. Matomo's tracking endpoint is what its <noscript> pixel loads, so it
// is a beacon like Google Analytics' /collect.
var kbSelfHosted = []HostRule{
	{Pattern: "/matomo.js", Purpose: Analytics, Vendor: "Matomo"},
	{Pattern: "/*/matomo.js", Purpose: Analytics, Vendor: "Matomo"},
	{Pattern: "/piwik.js", Purpose: Analytics, Vendor: "Matomo"},
	{Pattern: "/*/piwik.js", Purpose: Analytics, Vendor: "Matomo"},
	{Pattern: "/matomo.php", Purpose: Beacon, Vendor: "Matomo"},
	{Pattern: "/*/matomo.php", Purpose: Beacon, Vendor: "Matomo"},
	{Pattern: "/piwik.php", Purpose: Beacon, Vendor: "Matomo"},
	{Pattern: "/*/piwik.php", Purpose: Beacon, Vendor: "Matomo"},
	{Pattern: "/js/plausible*.js", Purpose: Analytics, Vendor: "Plausible"},
	// Server-side Google Tag Manager on the site's own domain serves the
	// same files as www.googletagmanager.com; the tag id makes it specific.
	{Pattern: "/gtm.js?id=GTM-", Purpose: Analytics, Vendor: "Google Tag Manager"},
	{Pattern: "/gtag/js?id=G-", Purpose: Analytics, Vendor: "Google Analytics"},
	{Pattern: "/gtag/js?id=AW-", Purpose: Retargeting, Vendor: "Google Ads"},
	{Pattern: "/gtag/js?id=DC-", Purpose: Retargeting, Vendor: "Google Campaign Manager 360"},
}
