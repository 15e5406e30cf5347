package consent

// kbServiceCookies are the cookies of marketing automation, chat widgets,
// embedded players and share buttons, shop platforms and payment providers.
var kbServiceCookies = []CookieRule{
	// HubSpot.
	{"__hstc", Analytics, "HubSpot"},
	{"hubspotutk", Analytics, "HubSpot"},
	{"__hssc", Analytics, "HubSpot"},
	{"__hssrc", Analytics, "HubSpot"},
	{"__hs_opt_out", Necessary, "HubSpot"}, // the visitor's cookie choices
	{"__hs_do_not_track", Necessary, "HubSpot"},
	{"__hs_initial_opt_in", Necessary, "HubSpot"},
	{"__hs_cookie_cat_pref", Necessary, "HubSpot"},
	{"__hs_gpc_banner_dismiss", Necessary, "HubSpot"},
	{"hs_ab_test", Necessary, "HubSpot"},
	{"__hsmem", Necessary, "HubSpot"}, // membership sign-on
	{"hs-membership-csrf", Necessary, "HubSpot"},
	{"hs_langswitcher_choice", Functional, "HubSpot"},
	{"messagesUtk", Functional, "HubSpot"}, // chat
	{"hs-messages-is-open", Functional, "HubSpot"},
	{"hs-messages-hide-welcome-message", Functional, "HubSpot"},

	// Marketing automation and B2B visitor identification.
	// Pardot names carry the account id; a regular expression keeps a
	// site's own "visitor_id" or "lpvXYZ" cookie out.
	{"/^visitor_id[0-9]+(-hash)?$/", Retargeting, "Salesforce Pardot"}, // visitor_id<account-id>[-hash]
	{"pi_opt_in*", Necessary, "Salesforce Pardot"},                     // pi_opt_in<account-id>: tracking consent
	{"/^lpv[0-9]+$/", Retargeting, "Salesforce Pardot"},                // lpv<account-id>
	{"pardot", Necessary, "Salesforce Pardot"},
	{"BrowserId", Necessary, "Salesforce"},
	{"BrowserId_sec", Necessary, "Salesforce"},
	{"CookieConsentPolicy", Necessary, "Salesforce"},
	{"_mkto_trk", Retargeting, "Marketo"},
	{"__kla_id", Retargeting, "Klaviyo"},
	{"_mcid", Retargeting, "Mailchimp"},
	{"mailchimp_landing_site", Retargeting, "Mailchimp"},
	{"/^prism_[0-9]+$/", Retargeting, "ActiveCampaign"}, // prism_<account-id>
	{"sib_cuid", Retargeting, "Brevo"},
	{"_cioid", Retargeting, "Customer.io"},
	{"_cioanonid", Retargeting, "Customer.io"},
	{"_drip_client_*", Retargeting, "Drip"},
	{"_lfa", Retargeting, "Leadfeeder"},
	{"_gd_visitor", Retargeting, "6sense"},
	{"_gd_session", Retargeting, "6sense"},
	{"_gd_svisitor", Retargeting, "6sense"},
	{"_zitok", Retargeting, "ZoomInfo"},
	{"_omappvp", Retargeting, "OptinMonster"},
	{"_omappvs", Retargeting, "OptinMonster"},

	// Chat and support widgets.
	{"intercom-id-*", Functional, "Intercom"},
	{"intercom-session-*", Functional, "Intercom"},
	{"intercom-device-id-*", Functional, "Intercom"},
	{"driftt_aid", Functional, "Drift"},
	{"driftt_sid", Functional, "Drift"},
	{"drift_aid", Functional, "Drift"},
	{"drift_eid", Functional, "Drift"},
	{"drift_campaign_refresh", Functional, "Drift"},
	{"DFTT_END_USER_PREV_BOOTSTRAPPED", Functional, "Drift"},
	{"__lc_cid", Functional, "LiveChat"},
	{"__lc_cst", Functional, "LiveChat"},
	{"__lc2_cid", Functional, "LiveChat"},
	{"__lc2_cst", Functional, "LiveChat"},
	{"__zlcmid", Functional, "Zendesk"},
	{"__zlcprivacy", Functional, "Zendesk"},
	{"ZD-suid", Functional, "Zendesk"},
	{"ZD-buid", Functional, "Zendesk"},
	{"_zendesk_session", Necessary, "Zendesk"},
	{"_zendesk_shared_session", Necessary, "Zendesk"},
	{"_zendesk_cookie", Functional, "Zendesk"},
	{"__tawkuuid", Functional, "tawk.to"},
	{"TawkConnectionTime", Functional, "tawk.to"},
	{"twk_uuid_*", Functional, "tawk.to"},
	{"twk_idm_key", Functional, "tawk.to"},
	{"crisp-client/session/*", Functional, "Crisp"},
	{"hblid", Functional, "Olark"},
	{"olfsk", Functional, "Olark"},
	{"wcsid", Functional, "Olark"},
	{"_okbk", Functional, "Olark"},
	{"_okdetect", Functional, "Olark"},
	{"tidio_state_*", Functional, "Tidio"},

	// Embedded players and share buttons.
	{"vuid", Analytics, "Vimeo"}, // Vimeo documents vuid as its analytics id
	{"sp_t", Social, "Spotify"},
	{"sp_landing", Social, "Spotify"},
	{"sc_anonymous_id", Social, "SoundCloud"},
	{"__stid", Social, "ShareThis"},
	{"__sharethis_cookie_test__", Social, "ShareThis"},
	{"__unam", Social, "ShareThis"},
	{"__atuvc", Social, "AddThis"},
	{"__atuvs", Social, "AddThis"},
	{"disqus_unique", Social, "Disqus"},

	// Shopify.
	{"_shopify_y", Analytics, "Shopify"},
	{"_shopify_s", Analytics, "Shopify"},
	{"_shopify_sa_t", Analytics, "Shopify"},
	{"_shopify_sa_p", Analytics, "Shopify"},
	{"_shopify_tm", Analytics, "Shopify"},
	{"_shopify_tw", Analytics, "Shopify"},
	{"_orig_referrer", Analytics, "Shopify"},
	{"_landing_page", Analytics, "Shopify"},
	{"cart", Necessary, "Shopify"},
	{"cart_sig", Necessary, "Shopify"},
	{"cart_ts", Necessary, "Shopify"},
	{"cart_currency", Necessary, "Shopify"},
	{"secure_customer_sig", Necessary, "Shopify"},
	{"_secure_session_id", Necessary, "Shopify"},
	{"_tracking_consent", Necessary, "Shopify"},
	{"_cmp_a", Necessary, "Shopify"},
	{"keep_alive", Necessary, "Shopify"},
	{"storefront_digest", Necessary, "Shopify"},
	{"shopify_pay_redirect", Necessary, "Shopify"},
	{"localization", Functional, "Shopify"},

	// WooCommerce and Magento.
	{"woocommerce_cart_hash", Necessary, "WooCommerce"},
	{"woocommerce_items_in_cart", Necessary, "WooCommerce"},
	{"wp_woocommerce_session_*", Necessary, "WooCommerce"},
	{"woocommerce_recently_viewed", Functional, "WooCommerce"},
	{"form_key", Necessary, "Magento"},
	{"mage-cache-sessid", Necessary, "Magento"},
	{"mage-cache-storage", Necessary, "Magento"},
	{"mage-cache-storage-section-invalidation", Necessary, "Magento"},
	{"mage-messages", Necessary, "Magento"},
	{"private_content_version", Necessary, "Magento"},
	{"section_data_ids", Necessary, "Magento"},
	{"X-Magento-Vary", Necessary, "Magento"},

	// Site builders.
	{"svSession", Necessary, "Wix"},
	{"crumb", Necessary, "Squarespace"}, // CSRF token
	{"ss_cvr", Analytics, "Squarespace"},
	{"ss_cvt", Analytics, "Squarespace"},

	// Payments (fraud prevention).
	{"__stripe_mid", Necessary, "Stripe"},
	{"__stripe_sid", Necessary, "Stripe"},
	{"tsrce", Necessary, "PayPal"},
	{"x-pp-s", Necessary, "PayPal"},
	{"enforce_policy", Necessary, "PayPal"},
	{"l7_az", Necessary, "PayPal"},
	{"ts_c", Necessary, "PayPal"},
}
