package consent

// kbAnalytics holds measurement, product-analytics, session-replay,
// experimentation and tag-management vendors.
var kbAnalytics = []HostRule{
	// Session replay and heatmaps.
	{Pattern: "*.clarity.ms", Purpose: Analytics, Vendor: "Microsoft Clarity"},
	{Pattern: "*.hotjar.com", Purpose: Analytics, Vendor: "Hotjar"},
	{Pattern: "*.hotjar.io", Purpose: Analytics, Vendor: "Hotjar"},
	{Pattern: "*.fullstory.com", Purpose: Analytics, Vendor: "FullStory"},
	{Pattern: "*.crazyegg.com", Purpose: Analytics, Vendor: "Crazy Egg"},
	{Pattern: "*.mouseflow.com", Purpose: Analytics, Vendor: "Mouseflow"},
	{Pattern: "*.luckyorange.com", Purpose: Analytics, Vendor: "Lucky Orange"},
	{Pattern: "*.luckyorange.net", Purpose: Analytics, Vendor: "Lucky Orange"},
	{Pattern: "*.smartlook.com", Purpose: Analytics, Vendor: "Smartlook"},
	{Pattern: "*.inspectlet.com", Purpose: Analytics, Vendor: "Inspectlet"},
	{Pattern: "*.contentsquare.net", Purpose: Analytics, Vendor: "Contentsquare"},
	{Pattern: "*.logrocket.io", Purpose: Analytics, Vendor: "LogRocket"},
	{Pattern: "*.lr-ingest.io", Purpose: Analytics, Vendor: "LogRocket"},

	// Product analytics and customer data platforms.
	{Pattern: "*.segment.com", Purpose: Analytics, Vendor: "Segment"},
	{Pattern: "*.segment.io", Purpose: Analytics, Vendor: "Segment"},
	{Pattern: "*.mxpnl.com", Purpose: Analytics, Vendor: "Mixpanel"},
	{Pattern: "*.mixpanel.com", Purpose: Analytics, Vendor: "Mixpanel"},
	{Pattern: "*.amplitude.com", Purpose: Analytics, Vendor: "Amplitude"},
	{Pattern: "*.heapanalytics.com", Purpose: Analytics, Vendor: "Heap"},
	{Pattern: "*.heap-api.com", Purpose: Analytics, Vendor: "Heap"},
	{Pattern: "*.pendo.io", Purpose: Analytics, Vendor: "Pendo"},

	// Web analytics.
	{Pattern: "mc.yandex.ru", Purpose: Analytics, Vendor: "Yandex Metrica"},
	{Pattern: "mc.yandex.ru/watch/", Purpose: Beacon, Vendor: "Yandex Metrica"},
	{Pattern: "mc.yandex.com", Purpose: Analytics, Vendor: "Yandex Metrica"},
	{Pattern: "mc.yandex.com/watch/", Purpose: Beacon, Vendor: "Yandex Metrica"},
	{Pattern: "*.scorecardresearch.com", Purpose: Analytics, Vendor: "comScore"},
	{Pattern: "*.scorecardresearch.com/p", Purpose: Beacon, Vendor: "comScore"},
	{Pattern: "*.matomo.cloud", Purpose: Analytics, Vendor: "Matomo"},
	{Pattern: "*.innocraft.cloud", Purpose: Analytics, Vendor: "Matomo"},
	{Pattern: "*.piwik.pro", Purpose: Analytics, Vendor: "Piwik PRO"},
	// Plausible sets no cookies, but it measures visitors: analytics.
	{Pattern: "*.plausible.io", Purpose: Analytics, Vendor: "Plausible"},
	{Pattern: "cdn.usefathom.com", Purpose: Analytics, Vendor: "Fathom"},
	{Pattern: "*.simpleanalyticscdn.com", Purpose: Analytics, Vendor: "Simple Analytics"},
	{Pattern: "*.umami.is", Purpose: Analytics, Vendor: "Umami"},
	{Pattern: "*.cloudflareinsights.com", Purpose: Analytics, Vendor: "Cloudflare Web Analytics"},
	{Pattern: "*.chartbeat.com", Purpose: Analytics, Vendor: "Chartbeat"},
	{Pattern: "*.chartbeat.net", Purpose: Analytics, Vendor: "Chartbeat"},
	{Pattern: "*.parsely.com", Purpose: Analytics, Vendor: "Parse.ly"},
	{Pattern: "hm.baidu.com", Purpose: Analytics, Vendor: "Baidu Tongji"},
	{Pattern: "stats.wp.com", Purpose: Analytics, Vendor: "Jetpack Stats"},
	{Pattern: "pixel.wp.com", Purpose: Beacon, Vendor: "Jetpack Stats"},

	// Real-user performance monitoring.
	{Pattern: "js-agent.newrelic.com", Purpose: Analytics, Vendor: "New Relic Browser"},
	{Pattern: "*.nr-data.net", Purpose: Analytics, Vendor: "New Relic Browser"},
	{Pattern: "*.go-mpulse.net", Purpose: Analytics, Vendor: "Akamai mPulse"},

	// Experimentation.
	{Pattern: "*.optimizely.com", Purpose: Analytics, Vendor: "Optimizely"},
	{Pattern: "*.visualwebsiteoptimizer.com", Purpose: Analytics, Vendor: "VWO"},

	// Adobe Experience Cloud.
	{Pattern: "assets.adobedtm.com", Purpose: Analytics, Vendor: "Adobe Experience Platform Tags (Launch)"},
	{Pattern: "*.omtrdc.net", Purpose: Analytics, Vendor: "Adobe Analytics"},
	{Pattern: "*.tt.omtrdc.net", Purpose: Analytics, Vendor: "Adobe Target"},
	{Pattern: "*.2o7.net", Purpose: Analytics, Vendor: "Adobe Analytics"},
	{Pattern: "edge.adobedc.net", Purpose: Analytics, Vendor: "Adobe Experience Platform Web SDK"},

	// Other tag managers.
	{Pattern: "*.tiqcdn.com", Purpose: Analytics, Vendor: "Tealium iQ"},
	{Pattern: "*.tealiumiq.com", Purpose: Analytics, Vendor: "Tealium"},
	{Pattern: "nexus.ensighten.com", Purpose: Analytics, Vendor: "Ensighten"},
}

