package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbServiceCookies are the cookies of marketing automation, chat widgets,
// embedded players and share buttons, shop platforms and payment providers.
var kbServiceCookies = []CookieRule{
	// HubSpot.
	{"__hstc", purpose.Analytics, "HubSpot"},
	{"hubspotutk", purpose.Analytics, "HubSpot"},
	{"__hssc", purpose.Analytics, "HubSpot"},
	{"__hssrc", purpose.Analytics, "HubSpot"},
	{"__hs_opt_out", purpose.Necessary, "HubSpot"}, // the visitor's cookie choices
	{"__hs_do_not_track", purpose.Necessary, "HubSpot"},
	{"__hs_initial_opt_in", purpose.Necessary, "HubSpot"},
	{"__hs_cookie_cat_pref", purpose.Necessary, "HubSpot"},
	{"__hs_gpc_banner_dismiss", purpose.Necessary, "HubSpot"},
	{"hs_ab_test", purpose.Necessary, "HubSpot"},
	{"__hsmem", purpose.Necessary, "HubSpot"}, // membership sign-on
	{"hs-membership-csrf", purpose.Necessary, "HubSpot"},
	{"hs_langswitcher_choice", purpose.Functional, "HubSpot"},
	{"messagesUtk", purpose.Functional, "HubSpot"}, // chat
	{"hs-messages-is-open", purpose.Functional, "HubSpot"},
	{"hs-messages-hide-welcome-message", purpose.Functional, "HubSpot"},

	// Marketing automation and B2B visitor identification.
	// Pardot names carry the account id; a regular expression keeps a
	// site's own "visitor_id" or "lpvXYZ" cookie out.
	{"/^visitor_id[0-9]+(-hash)?$/", purpose.Retargeting, "Salesforce Pardot"}, // visitor_id<account-id>[-hash]
	{"pi_opt_in*", purpose.Necessary, "Salesforce Pardot"},                     // pi_opt_in<account-id>: tracking consent
	{"/^lpv[0-9]+$/", purpose.Retargeting, "Salesforce Pardot"},                // lpv<account-id>
	{"pardot", purpose.Necessary, "Salesforce Pardot"},
	{"BrowserId", purpose.Necessary, "Salesforce"},
	{"BrowserId_sec", purpose.Necessary, "Salesforce"},
	{"CookieConsentPolicy", purpose.Necessary, "Salesforce"},
	{"_mkto_trk", purpose.Retargeting, "Marketo"},
	{"__kla_id", purpose.Retargeting, "Klaviyo"},
	{"_mcid", purpose.Retargeting, "Mailchimp"},
	{"mailchimp_landing_site", purpose.Retargeting, "Mailchimp"},
	{"/^prism_[0-9]+$/", purpose.Retargeting, "ActiveCampaign"}, // prism_<account-id>
	{"sib_cuid", purpose.Retargeting, "Brevo"},
	{"_cioid", purpose.Retargeting, "Customer.io"},
	{"_cioanonid", purpose.Retargeting, "Customer.io"},
	{"_drip_client_*", purpose.Retargeting, "Drip"},
	{"_lfa", purpose.Retargeting, "Leadfeeder"},
	{"_gd_visitor", purpose.Retargeting, "6sense"},
	{"_gd_session", purpose.Retargeting, "6sense"},
	{"_gd_svisitor", purpose.Retargeting, "6sense"},
	{"_zitok", purpose.Retargeting, "ZoomInfo"},
	{"_omappvp", purpose.Retargeting, "OptinMonster"},
	{"_omappvs", purpose.Retargeting, "OptinMonster"},

	// Chat and support widgets.
	{"intercom-id-*", purpose.Functional, "Intercom"},
	{"intercom-session-*", purpose.Functional, "Intercom"},
	{"intercom-device-id-*", purpose.Functional, "Intercom"},
	{"driftt_aid", purpose.Functional, "Drift"},
	{"driftt_sid", purpose.Functional, "Drift"},
	{"drift_aid", purpose.Functional, "Drift"},
	{"drift_eid", purpose.Functional, "Drift"},
	{"drift_campaign_refresh", purpose.Functional, "Drift"},
	{"DFTT_END_USER_PREV_BOOTSTRAPPED", purpose.Functional, "Drift"},
	{"__lc_cid", purpose.Functional, "LiveChat"},
	{"__lc_cst", purpose.Functional, "LiveChat"},
	{"__lc2_cid", purpose.Functional, "LiveChat"},
	{"__lc2_cst", purpose.Functional, "LiveChat"},
	{"__zlcmid", purpose.Functional, "Zendesk"},
	{"__zlcprivacy", purpose.Functional, "Zendesk"},
	{"ZD-suid", purpose.Functional, "Zendesk"},
	{"ZD-buid", purpose.Functional, "Zendesk"},
	{"_zendesk_session", purpose.Necessary, "Zendesk"},
	{"_zendesk_shared_session", purpose.Necessary, "Zendesk"},
	{"_zendesk_cookie", purpose.Functional, "Zendesk"},
	{"__tawkuuid", purpose.Functional, "tawk.to"},
	{"TawkConnectionTime", purpose.Functional, "tawk.to"},
	{"twk_uuid_*", purpose.Functional, "tawk.to"},
	{"twk_idm_key", purpose.Functional, "tawk.to"},
	{"crisp-client/session/*", purpose.Functional, "Crisp"},
	{"hblid", purpose.Functional, "Olark"},
	{"olfsk", purpose.Functional, "Olark"},
	{"wcsid", purpose.Functional, "Olark"},
	{"_okbk", purpose.Functional, "Olark"},
	{"_okdetect", purpose.Functional, "Olark"},
	{"tidio_state_*", purpose.Functional, "Tidio"},

	// Embedded players and share buttons.
	{"vuid", purpose.Analytics, "Vimeo"}, // Vimeo documents vuid as its analytics id
	{"sp_t", purpose.Social, "Spotify"},
	{"sp_landing", purpose.Social, "Spotify"},
	{"sc_anonymous_id", purpose.Social, "SoundCloud"},
	{"__stid", purpose.Social, "ShareThis"},
	{"__sharethis_cookie_test__", purpose.Social, "ShareThis"},
	{"__unam", purpose.Social, "ShareThis"},
	{"__atuvc", purpose.Social, "AddThis"},
	{"__atuvs", purpose.Social, "AddThis"},
	{"disqus_unique", purpose.Social, "Disqus"},

	// Shopify.
	{"_shopify_y", purpose.Analytics, "Shopify"},
	{"_shopify_s", purpose.Analytics, "Shopify"},
	{"_shopify_sa_t", purpose.Analytics, "Shopify"},
	{"_shopify_sa_p", purpose.Analytics, "Shopify"},
	{"_shopify_tm", purpose.Analytics, "Shopify"},
	{"_shopify_tw", purpose.Analytics, "Shopify"},
	{"_orig_referrer", purpose.Analytics, "Shopify"},
	{"_landing_page", purpose.Analytics, "Shopify"},
	{"cart", purpose.Necessary, "Shopify"},
	{"cart_sig", purpose.Necessary, "Shopify"},
	{"cart_ts", purpose.Necessary, "Shopify"},
	{"cart_currency", purpose.Necessary, "Shopify"},
	{"secure_customer_sig", purpose.Necessary, "Shopify"},
	{"_secure_session_id", purpose.Necessary, "Shopify"},
	{"_tracking_consent", purpose.Necessary, "Shopify"},
	{"_cmp_a", purpose.Necessary, "Shopify"},
	{"keep_alive", purpose.Necessary, "Shopify"},
	{"storefront_digest", purpose.Necessary, "Shopify"},
	{"shopify_pay_redirect", purpose.Necessary, "Shopify"},
	{"localization", purpose.Functional, "Shopify"},

	// WooCommerce and Magento.
	{"woocommerce_cart_hash", purpose.Necessary, "WooCommerce"},
	{"woocommerce_items_in_cart", purpose.Necessary, "WooCommerce"},
	{"wp_woocommerce_session_*", purpose.Necessary, "WooCommerce"},
	{"woocommerce_recently_viewed", purpose.Functional, "WooCommerce"},
	{"form_key", purpose.Necessary, "Magento"},
	{"mage-cache-sessid", purpose.Necessary, "Magento"},
	{"mage-cache-storage", purpose.Necessary, "Magento"},
	{"mage-cache-storage-section-invalidation", purpose.Necessary, "Magento"},
	{"mage-messages", purpose.Necessary, "Magento"},
	{"private_content_version", purpose.Necessary, "Magento"},
	{"section_data_ids", purpose.Necessary, "Magento"},
	{"X-Magento-Vary", purpose.Necessary, "Magento"},

	// Site builders.
	{"svSession", purpose.Necessary, "Wix"},
	{"crumb", purpose.Necessary, "Squarespace"}, // CSRF token
	{"ss_cvr", purpose.Analytics, "Squarespace"},
	{"ss_cvt", purpose.Analytics, "Squarespace"},

	// Payments (fraud prevention).
	{"__stripe_mid", purpose.Necessary, "Stripe"},
	{"__stripe_sid", purpose.Necessary, "Stripe"},
	{"tsrce", purpose.Necessary, "PayPal"},
	{"x-pp-s", purpose.Necessary, "PayPal"},
	{"enforce_policy", purpose.Necessary, "PayPal"},
	{"l7_az", purpose.Necessary, "PayPal"},
	{"ts_c", purpose.Necessary, "PayPal"},
}
