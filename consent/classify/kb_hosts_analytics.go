package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbAnalytics holds measurement, product-analytics, session-replay,
// experimentation and tag-management vendors.
var kbAnalytics = []HostRule{
	// Session replay and heatmaps.
	{Pattern: "*.clarity.ms", Purpose: purpose.Analytics, Vendor: "Microsoft Clarity"},
	{Pattern: "*.hotjar.com", Purpose: purpose.Analytics, Vendor: "Hotjar"},
	{Pattern: "*.hotjar.io", Purpose: purpose.Analytics, Vendor: "Hotjar"},
	{Pattern: "*.fullstory.com", Purpose: purpose.Analytics, Vendor: "FullStory"},
	{Pattern: "*.crazyegg.com", Purpose: purpose.Analytics, Vendor: "Crazy Egg"},
	{Pattern: "*.mouseflow.com", Purpose: purpose.Analytics, Vendor: "Mouseflow"},
	{Pattern: "*.luckyorange.com", Purpose: purpose.Analytics, Vendor: "Lucky Orange"},
	{Pattern: "*.luckyorange.net", Purpose: purpose.Analytics, Vendor: "Lucky Orange"},
	{Pattern: "*.smartlook.com", Purpose: purpose.Analytics, Vendor: "Smartlook"},
	{Pattern: "*.inspectlet.com", Purpose: purpose.Analytics, Vendor: "Inspectlet"},
	{Pattern: "*.contentsquare.net", Purpose: purpose.Analytics, Vendor: "Contentsquare"},
	{Pattern: "*.logrocket.io", Purpose: purpose.Analytics, Vendor: "LogRocket"},
	{Pattern: "*.lr-ingest.io", Purpose: purpose.Analytics, Vendor: "LogRocket"},

	// Product analytics and customer data platforms.
	{Pattern: "*.segment.com", Purpose: purpose.Analytics, Vendor: "Segment"},
	{Pattern: "*.segment.io", Purpose: purpose.Analytics, Vendor: "Segment"},
	{Pattern: "*.mxpnl.com", Purpose: purpose.Analytics, Vendor: "Mixpanel"},
	{Pattern: "*.mixpanel.com", Purpose: purpose.Analytics, Vendor: "Mixpanel"},
	{Pattern: "*.amplitude.com", Purpose: purpose.Analytics, Vendor: "Amplitude"},
	{Pattern: "*.heapanalytics.com", Purpose: purpose.Analytics, Vendor: "Heap"},
	{Pattern: "*.heap-api.com", Purpose: purpose.Analytics, Vendor: "Heap"},
	{Pattern: "*.pendo.io", Purpose: purpose.Analytics, Vendor: "Pendo"},

	// Web analytics.
	{Pattern: "mc.yandex.ru", Purpose: purpose.Analytics, Vendor: "Yandex Metrica"},
	{Pattern: "mc.yandex.ru/watch/", Purpose: purpose.Beacon, Vendor: "Yandex Metrica"},
	{Pattern: "mc.yandex.com", Purpose: purpose.Analytics, Vendor: "Yandex Metrica"},
	{Pattern: "mc.yandex.com/watch/", Purpose: purpose.Beacon, Vendor: "Yandex Metrica"},
	{Pattern: "*.scorecardresearch.com", Purpose: purpose.Analytics, Vendor: "comScore"},
	{Pattern: "*.scorecardresearch.com/p", Purpose: purpose.Beacon, Vendor: "comScore"},
	{Pattern: "*.matomo.cloud", Purpose: purpose.Analytics, Vendor: "Matomo"},
	{Pattern: "*.innocraft.cloud", Purpose: purpose.Analytics, Vendor: "Matomo"},
	{Pattern: "*.piwik.pro", Purpose: purpose.Analytics, Vendor: "Piwik PRO"},
	// Plausible sets no cookies, but it measures visitors: analytics.
	{Pattern: "*.plausible.io", Purpose: purpose.Analytics, Vendor: "Plausible"},
	{Pattern: "cdn.usefathom.com", Purpose: purpose.Analytics, Vendor: "Fathom"},
	{Pattern: "*.simpleanalyticscdn.com", Purpose: purpose.Analytics, Vendor: "Simple Analytics"},
	{Pattern: "*.umami.is", Purpose: purpose.Analytics, Vendor: "Umami"},
	{Pattern: "*.cloudflareinsights.com", Purpose: purpose.Analytics, Vendor: "Cloudflare Web Analytics"},
	{Pattern: "*.chartbeat.com", Purpose: purpose.Analytics, Vendor: "Chartbeat"},
	{Pattern: "*.chartbeat.net", Purpose: purpose.Analytics, Vendor: "Chartbeat"},
	{Pattern: "*.parsely.com", Purpose: purpose.Analytics, Vendor: "Parse.ly"},
	{Pattern: "hm.baidu.com", Purpose: purpose.Analytics, Vendor: "Baidu Tongji"},
	{Pattern: "stats.wp.com", Purpose: purpose.Analytics, Vendor: "Jetpack Stats"},
	{Pattern: "pixel.wp.com", Purpose: purpose.Beacon, Vendor: "Jetpack Stats"},

	// Real-user performance monitoring.
	{Pattern: "js-agent.newrelic.com", Purpose: purpose.Analytics, Vendor: "New Relic Browser"},
	{Pattern: "*.nr-data.net", Purpose: purpose.Analytics, Vendor: "New Relic Browser"},
	{Pattern: "*.go-mpulse.net", Purpose: purpose.Analytics, Vendor: "Akamai mPulse"},

	// Experimentation.
	{Pattern: "*.optimizely.com", Purpose: purpose.Analytics, Vendor: "Optimizely"},
	{Pattern: "*.visualwebsiteoptimizer.com", Purpose: purpose.Analytics, Vendor: "VWO"},

	// Adobe Experience Cloud.
	{Pattern: "assets.adobedtm.com", Purpose: purpose.Analytics, Vendor: "Adobe Experience Platform Tags (Launch)"},
	{Pattern: "*.omtrdc.net", Purpose: purpose.Analytics, Vendor: "Adobe Analytics"},
	{Pattern: "*.tt.omtrdc.net", Purpose: purpose.Analytics, Vendor: "Adobe Target"},
	{Pattern: "*.2o7.net", Purpose: purpose.Analytics, Vendor: "Adobe Analytics"},
	{Pattern: "edge.adobedc.net", Purpose: purpose.Analytics, Vendor: "Adobe Experience Platform Web SDK"},

	// Other tag managers.
	{Pattern: "*.tiqcdn.com", Purpose: purpose.Analytics, Vendor: "Tealium iQ"},
	{Pattern: "*.tealiumiq.com", Purpose: purpose.Analytics, Vendor: "Tealium"},
	{Pattern: "nexus.ensighten.com", Purpose: purpose.Analytics, Vendor: "Ensighten"},
}

