package consent

// kbAdCookies are the cookies of advertising pixels, ad networks and
// identity providers: conversion tracking, click identifiers and audiences.
var kbAdCookies = []CookieRule{
	// Meta Pixel and Facebook.
	{"_fbp", Retargeting, "Meta Pixel"},
	{"_fbc", Retargeting, "Meta Pixel"}, // stores the fbclid click id
	{"fr", Retargeting, "Meta Pixel"},
	{"datr", Social, "Facebook"},
	{"c_user", Social, "Facebook"},
	{"fbm_*", Social, "Facebook"},  // Facebook JavaScript SDK: fbm_<app-id>
	{"fbsr_*", Social, "Facebook"}, // Facebook JavaScript SDK: fbsr_<app-id>
	{"ig_did", Social, "Instagram"},
	{"ig_nrcb", Social, "Instagram"},

	// LinkedIn Insight Tag and linkedin.com.
	{"li_fat_id", Retargeting, "LinkedIn"}, // stores the li_fat_id click id
	{"li_sugr", Retargeting, "LinkedIn"},
	{"li_giant", Retargeting, "LinkedIn"},
	{"bcookie", Retargeting, "LinkedIn"},
	{"bscookie", Retargeting, "LinkedIn"},
	{"lidc", Retargeting, "LinkedIn"},
	{"UserMatchHistory", Retargeting, "LinkedIn"},
	{"AnalyticsSyncHistory", Retargeting, "LinkedIn"},
	{"ln_or", Analytics, "LinkedIn"},
	{"oribi_user_guid", Analytics, "LinkedIn"},
	{"oribili_user_guid", Analytics, "LinkedIn"},
	{"li_gc", Necessary, "LinkedIn"}, // the visitor's cookie choices
	{"li_mc", Necessary, "LinkedIn"},

	// Microsoft Advertising (UET) and bing.com.
	{"_uetsid", Retargeting, "Microsoft Advertising"},
	{"_uetvid", Retargeting, "Microsoft Advertising"},
	{"_uetmsclkid", Retargeting, "Microsoft Advertising"}, // stores the msclkid click id
	{"MUID", Retargeting, "Microsoft Bing"},
	{"ANONCHK", Retargeting, "Microsoft Bing"},
	{"SRCHD", Retargeting, "Microsoft Bing"},
	{"SRCHUID", Retargeting, "Microsoft Bing"},
	{"SRCHUSR", Retargeting, "Microsoft Bing"},
	{"_EDGE_S", Retargeting, "Microsoft Bing"},
	{"_EDGE_V", Retargeting, "Microsoft Bing"},
	{"MSCC", Necessary, "Microsoft"}, // the visitor's cookie choices

	// TikTok Pixel and tiktok.com.
	{"_ttp", Retargeting, "TikTok"},
	{"_tt_enable_cookie", Retargeting, "TikTok"},
	{"ttcsid", Retargeting, "TikTok"},
	{"ttcsid_*", Retargeting, "TikTok"},
	{"ttwid", Retargeting, "TikTok"},
	{"tt_chain_token", Retargeting, "TikTok"},
	{"tt_webid", Retargeting, "TikTok"},
	{"tt_webid_v2", Retargeting, "TikTok"},

	// Pinterest Tag and pinterest.com.
	{"_pin_unauth", Retargeting, "Pinterest"},
	{"_epik", Retargeting, "Pinterest"}, // stores the epik click id
	{"_derived_epik", Retargeting, "Pinterest"},
	{"_pinterest_ct_ua", Retargeting, "Pinterest"},
	{"_pinterest_ct_rt", Retargeting, "Pinterest"},
	{"_pinterest_sess", Retargeting, "Pinterest"},
	{"_routing_id", Retargeting, "Pinterest"},

	// Snap Pixel.
	{"_scid", Retargeting, "Snap"},
	{"_scid_r", Retargeting, "Snap"},
	{"_sctr", Retargeting, "Snap"},
	{"sc_at", Retargeting, "Snap"},

	// Reddit Pixel.
	{"_rdt_uuid", Retargeting, "Reddit"},
	{"_rdt_cid", Retargeting, "Reddit"}, // stores the rdt_cid click id

	// X (Twitter) Pixel and x.com.
	{"_twclid", Retargeting, "X (Twitter)"}, // stores the twclid click id
	{"personalization_id", Retargeting, "X (Twitter)"},
	{"guest_id", Retargeting, "X (Twitter)"},
	{"guest_id_ads", Retargeting, "X (Twitter)"},
	{"guest_id_marketing", Retargeting, "X (Twitter)"},
	{"muc_ads", Retargeting, "X (Twitter)"},

	// Criteo OneTag.
	{"cto_*", Retargeting, "Criteo"},
	{"cto_bundle", Retargeting, "Criteo"},
	{"cto_bidid", Retargeting, "Criteo"},
	{"cto_lwid", Retargeting, "Criteo"},
	{"cto_idcpy", Retargeting, "Criteo"},
	{"cto_axid", Retargeting, "Criteo"},
	{"cto_tld_test", Retargeting, "Criteo"},
	{"criteo_write_test", Retargeting, "Criteo"},

	// Taboola.
	{"t_gid", Retargeting, "Taboola"},
	{"t_pt_gid", Retargeting, "Taboola"},
	{"taboola_session_id", Retargeting, "Taboola"},
	{"trc_cookie_storage", Retargeting, "Taboola"},

	// Outbrain.
	{"obuid", Retargeting, "Outbrain"},
	{"outbrain_cid_fetch", Retargeting, "Outbrain"},
	{"OB-USER-TOKEN", Retargeting, "Outbrain"},

	// AdRoll (NextRoll).
	{"__adroll*", Retargeting, "AdRoll"},
	{"__adroll", Retargeting, "AdRoll"},
	{"__adroll_fpc", Retargeting, "AdRoll"},
	{"__adroll_shared", Retargeting, "AdRoll"},
	{"__ar_v4", Retargeting, "AdRoll"},

	// Quantcast.
	{"__qca", Retargeting, "Quantcast"},
	{"mc", Retargeting, "Quantcast"},

	// Yandex advertising (yandex.com, third party).
	{"yandexuid", Retargeting, "Yandex"},
	{"yuidss", Retargeting, "Yandex"},
	{"ymex", Retargeting, "Yandex"},
	{"yabs-sid", Retargeting, "Yandex"},

	// Programmatic advertising: exchanges, DSPs and identity solutions.
	{"TDID", Retargeting, "The Trade Desk"},
	{"TDCPM", Retargeting, "The Trade Desk"},
	{"uuid2", Retargeting, "Xandr"},
	{"anj", Retargeting, "Xandr"},
	{"XANDR_PANID", Retargeting, "Xandr"},
	{"KADUSERCOOKIE", Retargeting, "PubMatic"},
	{"KTPCACOOKIE", Retargeting, "PubMatic"},
	{"PUBMDCID", Retargeting, "PubMatic"},
	{"KRTBCOOKIE_*", Retargeting, "PubMatic"},
	{"CMID", Retargeting, "Index Exchange"},
	{"CMPS", Retargeting, "Index Exchange"},
	{"CMPRO", Retargeting, "Index Exchange"},
	{"idl_env", Retargeting, "LiveRamp"},
	{"_lr_env", Retargeting, "LiveRamp"},
	{"_lr_env_src_ats", Retargeting, "LiveRamp"},
	{"_lr_retry_request", Retargeting, "LiveRamp"},
	{"pxrc", Retargeting, "LiveRamp"},
	{"rlas3", Retargeting, "LiveRamp"},
	{"id5id", Retargeting, "ID5"},
	{"_pubcid", Retargeting, "Prebid SharedID"},
	{"_sharedid", Retargeting, "Prebid SharedID"},
	{"__uid2_advertising_token", Retargeting, "Unified ID 2.0"},
	{"_cc_id", Retargeting, "Lotame"},
	{"panoramaId*", Retargeting, "Lotame"}, // panoramaId, panoramaId_expiry
	{"ljt_reader", Retargeting, "Sovrn"},
	{"ad-id", Retargeting, "Amazon Ads"},
	{"_au_1d", Retargeting, "AudienceProject"},
	{"_au_last_seen_pixels", Retargeting, "AudienceProject"},
	{"tuuid", Retargeting, "BidSwitch"},
	{"tuuid_lu", Retargeting, "BidSwitch"},
	{"tt_viewer", Retargeting, "Teads"},
	{"everest_g_v2", Retargeting, "Adobe Advertising"},
}
