package consent

// builtinCookieRules is the built-in knowledge base of cookie names: at
// least 180 patterns from the common vendors, written from the vendors' own
// documentation, each with its vendor and its purpose in this package's
// vocabulary. It is split by family into the kb_cookies_*.go files. Its
// order matters only among regular expressions (the first listed wins).
var builtinCookieRules = concatCookieRules(
	kbSiteCookies,
	kbConsentCookies,
	kbGoogleCookies,
	kbAdCookies,
	kbAnalyticsCookies,
	kbServiceCookies,
)

// BuiltinCookieRules returns a copy of the built-in knowledge base of cookie
// names, vendors and purposes.
func BuiltinCookieRules() []CookieRule {
	return append([]CookieRule(nil), builtinCookieRules...)
}

func concatCookieRules(tables ...[]CookieRule) []CookieRule {
	var all []CookieRule
	for _, t := range tables {
		all = append(all, t...)
	}
	return all
}

// kbSiteCookies are the cookies a site needs to work: server sessions and
// sign-on, CSRF tokens, load balancers, CDNs and bot protection, and the
// language and interface preferences of common platforms.
var kbSiteCookies = []CookieRule{
	// Server sessions and sign-on of web frameworks.
	{"PHPSESSID", Necessary, "PHP"},
	{"JSESSIONID", Necessary, "Java Servlet"},
	{"ASP.NET_SessionId", Necessary, "ASP.NET"},
	{".ASPXAUTH", Necessary, "ASP.NET"},
	{".ASPXANONYMOUS", Necessary, "ASP.NET"},
	{".AspNet.ApplicationCookie", Necessary, "ASP.NET"},
	{"ASPSESSIONID*", Necessary, "ASP.NET"}, // classic ASP: ASPSESSIONID<random>
	{".AspNetCore.*", Necessary, "ASP.NET Core"},
	{".AspNetCore.Culture", Functional, "ASP.NET Core"},
	{"connect.sid", Necessary, "Express"},
	{"koa.sess", Necessary, "Koa"},
	{"koa.sess.sig", Necessary, "Koa"},
	{"laravel_session", Necessary, "Laravel"},
	{"laravel_token", Necessary, "Laravel"},
	{"remember_web_*", Necessary, "Laravel"},
	{"_session_id", Necessary, "Ruby on Rails"},
	{"remember_user_token", Necessary, "Ruby on Rails"},
	{"rack.session", Necessary, "Rack"},
	{"sessionid", Necessary, "Django"},
	{"django_language", Functional, "Django"},
	{"ci_session", Necessary, "CodeIgniter"},
	{"SESSION", Necessary, "Spring Session"},
	{"PLAY_SESSION", Necessary, "Play Framework"},
	{"CAKEPHP", Necessary, "CakePHP"},
	{"CFID", Necessary, "Adobe ColdFusion"},
	{"CFTOKEN", Necessary, "Adobe ColdFusion"},
	{"beaker.session.id", Necessary, "Beaker"},
	{"session", Necessary, "server session"}, // Flask, cookie-session and others
	{"SESS*", Necessary, "Drupal"},           // SESS<hash>
	{"SSESS*", Necessary, "Drupal"},          // SSESS<hash> on HTTPS
	{"has_js", Functional, "Drupal"},
	{"KEYCLOAK_SESSION", Necessary, "Keycloak"},
	{"KEYCLOAK_IDENTITY", Necessary, "Keycloak"},
	{"AUTH_SESSION_ID", Necessary, "Keycloak"},
	{"KC_RESTART", Necessary, "Keycloak"},
	{"next-auth.*", Necessary, "NextAuth.js"}, // session-token, csrf-token, callback-url
	{"authjs.*", Necessary, "Auth.js"},
	{"NEXT_LOCALE", Functional, "Next.js"},
	{"i18n_redirected", Functional, "Nuxt i18n"},

	// WordPress.
	{"wordpress_logged_in_*", Necessary, "WordPress"},
	{"wordpress_sec_*", Necessary, "WordPress"},
	{"wordpress_test_cookie", Necessary, "WordPress"},
	{"wp-postpass_*", Necessary, "WordPress"},
	{"wp-settings-*", Functional, "WordPress"}, // admin interface preferences; wp-settings-time-<uid> too
	{"wp_lang", Functional, "WordPress"},
	{"comment_author_*", Functional, "WordPress"}, // remembers a commenter's name, email and site
	{"pll_language", Functional, "Polylang"},
	{"wp-wpml_current_language", Functional, "WPML"},
	{"_icl_current_language", Functional, "WPML"},

	// CSRF protection.
	{"XSRF-TOKEN", Necessary, "Laravel"}, // also read by Angular's HttpClient
	{"csrftoken", Necessary, "Django"},
	{"_csrf", Necessary, "Express"},
	{"csrf_token", Necessary, "CSRF protection"},
	{"_csrf_token", Necessary, "CSRF protection"},
	{"__RequestVerificationToken", Necessary, "ASP.NET"},
	{"__RequestVerificationToken_*", Necessary, "ASP.NET"},
	{"_xsrf", Necessary, "Tornado"},
	{"csrf_cookie_name", Necessary, "CodeIgniter"},
	{"YII_CSRF_TOKEN", Necessary, "Yii"},
	{"_csrf-frontend", Necessary, "Yii"},
	{"_csrf-backend", Necessary, "Yii"},
	{"_gorilla_csrf", Necessary, "Gorilla"},
	{"CMSCsrfCookie", Necessary, "Kentico"},

	// Load balancers.
	{"AWSALB*", Necessary, "AWS Elastic Load Balancing"}, // AWSALB, AWSALBCORS, AWSALBTG, AWSALBAPP-<n>
	{"AWSALB", Necessary, "AWS Elastic Load Balancing"},
	{"AWSALBCORS", Necessary, "AWS Elastic Load Balancing"},
	{"AWSALBTG", Necessary, "AWS Elastic Load Balancing"},
	{"AWSALBTGCORS", Necessary, "AWS Elastic Load Balancing"},
	{"AWSELB", Necessary, "AWS Elastic Load Balancing"},
	{"AWSELBCORS", Necessary, "AWS Elastic Load Balancing"},
	{"ARRAffinity", Necessary, "Azure App Service"},
	{"ARRAffinitySameSite", Necessary, "Azure App Service"},
	{"ApplicationGatewayAffinity", Necessary, "Azure Application Gateway"},
	{"ApplicationGatewayAffinityCORS", Necessary, "Azure Application Gateway"},
	{"GCLB", Necessary, "Google Cloud Load Balancing"},
	{"BIGipServer*", Necessary, "F5 BIG-IP"},
	{"/^TS01[0-9a-f]{6,}(_[0-9]+)?$/", Necessary, "F5 BIG-IP"}, // BIG-IP ASM security cookies
	{"SERVERID", Necessary, "HAProxy"},
	{"INGRESSCOOKIE", Necessary, "NGINX Ingress"},
	{"ROUTEID", Necessary, "Apache HTTP Server"},
	{"AlteonP", Necessary, "Radware Alteon"},

	// CDNs, bot and DDoS protection.
	{"__cf_bm", Necessary, "Cloudflare"},
	{"cf_clearance", Necessary, "Cloudflare"},
	{"__cfruid", Necessary, "Cloudflare"},
	{"_cfuvid", Necessary, "Cloudflare"},
	{"__cflb", Necessary, "Cloudflare"},
	{"__cfwaitingroom", Necessary, "Cloudflare"},
	{"cf_ob_info", Necessary, "Cloudflare"},
	{"cf_use_ob", Necessary, "Cloudflare"},
	{"cf_chl_*", Necessary, "Cloudflare"},
	{"__cfseq-*", Necessary, "Cloudflare"},
	{"incap_ses_*", Necessary, "Imperva"},
	{"visid_incap_*", Necessary, "Imperva"},
	{"nlbi_*", Necessary, "Imperva"},
	{"ak_bmsc", Necessary, "Akamai"},
	{"bm_sv", Necessary, "Akamai"},
	{"bm_sz", Necessary, "Akamai"},
	{"bm_mi", Necessary, "Akamai"},
	{"_abck", Necessary, "Akamai"},
}

