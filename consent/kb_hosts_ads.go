package consent

// kbAdvertising holds ad networks, retargeting platforms, ad exchanges and
// data brokers that are not social networks or Google.
var kbAdvertising = []HostRule{
	// Microsoft Advertising (Universal Event Tracking).
	{Pattern: "bat.bing.com", Purpose: Retargeting, Vendor: "Microsoft Advertising UET"},
	{Pattern: "bat.bing.com/action", Purpose: Beacon, Vendor: "Microsoft Advertising UET"},
	{Pattern: "bat.bing.net", Purpose: Retargeting, Vendor: "Microsoft Advertising UET"},

	// Native advertising and retargeting.
	{Pattern: "*.criteo.net", Purpose: Retargeting, Vendor: "Criteo"},
	{Pattern: "*.criteo.com", Purpose: Retargeting, Vendor: "Criteo"},
	{Pattern: "*.taboola.com", Purpose: Retargeting, Vendor: "Taboola"},
	{Pattern: "*.taboolasyndication.com", Purpose: Retargeting, Vendor: "Taboola"},
	{Pattern: "*.outbrain.com", Purpose: Retargeting, Vendor: "Outbrain"},
	{Pattern: "*.outbrainimg.com", Purpose: Retargeting, Vendor: "Outbrain"},
	{Pattern: "*.adroll.com", Purpose: Retargeting, Vendor: "AdRoll"},
	{Pattern: "*.quantserve.com", Purpose: Retargeting, Vendor: "Quantcast"},
	{Pattern: "pixel.quantserve.com", Purpose: Beacon, Vendor: "Quantcast"},
	{Pattern: "*.quantcount.com", Purpose: Retargeting, Vendor: "Quantcast"},
	{Pattern: "*.amazon-adsystem.com", Purpose: Retargeting, Vendor: "Amazon Ads"},
	{Pattern: "*.teads.tv", Purpose: Retargeting, Vendor: "Teads"},
	{Pattern: "*.media.net", Purpose: Retargeting, Vendor: "Media.net"},
	{Pattern: "sp.analytics.yahoo.com", Purpose: Retargeting, Vendor: "Yahoo Advertising"},
	{Pattern: "*.ads.yahoo.com", Purpose: Retargeting, Vendor: "Yahoo Advertising"},
	{Pattern: "an.yandex.ru", Purpose: Retargeting, Vendor: "Yandex Advertising Network"},

	// Programmatic exchanges and demand-side platforms.
	{Pattern: "*.adnxs.com", Purpose: Retargeting, Vendor: "Xandr (AppNexus)"},
	{Pattern: "*.adsrvr.org", Purpose: Retargeting, Vendor: "The Trade Desk"},
	{Pattern: "*.rubiconproject.com", Purpose: Retargeting, Vendor: "Magnite"},
	{Pattern: "*.pubmatic.com", Purpose: Retargeting, Vendor: "PubMatic"},
	{Pattern: "*.openx.net", Purpose: Retargeting, Vendor: "OpenX"},
	{Pattern: "*.casalemedia.com", Purpose: Retargeting, Vendor: "Index Exchange"},
	{Pattern: "*.smartadserver.com", Purpose: Retargeting, Vendor: "Equativ (Smart AdServer)"},

	// Data management platforms and identity graphs.
	{Pattern: "*.rlcdn.com", Purpose: Retargeting, Vendor: "LiveRamp"},
	{Pattern: "*.crwdcntrl.net", Purpose: Retargeting, Vendor: "Lotame"},
	{Pattern: "*.bluekai.com", Purpose: Retargeting, Vendor: "Oracle BlueKai"},
	{Pattern: "*.krxd.net", Purpose: Retargeting, Vendor: "Salesforce Audience Studio (Krux)"},

	// Affiliate networks (conversion tracking).
	{Pattern: "*.awin1.com", Purpose: Retargeting, Vendor: "Awin"},
	{Pattern: "*.dwin1.com", Purpose: Retargeting, Vendor: "Awin"},

	// Adobe's advertising and audience products.
	{Pattern: "*.demdex.net", Purpose: Retargeting, Vendor: "Adobe Audience Manager"},
	{Pattern: "*.everesttech.net", Purpose: Retargeting, Vendor: "Adobe Advertising Cloud"},

	// HubSpot's ad pixel (its tracking code is in kbMarketing).
	{Pattern: "*.hsadspixel.net", Purpose: Retargeting, Vendor: "HubSpot Ads"},
}
