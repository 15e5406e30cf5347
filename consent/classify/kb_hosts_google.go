package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbGoogle holds Google's tags, ad network, measurement pixels and services.
// The Google tag (gtag.js) is classified by the tag id in its query: G- and
// UA- measure (analytics), AW- (Google Ads) and DC- (Campaign Manager 360)
// serve ads (retargeting), and GT- is a combined Google tag that may carry
// either, so it gets the more restrictive purpose.
var kbGoogle = []HostRule{
	// Google Tag Manager and the Google tag.
	{Pattern: "*.googletagmanager.com", Purpose: purpose.Analytics, Vendor: "Google Tag Manager"},
	{Pattern: "*.googletagmanager.com/gtm.js", Purpose: purpose.Analytics, Vendor: "Google Tag Manager"},
	{Pattern: "*.googletagmanager.com/ns.html", Purpose: purpose.Analytics, Vendor: "Google Tag Manager"},
	{Pattern: "*.googletagmanager.com/gtag/js", Purpose: purpose.Analytics, Vendor: "Google tag"},
	{Pattern: "*.googletagmanager.com/gtag/js?id=G-", Purpose: purpose.Analytics, Vendor: "Google Analytics"},
	{Pattern: "*.googletagmanager.com/gtag/js?id=UA-", Purpose: purpose.Analytics, Vendor: "Google Analytics"},
	{Pattern: "*.googletagmanager.com/gtag/js?id=AW-", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "*.googletagmanager.com/gtag/js?id=DC-", Purpose: purpose.Retargeting, Vendor: "Google Campaign Manager 360"},
	{Pattern: "*.googletagmanager.com/gtag/js?id=GT-", Purpose: purpose.Retargeting, Vendor: "Google tag"},
	{Pattern: "*.googletagmanager.com/gtag/destination?id=G-", Purpose: purpose.Analytics, Vendor: "Google Analytics"},
	{Pattern: "*.googletagmanager.com/gtag/destination?id=AW-", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "*.googletagmanager.com/gtag/destination?id=DC-", Purpose: purpose.Retargeting, Vendor: "Google Campaign Manager 360"},

	// Google Analytics: scripts are analytics, the collection endpoints that
	// pages embed as pixels are beacons.
	{Pattern: "*.google-analytics.com", Purpose: purpose.Analytics, Vendor: "Google Analytics"},
	{Pattern: "*.google-analytics.com/collect", Purpose: purpose.Beacon, Vendor: "Google Analytics"},
	{Pattern: "*.google-analytics.com/g/collect", Purpose: purpose.Beacon, Vendor: "Google Analytics"},
	{Pattern: "*.google-analytics.com/j/collect", Purpose: purpose.Beacon, Vendor: "Google Analytics"},
	{Pattern: "*.google-analytics.com/r/collect", Purpose: purpose.Beacon, Vendor: "Google Analytics"},
	{Pattern: "*.analytics.google.com", Purpose: purpose.Analytics, Vendor: "Google Analytics"},
	{Pattern: "*.analytics.google.com/g/collect", Purpose: purpose.Beacon, Vendor: "Google Analytics"},
	{Pattern: "stats.g.doubleclick.net", Purpose: purpose.Retargeting, Vendor: "Google Analytics advertising features"},
	{Pattern: "*.google.com/ads/", Purpose: purpose.Retargeting, Vendor: "Google Analytics advertising features"},
	{Pattern: "*.googleoptimize.com", Purpose: purpose.Analytics, Vendor: "Google Optimize"},

	// Google's ad network: Ads, DoubleClick, Ad Manager, AdSense.
	{Pattern: "*.doubleclick.net", Purpose: purpose.Retargeting, Vendor: "Google DoubleClick"},
	{Pattern: "*.doubleclick.net/activity*", Purpose: purpose.Beacon, Vendor: "Google Campaign Manager 360"},
	{Pattern: "*.doubleclick.net/pagead/viewthroughconversion/", Purpose: purpose.Beacon, Vendor: "Google Ads"},
	{Pattern: "securepubads.g.doubleclick.net", Purpose: purpose.Retargeting, Vendor: "Google Ad Manager"},
	{Pattern: "*.googletagservices.com", Purpose: purpose.Retargeting, Vendor: "Google Ad Manager"},
	{Pattern: "*.googlesyndication.com", Purpose: purpose.Retargeting, Vendor: "Google AdSense"},
	{Pattern: "*.googleadservices.com", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "*.googleadservices.com/pagead/conversion/", Purpose: purpose.Beacon, Vendor: "Google Ads"},
	{Pattern: "*.google.com/pagead/", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.com", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.co.uk", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.de", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.fr", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.es", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.it", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.nl", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.ca", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.com.au", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.com.br", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.co.in", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.co.jp", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.pl", Purpose: purpose.Retargeting, Vendor: "Google Ads"},
	{Pattern: "adservice.google.com.mx", Purpose: purpose.Retargeting, Vendor: "Google Ads"},

	// Google services a site needs or uses as a feature.
	{Pattern: "*.google.com/recaptcha/", Purpose: purpose.Necessary, Vendor: "Google reCAPTCHA"},
	{Pattern: "*.gstatic.com/recaptcha/", Purpose: purpose.Necessary, Vendor: "Google reCAPTCHA"},
	{Pattern: "*.recaptcha.net", Purpose: purpose.Necessary, Vendor: "Google reCAPTCHA"},
	{Pattern: "accounts.google.com/gsi/", Purpose: purpose.Necessary, Vendor: "Google Identity Services"},
	{Pattern: "fundingchoicesmessages.google.com", Purpose: purpose.Necessary, Vendor: "Google Funding Choices"},
	{Pattern: "fonts.googleapis.com", Purpose: purpose.Functional, Vendor: "Google Fonts"},
	{Pattern: "fonts.gstatic.com", Purpose: purpose.Functional, Vendor: "Google Fonts"},
	{Pattern: "ajax.googleapis.com", Purpose: purpose.Functional, Vendor: "Google Hosted Libraries"},
	{Pattern: "apis.google.com", Purpose: purpose.Functional, Vendor: "Google APIs"},
	{Pattern: "translate.google.com", Purpose: purpose.Functional, Vendor: "Google Translate"},
	{Pattern: "translate.googleapis.com", Purpose: purpose.Functional, Vendor: "Google Translate"},
	{Pattern: "*.gstatic.com/charts/", Purpose: purpose.Functional, Vendor: "Google Charts"},
	// Google Maps embeds set Google cookies (NID) but are a feature of the
	// page the visitor asked for, not a social or advertising feature.
	{Pattern: "*.google.com/maps/embed", Purpose: purpose.Functional, Vendor: "Google Maps"},
	{Pattern: "maps.google.com", Purpose: purpose.Functional, Vendor: "Google Maps"},
	{Pattern: "maps.googleapis.com", Purpose: purpose.Functional, Vendor: "Google Maps"},
	{Pattern: "maps.gstatic.com", Purpose: purpose.Functional, Vendor: "Google Maps"},

	// YouTube: the standard player identifies the visitor to YouTube; the
	// privacy-enhanced mode sets no cookies until the visitor plays a video.
	{Pattern: "*.youtube.com", Purpose: purpose.Social, Vendor: "YouTube"},
	{Pattern: "*.ytimg.com", Purpose: purpose.Social, Vendor: "YouTube"},
	{Pattern: "*.youtube-nocookie.com", Purpose: purpose.Functional, Vendor: "YouTube (privacy-enhanced mode)"},
}