// kbConsentCookies are the cookies in which consent management platforms,
// this gateway included, keep the visitor's choices. They are necessary:
// without them a choice could not be honored.
var kbConsentCookies = []CookieRule{
	{"privacy_choices", Necessary, "caddy-consent"}, // __Host-privacy_choices is looked through
	{"OptanonConsent", Necessary, "OneTrust"},
	{"OptanonAlertBoxClosed", Necessary, "OneTrust"},
	{"OTGPPConsent", Necessary, "OneTrust"},
	{"OTAdditionalConsentString", Necessary, "OneTrust"},
	{"CookieConsent", Necessary, "Cookiebot"},
	{"CookieConsentBulkSetting-*", Necessary, "Cookiebot"},
	{"CookieConsentBulkTicket", Necessary, "Cookiebot"},
	{"euconsent-v2", Necessary, "IAB TCF"},
	{"euconsent", Necessary, "IAB TCF"},
	{"eupubconsent-v2", Necessary, "IAB TCF"},
	{"usprivacy", Necessary, "IAB CCPA"},
	{"__gpp", Necessary, "IAB GPP"},
	{"__gpp_sid", Necessary, "IAB GPP"},
	{"addtl_consent", Necessary, "Google Additional Consent"},
	{"cookieyes-consent", Necessary, "CookieYes"},
	{"cky-consent", Necessary, "CookieYes"},
	{"cookielawinfo-checkbox-*", Necessary, "CookieYes"},
	{"viewed_cookie_policy", Necessary, "CookieYes"},
	{"CookieLawInfoConsent", Necessary, "CookieYes"},
	{"cmplz_*", Necessary, "Complianz"},
	{"complianz_consent_status", Necessary, "Complianz"},
	{"complianz_policy_id", Necessary, "Complianz"},
	{"didomi_token", Necessary, "Didomi"},
	{"_iub_cs-*", Necessary, "iubenda"},
	{"borlabs-cookie", Necessary, "Borlabs Cookie"},
	{"__cmpcc*", Necessary, "consentmanager"},
	{"__cmpconsent*", Necessary, "consentmanager"},
	{"__cmpcvc*", Necessary, "consentmanager"},
	{"__cmpcpc*", Necessary, "consentmanager"},
	{"uc_user_interaction", Necessary, "Usercentrics"},
	{"osano_consentmanager", Necessary, "Osano"},
	{"osano_consentmanager_uuid", Necessary, "Osano"},
	{"cookieconsent_status", Necessary, "Osano Cookie Consent"},
	{"notice_behavior", Necessary, "TrustArc"},
	{"notice_gdpr_prefs", Necessary, "TrustArc"},
	{"notice_preferences", Necessary, "TrustArc"},
	{"cmapi_cookie_privacy", Necessary, "TrustArc"},
	{"cmapi_gtm_bl", Necessary, "TrustArc"},
	{"TAconsentID", Necessary, "TrustArc"},
	{"consentUUID", Necessary, "Sourcepoint"},
	{"ccpaUUID", Necessary, "Sourcepoint"},
	{"_sp_v1_*", Necessary, "Sourcepoint"},
	{"moove_gdpr_popup", Necessary, "GDPR Cookie Compliance"},
	{"cookie_notice_accepted", Necessary, "Cookie Notice"},
	{"hu-consent", Necessary, "Cookie Notice"},
	{"CONSENTMGR", Necessary, "Tealium"},
	{"klaro", Necessary, "Klaro"},
	{"_ketch_consent_v1_", Necessary, "Ketch"},
}
