package consent

// kbGoogleCookies are the cookies of Google's measurement, advertising and
// embedded products, as Google documents them ("How Google Analytics uses
// cookies", "Google Ads conversion linker", "Cookies used by Google").
var kbGoogleCookies = []CookieRule{
	// Google Analytics 4 and Universal Analytics (analytics.js, gtag.js).
	{"_ga", Analytics, "Google Analytics"},
	{"_ga_*", Analytics, "Google Analytics"}, // GA4 session state: _ga_<container-id>
	{"_gid", Analytics, "Google Analytics"},
	{"_gat", Analytics, "Google Analytics"},
	{"_gat_*", Analytics, "Google Analytics"}, // _gat_<property-id>, _gat_gtag_<id>
	{"_dc_gtm_*", Analytics, "Google Analytics"},
	{"AMP_TOKEN", Analytics, "Google Analytics"},
	{"FPID", Analytics, "Google Analytics"}, // server-side tagging client id
	{"FPLC", Analytics, "Google Analytics"},
	{"FPGSID", Analytics, "Google Analytics"},
	// Legacy ga.js / urchin.js.
	{"__utma", Analytics, "Google Analytics"},
	{"__utmb", Analytics, "Google Analytics"},
	{"__utmc", Analytics, "Google Analytics"},
	{"__utmt", Analytics, "Google Analytics"},
	{"__utmt_*", Analytics, "Google Analytics"},
	{"__utmv", Analytics, "Google Analytics"},
	{"__utmz", Analytics, "Google Analytics"},
	{"__utmx", Analytics, "Google Analytics"},
	{"__utmxx", Analytics, "Google Analytics"},

	// Google Optimize (experiments; discontinued 2023 but still seen).
	{"_gaexp", Analytics, "Google Optimize"},
	{"_gaexp_rc", Analytics, "Google Optimize"},
	{"_opt_awcid", Analytics, "Google Optimize"},
	{"_opt_awmid", Analytics, "Google Optimize"},
	{"_opt_awgid", Analytics, "Google Optimize"},
	{"_opt_awkid", Analytics, "Google Optimize"},
	{"_opt_utmc", Analytics, "Google Optimize"},
	{"_opt_expid", Analytics, "Google Optimize"},

	// Google Ads conversion linker and click identifiers.
	{"_gcl_*", Retargeting, "Google Ads"},
	{"_gcl_au", Retargeting, "Google Ads"},
	{"_gcl_aw", Retargeting, "Google Ads"},
	{"_gcl_dc", Retargeting, "Google Ads"},
	{"_gcl_gb", Retargeting, "Google Ads"},
	{"_gcl_gf", Retargeting, "Google Ads"},
	{"_gcl_gs", Retargeting, "Google Ads"},
	{"_gcl_ha", Retargeting, "Google Ads"},
	{"_gac_*", Retargeting, "Google Ads"}, // GA campaign data shared with linked Ads accounts
	{"FPAU", Retargeting, "Google Ads"},
	{"FPGCLAW", Retargeting, "Google Ads"},
	{"FPGCLDC", Retargeting, "Google Ads"},
	{"FPGCLGB", Retargeting, "Google Ads"},

	// DoubleClick / Campaign Manager (doubleclick.net, third party).
	{"IDE", Retargeting, "Google DoubleClick"},
	{"DSID", Retargeting, "Google DoubleClick"},
	{"test_cookie", Retargeting, "Google DoubleClick"},
	{"ar_debug", Retargeting, "Google DoubleClick"},

	// AdSense and Ad Manager (publisher first party).
	{"__gads", Retargeting, "Google AdSense"},
	{"__gpi", Retargeting, "Google AdSense"},
	{"__gpi_optout", Retargeting, "Google AdSense"},
	{"__eoi", Retargeting, "Google AdSense"},
	{"__gsas", Retargeting, "Google AdSense"},
	{"GoogleAdServingTest", Retargeting, "Google AdSense"},

	// google.com (third party).
	{"NID", Retargeting, "Google"},
	{"1P_JAR", Retargeting, "Google"},
	{"ANID", Retargeting, "Google"},
	{"__Secure-3PSID", Retargeting, "Google"},
	{"__Secure-3PAPISID", Retargeting, "Google"},
	{"__Secure-3PSIDCC", Retargeting, "Google"},
	{"__Secure-3PSIDTS", Retargeting, "Google"},
	{"AEC", Necessary, "Google"},     // abuse prevention
	{"SOCS", Necessary, "Google"},    // the visitor's cookie choices
	{"CONSENT", Necessary, "Google"}, // the visitor's cookie choices (older)

	{"_GRECAPTCHA", Necessary, "Google reCAPTCHA"},
	{"FCCDCF", Necessary, "Google Funding Choices"}, // consent state of Google's CMP
	{"googtrans", Functional, "Google Translate"},

	// YouTube embeds (youtube.com, third party).
	{"VISITOR_INFO1_LIVE", Social, "YouTube"},
	{"VISITOR_PRIVACY_METADATA", Social, "YouTube"},
	{"YSC", Social, "YouTube"},
	{"__Secure-YEC", Social, "YouTube"},
	{"__Secure-ROLLOUT_TOKEN", Social, "YouTube"},
	{"yt-remote-*", Social, "YouTube"}, // yt-remote-device-id, yt-remote-connected-devices, ...
	{"yt.innertube::*", Social, "YouTube"},
}