// kbMarketing holds marketing-automation and CRM tracking code. Its site
// tracking builds visitor profiles for lead scoring and e-mail campaigns,
// which is analytics; it does not feed an ad network (their ad pixels are in
// kbAdvertising). Their forms and chat are functional, their cookie banners
// necessary.
var kbMarketing = []HostRule{
	// HubSpot.
	{Pattern: "*.hs-scripts.com", Purpose: Analytics, Vendor: "HubSpot"},
	{Pattern: "*.hs-analytics.net", Purpose: Analytics, Vendor: "HubSpot"},
	{Pattern: "track.hubspot.com", Purpose: Analytics, Vendor: "HubSpot"},
	{Pattern: "track.hubspot.com/__ptq.gif", Purpose: Beacon, Vendor: "HubSpot"},
	{Pattern: "*.hscollectedforms.net", Purpose: Analytics, Vendor: "HubSpot"},
	{Pattern: "*.hs-banner.com", Purpose: Necessary, Vendor: "HubSpot cookie banner"},
	{Pattern: "*.hsforms.net", Purpose: Functional, Vendor: "HubSpot Forms"},
	{Pattern: "*.hsforms.com", Purpose: Functional, Vendor: "HubSpot Forms"},
	{Pattern: "*.usemessages.com", Purpose: Functional, Vendor: "HubSpot chat"},

	// Salesforce, Adobe Marketo, Microsoft Dynamics 365.
	{Pattern: "*.pardot.com", Purpose: Analytics, Vendor: "Salesforce Pardot"},
	{Pattern: "munchkin.marketo.net", Purpose: Analytics, Vendor: "Marketo Munchkin"},
	{Pattern: "*.mktoresp.com", Purpose: Analytics, Vendor: "Marketo Munchkin"},
	{Pattern: "*.marketo.com", Purpose: Analytics, Vendor: "Marketo"},
	{Pattern: "*.marketo.com/js/forms2/", Purpose: Functional, Vendor: "Marketo Forms"},
	{Pattern: "*.mkt.dynamics.com", Purpose: Analytics, Vendor: "Microsoft Dynamics 365 Marketing"},

	// E-commerce e-mail marketing.
	{Pattern: "*.klaviyo.com", Purpose: Analytics, Vendor: "Klaviyo"},
	{Pattern: "*.chimpstatic.com", Purpose: Analytics, Vendor: "Mailchimp"},
	{Pattern: "*.list-manage.com", Purpose: Functional, Vendor: "Mailchimp forms"},
	{Pattern: "*.trackcmp.net", Purpose: Analytics, Vendor: "ActiveCampaign"},
}
