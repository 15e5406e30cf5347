package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbGoogleCookies are the cookies of Google's measurement, advertising and
// embedded products, as Google documents them ("How Google Analytics uses
// cookies", "Google Ads conversion linker", "Cookies used by Google").
var kbGoogleCookies = []CookieRule{
	// Google Analytics 4 and Universal Analytics (analytics.js, gtag.js).
	{"_ga", purpose.Analytics, "Google Analytics"},
	{"_ga_*", purpose.Analytics, "Google Analytics"}, // GA4 session state: _ga_<container-id>
	{"_gid", purpose.Analytics, "Google Analytics"},
	{"_gat", purpose.Analytics, "Google Analytics"},
	{"_gat_*", purpose.Analytics, "Google Analytics"}, // _gat_<property-id>, _gat_gtag_<id>
	{"_dc_gtm_*", purpose.Analytics, "Google Analytics"},
	{"AMP_TOKEN", purpose.Analytics, "Google Analytics"},
	{"FPID", purpose.Analytics, "Google Analytics"}, // server-side tagging client id
	{"FPLC", purpose.Analytics, "Google Analytics"},
	{"FPGSID", purpose.Analytics, "Google Analytics"},
	// Legacy ga.js / urchin.js.
	{"__utma", purpose.Analytics, "Google Analytics"},
	{"__utmb", purpose.Analytics, "Google Analytics"},
	{"__utmc", purpose.Analytics, "Google Analytics"},
	{"__utmt", purpose.Analytics, "Google Analytics"},
	{"__utmt_*", purpose.Analytics, "Google Analytics"},
	{"__utmv", purpose.Analytics, "Google Analytics"},
	{"__utmz", purpose.Analytics, "Google Analytics"},
	{"__utmx", purpose.Analytics, "Google Analytics"},
	{"__utmxx", purpose.Analytics, "Google Analytics"},

	// Google Optimize (experiments; discontinued 2023 but still seen).
	{"_gaexp", purpose.Analytics, "Google Optimize"},
	{"_gaexp_rc", purpose.Analytics, "Google Optimize"},
	{"_opt_awcid", purpose.Analytics, "Google Optimize"},
	{"_opt_awmid", purpose.Analytics, "Google Optimize"},
	{"_opt_awgid", purpose.Analytics, "Google Optimize"},
	{"_opt_awkid", purpose.Analytics, "Google Optimize"},
	{"_opt_utmc", purpose.Analytics, "Google Optimize"},
	{"_opt_expid", purpose.Analytics, "Google Optimize"},

	// Google Ads conversion linker and click identifiers.
	{"_gcl_*", purpose.Retargeting, "Google Ads"},
	{"_gcl_au", purpose.Retargeting, "Google Ads"},
	{"_gcl_aw", purpose.Retargeting, "Google Ads"},
	{"_gcl_dc", purpose.Retargeting, "Google Ads"},
	{"_gcl_gb", purpose.Retargeting, "Google Ads"},
	{"_gcl_gf", purpose.Retargeting, "Google Ads"},
	{"_gcl_gs", purpose.Retargeting, "Google Ads"},
	{"_gcl_ha", purpose.Retargeting, "Google Ads"},
	{"_gac_*", purpose.Retargeting, "Google Ads"}, // GA campaign data shared with linked Ads accounts
	{"FPAU", purpose.Retargeting, "Google Ads"},
	{"FPGCLAW", purpose.Retargeting, "Google Ads"},
	{"FPGCLDC", purpose.Retargeting, "Google Ads"},
	{"FPGCLGB", purpose.Retargeting, "Google Ads"},

	// DoubleClick / Campaign Manager (doubleclick.net, third party).
	{"IDE", purpose.Retargeting, "Google DoubleClick"},
	{"DSID", purpose.Retargeting, "Google DoubleClick"},
	{"test_cookie", purpose.Retargeting, "Google DoubleClick"},
	{"ar_debug", purpose.Retargeting, "Google DoubleClick"},

	// AdSense and Ad Manager (publisher first party).
	{"__gads", purpose.Retargeting, "Google AdSense"},
	{"__gpi", purpose.Retargeting, "Google AdSense"},
	{"__gpi_optout", purpose.Retargeting, "Google AdSense"},
	{"__eoi", purpose.Retargeting, "Google AdSense"},
	{"__gsas", purpose.Retargeting, "Google AdSense"},
	{"GoogleAdServingTest", purpose.Retargeting, "Google AdSense"},

	// google.com (third party).
	{"NID", purpose.Retargeting, "Google"},
	{"1P_JAR", purpose.Retargeting, "Google"},
	{"ANID", purpose.Retargeting, "Google"},
	{"__Secure-3PSID", purpose.Retargeting, "Google"},
	{"__Secure-3PAPISID", purpose.Retargeting, "Google"},
	{"__Secure-3PSIDCC", purpose.Retargeting, "Google"},
	{"__Secure-3PSIDTS", purpose.Retargeting, "Google"},
	{"AEC", purpose.Necessary, "Google"},     // abuse prevention
	{"SOCS", purpose.Necessary, "Google"},    // the visitor's cookie choices
	{"CONSENT", purpose.Necessary, "Google"}, // the visitor's cookie choices (older)

	{"_GRECAPTCHA", purpose.Necessary, "Google reCAPTCHA"},
	{"FCCDCF", purpose.Necessary, "Google Funding Choices"}, // consent state of Google's CMP
	{"googtrans", purpose.Functional, "Google Translate"},

	// YouTube embeds (youtube.com, third party).
	{"VISITOR_INFO1_LIVE", purpose.Social, "YouTube"},
	{"VISITOR_PRIVACY_METADATA", purpose.Social, "YouTube"},
	{"YSC", purpose.Social, "YouTube"},
	{"__Secure-YEC", purpose.Social, "YouTube"},
	{"__Secure-ROLLOUT_TOKEN", purpose.Social, "YouTube"},
	{"yt-remote-*", purpose.Social, "YouTube"}, // yt-remote-device-id, yt-remote-connected-devices, ...
	{"yt.innertube::*", purpose.Social, "YouTube"},
}