// kbMarketing holds marketing-automation and CRM tracking code. Its site
// tracking builds visitor profiles for lead scoring and e-mail campaigns,
// which is analytics; it does not feed an ad network (their ad pixels are in
// kbAdvertising). Their forms and chat are functional, their cookie banners
// necessary.
var kbMarketing = []HostRule{
	// HubSpot.
	{Pattern: "*.hs-scripts.com", Purpose: purpose.Analytics, Vendor: "HubSpot"},
	{Pattern: "*.hs-analytics.net", Purpose: purpose.Analytics, Vendor: "HubSpot"},
	{Pattern: "track.hubspot.com", Purpose: purpose.Analytics, Vendor: "HubSpot"},
	{Pattern: "track.hubspot.com/__ptq.gif", Purpose: purpose.Beacon, Vendor: "HubSpot"},
	{Pattern: "*.hscollectedforms.net", Purpose: purpose.Analytics, Vendor: "HubSpot"},
	{Pattern: "*.hs-banner.com", Purpose: purpose.Necessary, Vendor: "HubSpot cookie banner"},
	{Pattern: "*.hsforms.net", Purpose: purpose.Functional, Vendor: "HubSpot Forms"},
	{Pattern: "*.hsforms.com", Purpose: purpose.Functional, Vendor: "HubSpot Forms"},
	{Pattern: "*.usemessages.com", Purpose: purpose.Functional, Vendor: "HubSpot chat"},

	// Salesforce, Adobe Marketo, Microsoft Dynamics 365.
	{Pattern: "*.pardot.com", Purpose: purpose.Analytics, Vendor: "Salesforce Pardot"},
	{Pattern: "munchkin.marketo.net", Purpose: purpose.Analytics, Vendor: "Marketo Munchkin"},
	{Pattern: "*.mktoresp.com", Purpose: purpose.Analytics, Vendor: "Marketo Munchkin"},
	{Pattern: "*.marketo.com", Purpose: purpose.Analytics, Vendor: "Marketo"},
	{Pattern: "*.marketo.com/js/forms2/", Purpose: purpose.Functional, Vendor: "Marketo Forms"},
	{Pattern: "*.mkt.dynamics.com", Purpose: purpose.Analytics, Vendor: "Microsoft Dynamics 365 Marketing"},

	// E-commerce e-mail marketing.
	{Pattern: "*.klaviyo.com", Purpose: purpose.Analytics, Vendor: "Klaviyo"},
	{Pattern: "*.chimpstatic.com", Purpose: purpose.Analytics, Vendor: "Mailchimp"},
	{Pattern: "*.list-manage.com", Purpose: purpose.Functional, Vendor: "Mailchimp forms"},
	{Pattern: "*.trackcmp.net", Purpose: purpose.Analytics, Vendor: "ActiveCampaign"},
}
