package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbAdCookies are the cookies of advertising pixels, ad networks and
// identity providers: conversion tracking, click identifiers and audiences.
var kbAdCookies = []CookieRule{
	// Meta Pixel and Facebook.
	{"_fbp", purpose.Retargeting, "Meta Pixel"},
	{"_fbc", purpose.Retargeting, "Meta Pixel"}, // stores the fbclid click id
	{"fr", purpose.Retargeting, "Meta Pixel"},
	{"datr", purpose.Social, "Facebook"},
	{"c_user", purpose.Social, "Facebook"},
	{"fbm_*", purpose.Social, "Facebook"},  // Facebook JavaScript SDK: fbm_<app-id>
	{"fbsr_*", purpose.Social, "Facebook"}, // Facebook JavaScript SDK: fbsr_<app-id>
	{"ig_did", purpose.Social, "Instagram"},
	{"ig_nrcb", purpose.Social, "Instagram"},

	// LinkedIn Insight Tag and linkedin.com.
	{"li_fat_id", purpose.Retargeting, "LinkedIn"}, // stores the li_fat_id click id
	{"li_sugr", purpose.Retargeting, "LinkedIn"},
	{"li_giant", purpose.Retargeting, "LinkedIn"},
	{"bcookie", purpose.Retargeting, "LinkedIn"},
	{"bscookie", purpose.Retargeting, "LinkedIn"},
	{"lidc", purpose.Retargeting, "LinkedIn"},
	{"UserMatchHistory", purpose.Retargeting, "LinkedIn"},
	{"AnalyticsSyncHistory", purpose.Retargeting, "LinkedIn"},
	{"ln_or", purpose.Analytics, "LinkedIn"},
	{"oribi_user_guid", purpose.Analytics, "LinkedIn"},
	{"oribili_user_guid", purpose.Analytics, "LinkedIn"},
	{"li_gc", purpose.Necessary, "LinkedIn"}, // the visitor's cookie choices
	{"li_mc", purpose.Necessary, "LinkedIn"},

	// Microsoft Advertising (UET) and bing.com.
	{"_uetsid", purpose.Retargeting, "Microsoft Advertising"},
	{"_uetvid", purpose.Retargeting, "Microsoft Advertising"},
	{"_uetmsclkid", purpose.Retargeting, "Microsoft Advertising"}, // stores the msclkid click id
	{"MUID", purpose.Retargeting, "Microsoft Bing"},
	{"ANONCHK", purpose.Retargeting, "Microsoft Bing"},
	{"SRCHD", purpose.Retargeting, "Microsoft Bing"},
	{"SRCHUID", purpose.Retargeting, "Microsoft Bing"},
	{"SRCHUSR", purpose.Retargeting, "Microsoft Bing"},
	{"_EDGE_S", purpose.Retargeting, "Microsoft Bing"},
	{"_EDGE_V", purpose.Retargeting, "Microsoft Bing"},
	{"MSCC", purpose.Necessary, "Microsoft"}, // the visitor's cookie choices

	// TikTok Pixel and tiktok.com.
	{"_ttp", purpose.Retargeting, "TikTok"},
	{"_tt_enable_cookie", purpose.Retargeting, "TikTok"},
	{"ttcsid", purpose.Retargeting, "TikTok"},
	{"ttcsid_*", purpose.Retargeting, "TikTok"},
	{"ttwid", purpose.Retargeting, "TikTok"},
	{"tt_chain_token", purpose.Retargeting, "TikTok"},
	{"tt_webid", purpose.Retargeting, "TikTok"},
	{"tt_webid_v2", purpose.Retargeting, "TikTok"},

	// Pinterest Tag and pinterest.com.
	{"_pin_unauth", purpose.Retargeting, "Pinterest"},
	{"_epik", purpose.Retargeting, "Pinterest"}, // stores the epik click id
	{"_derived_epik", purpose.Retargeting, "Pinterest"},
	{"_pinterest_ct_ua", purpose.Retargeting, "Pinterest"},
	{"_pinterest_ct_rt", purpose.Retargeting, "Pinterest"},
	{"_pinterest_sess", purpose.Retargeting, "Pinterest"},
	{"_routing_id", purpose.Retargeting, "Pinterest"},

	// Snap Pixel.
	{"_scid", purpose.Retargeting, "Snap"},
	{"_scid_r", purpose.Retargeting, "Snap"},
	{"_sctr", purpose.Retargeting, "Snap"},
	{"sc_at", purpose.Retargeting, "Snap"},

	// Reddit Pixel.
	{"_rdt_uuid", purpose.Retargeting, "Reddit"},
	{"_rdt_cid", purpose.Retargeting, "Reddit"}, // stores the rdt_cid click id

	// X (Twitter) Pixel and x.com.
	{"_twclid", purpose.Retargeting, "X (Twitter)"}, // stores the twclid click id
	{"personalization_id", purpose.Retargeting, "X (Twitter)"},
	{"guest_id", purpose.Retargeting, "X (Twitter)"},
	{"guest_id_ads", purpose.Retargeting, "X (Twitter)"},
	{"guest_id_marketing", purpose.Retargeting, "X (Twitter)"},
	{"muc_ads", purpose.Retargeting, "X (Twitter)"},

	// Criteo OneTag.
	{"cto_*", purpose.Retargeting, "Criteo"},
	{"cto_bundle", purpose.Retargeting, "Criteo"},
	{"cto_bidid", purpose.Retargeting, "Criteo"},
	{"cto_lwid", purpose.Retargeting, "Criteo"},
	{"cto_idcpy", purpose.Retargeting, "Criteo"},
	{"cto_axid", purpose.Retargeting, "Criteo"},
	{"cto_tld_test", purpose.Retargeting, "Criteo"},
	{"criteo_write_test", purpose.Retargeting, "Criteo"},

	// Taboola.
	{"t_gid", purpose.Retargeting, "Taboola"},
	{"t_pt_gid", purpose.Retargeting, "Taboola"},
	{"taboola_session_id", purpose.Retargeting, "Taboola"},
	{"trc_cookie_storage", purpose.Retargeting, "Taboola"},

	// Outbrain.
	{"obuid", purpose.Retargeting, "Outbrain"},
	{"outbrain_cid_fetch", purpose.Retargeting, "Outbrain"},
	{"OB-USER-TOKEN", purpose.Retargeting, "Outbrain"},

	// AdRoll (NextRoll).
	{"__adroll*", purpose.Retargeting, "AdRoll"},
	{"__adroll", purpose.Retargeting, "AdRoll"},
	{"__adroll_fpc", purpose.Retargeting, "AdRoll"},
	{"__adroll_shared", purpose.Retargeting, "AdRoll"},
	{"__ar_v4", purpose.Retargeting, "AdRoll"},

	// Quantcast.
	{"__qca", purpose.Retargeting, "Quantcast"},
	{"mc", purpose.Retargeting, "Quantcast"},

	// Yandex advertising (yandex.com, third party).
	{"yandexuid", purpose.Retargeting, "Yandex"},
	{"yuidss", purpose.Retargeting, "Yandex"},
	{"ymex", purpose.Retargeting, "Yandex"},
	{"yabs-sid", purpose.Retargeting, "Yandex"},

	// Programmatic advertising: exchanges, DSPs and identity solutions.
	{"TDID", purpose.Retargeting, "The Trade Desk"},
	{"TDCPM", purpose.Retargeting, "The Trade Desk"},
	{"uuid2", purpose.Retargeting, "Xandr"},
	{"anj", purpose.Retargeting, "Xandr"},
	{"XANDR_PANID", purpose.Retargeting, "Xandr"},
	{"KADUSERCOOKIE", purpose.Retargeting, "PubMatic"},
	{"KTPCACOOKIE", purpose.Retargeting, "PubMatic"},
	{"PUBMDCID", purpose.Retargeting, "PubMatic"},
	{"KRTBCOOKIE_*", purpose.Retargeting, "PubMatic"},
	{"CMID", purpose.Retargeting, "Index Exchange"},
	{"CMPS", purpose.Retargeting, "Index Exchange"},
	{"CMPRO", purpose.Retargeting, "Index Exchange"},
	{"idl_env", purpose.Retargeting, "LiveRamp"},
	{"_lr_env", purpose.Retargeting, "LiveRamp"},
	{"_lr_env_src_ats", purpose.Retargeting, "LiveRamp"},
	{"_lr_retry_request", purpose.Retargeting, "LiveRamp"},
	{"pxrc", purpose.Retargeting, "LiveRamp"},
	{"rlas3", purpose.Retargeting, "LiveRamp"},
	{"id5id", purpose.Retargeting, "ID5"},
	{"_pubcid", purpose.Retargeting, "Prebid SharedID"},
	{"_sharedid", purpose.Retargeting, "Prebid SharedID"},
	{"__uid2_advertising_token", purpose.Retargeting, "Unified ID 2.0"},
	{"_cc_id", purpose.Retargeting, "Lotame"},
	{"panoramaId*", purpose.Retargeting, "Lotame"}, // panoramaId, panoramaId_expiry
	{"ljt_reader", purpose.Retargeting, "Sovrn"},
	{"ad-id", purpose.Retargeting, "Amazon Ads"},
	{"_au_1d", purpose.Retargeting, "AudienceProject"},
	{"_au_last_seen_pixels", purpose.Retargeting, "AudienceProject"},
	{"tuuid", purpose.Retargeting, "BidSwitch"},
	{"tuuid_lu", purpose.Retargeting, "BidSwitch"},
	{"tt_viewer", purpose.Retargeting, "Teads"},
	{"everest_g_v2", purpose.Retargeting, "Adobe Advertising"},
}
