package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbAdvertising holds ad networks, retargeting platforms, ad exchanges and
// data brokers that are not social networks or Google.
var kbAdvertising = []HostRule{
	// Microsoft Advertising (Universal Event Tracking).
	{Pattern: "bat.bing.com", Purpose: purpose.Retargeting, Vendor: "Microsoft Advertising UET"},
	{Pattern: "bat.bing.com/action", Purpose: purpose.Beacon, Vendor: "Microsoft Advertising UET"},
	{Pattern: "bat.bing.net", Purpose: purpose.Retargeting, Vendor: "Microsoft Advertising UET"},

	// Native advertising and retargeting.
	{Pattern: "*.criteo.net", Purpose: purpose.Retargeting, Vendor: "Criteo"},
	{Pattern: "*.criteo.com", Purpose: purpose.Retargeting, Vendor: "Criteo"},
	{Pattern: "*.taboola.com", Purpose: purpose.Retargeting, Vendor: "Taboola"},
	{Pattern: "*.taboolasyndication.com", Purpose: purpose.Retargeting, Vendor: "Taboola"},
	{Pattern: "*.outbrain.com", Purpose: purpose.Retargeting, Vendor: "Outbrain"},
	{Pattern: "*.outbrainimg.com", Purpose: purpose.Retargeting, Vendor: "Outbrain"},
	{Pattern: "*.adroll.com", Purpose: purpose.Retargeting, Vendor: "AdRoll"},
	{Pattern: "*.quantserve.com", Purpose: purpose.Retargeting, Vendor: "Quantcast"},
	{Pattern: "pixel.quantserve.com", Purpose: purpose.Beacon, Vendor: "Quantcast"},
	{Pattern: "*.quantcount.com", Purpose: purpose.Retargeting, Vendor: "Quantcast"},
	{Pattern: "*.amazon-adsystem.com", Purpose: purpose.Retargeting, Vendor: "Amazon Ads"},
	{Pattern: "*.teads.tv", Purpose: purpose.Retargeting, Vendor: "Teads"},
	{Pattern: "*.media.net", Purpose: purpose.Retargeting, Vendor: "Media.net"},
	{Pattern: "sp.analytics.yahoo.com", Purpose: purpose.Retargeting, Vendor: "Yahoo Advertising"},
	{Pattern: "*.ads.yahoo.com", Purpose: purpose.Retargeting, Vendor: "Yahoo Advertising"},
	{Pattern: "an.yandex.ru", Purpose: purpose.Retargeting, Vendor: "Yandex Advertising Network"},

	// Programmatic exchanges and demand-side platforms.
	{Pattern: "*.adnxs.com", Purpose: purpose.Retargeting, Vendor: "Xandr (AppNexus)"},
	{Pattern: "*.adsrvr.org", Purpose: purpose.Retargeting, Vendor: "The Trade Desk"},
	{Pattern: "*.rubiconproject.com", Purpose: purpose.Retargeting, Vendor: "Magnite"},
	{Pattern: "*.pubmatic.com", Purpose: purpose.Retargeting, Vendor: "PubMatic"},
	{Pattern: "*.openx.net", Purpose: purpose.Retargeting, Vendor: "OpenX"},
	{Pattern: "*.casalemedia.com", Purpose: purpose.Retargeting, Vendor: "Index Exchange"},
	{Pattern: "*.smartadserver.com", Purpose: purpose.Retargeting, Vendor: "Equativ (Smart AdServer)"},

	// Data management platforms and identity graphs.
	{Pattern: "*.rlcdn.com", Purpose: purpose.Retargeting, Vendor: "LiveRamp"},
	{Pattern: "*.crwdcntrl.net", Purpose: purpose.Retargeting, Vendor: "Lotame"},
	{Pattern: "*.bluekai.com", Purpose: purpose.Retargeting, Vendor: "Oracle BlueKai"},
	{Pattern: "*.krxd.net", Purpose: purpose.Retargeting, Vendor: "Salesforce Audience Studio (Krux)"},

	// Affiliate networks (conversion tracking).
	{Pattern: "*.awin1.com", Purpose: purpose.Retargeting, Vendor: "Awin"},
	{Pattern: "*.dwin1.com", Purpose: purpose.Retargeting, Vendor: "Awin"},

	// Adobe's advertising and audience products.
	{Pattern: "*.demdex.net", Purpose: purpose.Retargeting, Vendor: "Adobe Audience Manager"},
	{Pattern: "*.everesttech.net", Purpose: purpose.Retargeting, Vendor: "Adobe Advertising Cloud"},

	// HubSpot's ad pixel (its tracking code is in kbMarketing).
	{Pattern: "*.hsadspixel.net", Purpose: purpose.Retargeting, Vendor: "HubSpot Ads"},
}
