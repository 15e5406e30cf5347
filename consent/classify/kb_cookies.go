package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

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
	{"PHPSESSID", purpose.Necessary, "PHP"},
	{"JSESSIONID", purpose.Necessary, "Java Servlet"},
	{"ASP.NET_SessionId", purpose.Necessary, "ASP.NET"},
	{".ASPXAUTH", purpose.Necessary, "ASP.NET"},
	{".ASPXANONYMOUS", purpose.Necessary, "ASP.NET"},
	{".AspNet.ApplicationCookie", purpose.Necessary, "ASP.NET"},
	{"ASPSESSIONID*", purpose.Necessary, "ASP.NET"}, // classic ASP: ASPSESSIONID<random>
	{".AspNetCore.*", purpose.Necessary, "ASP.NET Core"},
	{".AspNetCore.Culture", purpose.Functional, "ASP.NET Core"},
	{"connect.sid", purpose.Necessary, "Express"},
	{"koa.sess", purpose.Necessary, "Koa"},
	{"koa.sess.sig", purpose.Necessary, "Koa"},
	{"laravel_session", purpose.Necessary, "Laravel"},
	{"laravel_token", purpose.Necessary, "Laravel"},
	{"remember_web_*", purpose.Necessary, "Laravel"},
	{"_session_id", purpose.Necessary, "Ruby on Rails"},
	{"remember_user_token", purpose.Necessary, "Ruby on Rails"},
	{"rack.session", purpose.Necessary, "Rack"},
	{"sessionid", purpose.Necessary, "Django"},
	{"django_language", purpose.Functional, "Django"},
	{"ci_session", purpose.Necessary, "CodeIgniter"},
	{"SESSION", purpose.Necessary, "Spring Session"},
	{"PLAY_SESSION", purpose.Necessary, "Play Framework"},
	{"CAKEPHP", purpose.Necessary, "CakePHP"},
	{"CFID", purpose.Necessary, "Adobe ColdFusion"},
	{"CFTOKEN", purpose.Necessary, "Adobe ColdFusion"},
	{"beaker.session.id", purpose.Necessary, "Beaker"},
	{"session", purpose.Necessary, "server session"}, // Flask, cookie-session and others
	{"SESS*", purpose.Necessary, "Drupal"},           // SESS<hash>
	{"SSESS*", purpose.Necessary, "Drupal"},          // SSESS<hash> on HTTPS
	{"has_js", purpose.Functional, "Drupal"},
	{"KEYCLOAK_SESSION", purpose.Necessary, "Keycloak"},
	{"KEYCLOAK_IDENTITY", purpose.Necessary, "Keycloak"},
	{"AUTH_SESSION_ID", purpose.Necessary, "Keycloak"},
	{"KC_RESTART", purpose.Necessary, "Keycloak"},
	{"next-auth.*", purpose.Necessary, "NextAuth.js"}, // session-token, csrf-token, callback-url
	{"authjs.*", purpose.Necessary, "Auth.js"},
	{"NEXT_LOCALE", purpose.Functional, "Next.js"},
	{"i18n_redirected", purpose.Functional, "Nuxt i18n"},

	// WordPress.
	{"wordpress_logged_in_*", purpose.Necessary, "WordPress"},
	{"wordpress_sec_*", purpose.Necessary, "WordPress"},
	{"wordpress_test_cookie", purpose.Necessary, "WordPress"},
	{"wp-postpass_*", purpose.Necessary, "WordPress"},
	{"wp-settings-*", purpose.Functional, "WordPress"}, // admin interface preferences; wp-settings-time-<uid> too
	{"wp_lang", purpose.Functional, "WordPress"},
	{"comment_author_*", purpose.Functional, "WordPress"}, // remembers a commenter's name, email and site
	{"pll_language", purpose.Functional, "Polylang"},
	{"wp-wpml_current_language", purpose.Functional, "WPML"},
	{"_icl_current_language", purpose.Functional, "WPML"},

	// CSRF protection.
	{"XSRF-TOKEN", purpose.Necessary, "Laravel"}, // also read by Angular's HttpClient
	{"csrftoken", purpose.Necessary, "Django"},
	{"_csrf", purpose.Necessary, "Express"},
	{"csrf_token", purpose.Necessary, "CSRF protection"},
	{"_csrf_token", purpose.Necessary, "CSRF protection"},
	{"__RequestVerificationToken", purpose.Necessary, "ASP.NET"},
	{"__RequestVerificationToken_*", purpose.Necessary, "ASP.NET"},
	{"_xsrf", purpose.Necessary, "Tornado"},
	{"csrf_cookie_name", purpose.Necessary, "CodeIgniter"},
	{"YII_CSRF_TOKEN", purpose.Necessary, "Yii"},
	{"_csrf-frontend", purpose.Necessary, "Yii"},
	{"_csrf-backend", purpose.Necessary, "Yii"},
	{"_gorilla_csrf", purpose.Necessary, "Gorilla"},
	{"CMSCsrfCookie", purpose.Necessary, "Kentico"},

	// Load balancers.
	{"AWSALB*", purpose.Necessary, "AWS Elastic Load Balancing"}, // AWSALB, AWSALBCORS, AWSALBTG, AWSALBAPP-<n>
	{"AWSALB", purpose.Necessary, "AWS Elastic Load Balancing"},
	{"AWSALBCORS", purpose.Necessary, "AWS Elastic Load Balancing"},
	{"AWSALBTG", purpose.Necessary, "AWS Elastic Load Balancing"},
	{"AWSALBTGCORS", purpose.Necessary, "AWS Elastic Load Balancing"},
	{"AWSELB", purpose.Necessary, "AWS Elastic Load Balancing"},
	{"AWSELBCORS", purpose.Necessary, "AWS Elastic Load Balancing"},
	{"ARRAffinity", purpose.Necessary, "Azure App Service"},
	{"ARRAffinitySameSite", purpose.Necessary, "Azure App Service"},
	{"ApplicationGatewayAffinity", purpose.Necessary, "Azure Application Gateway"},
	{"ApplicationGatewayAffinityCORS", purpose.Necessary, "Azure Application Gateway"},
	{"GCLB", purpose.Necessary, "Google Cloud Load Balancing"},
	{"BIGipServer*", purpose.Necessary, "F5 BIG-IP"},
	{"/^TS01[0-9a-f]{6,}(_[0-9]+)?$/", purpose.Necessary, "F5 BIG-IP"}, // BIG-IP ASM security cookies
	{"SERVERID", purpose.Necessary, "HAProxy"},
	{"INGRESSCOOKIE", purpose.Necessary, "NGINX Ingress"},
	{"ROUTEID", purpose.Necessary, "Apache HTTP Server"},
	{"AlteonP", purpose.Necessary, "Radware Alteon"},

	// CDNs, bot and DDoS protection.
	{"__cf_bm", purpose.Necessary, "Cloudflare"},
	{"cf_clearance", purpose.Necessary, "Cloudflare"},
	{"__cfruid", purpose.Necessary, "Cloudflare"},
	{"_cfuvid", purpose.Necessary, "Cloudflare"},
	{"__cflb", purpose.Necessary, "Cloudflare"},
	{"__cfwaitingroom", purpose.Necessary, "Cloudflare"},
	{"cf_ob_info", purpose.Necessary, "Cloudflare"},
	{"cf_use_ob", purpose.Necessary, "Cloudflare"},
	{"cf_chl_*", purpose.Necessary, "Cloudflare"},
	{"__cfseq-*", purpose.Necessary, "Cloudflare"},
	{"incap_ses_*", purpose.Necessary, "Imperva"},
	{"visid_incap_*", purpose.Necessary, "Imperva"},
	{"nlbi_*", purpose.Necessary, "Imperva"},
	{"ak_bmsc", purpose.Necessary, "Akamai"},
	{"bm_sv", purpose.Necessary, "Akamai"},
	{"bm_sz", purpose.Necessary, "Akamai"},
	{"bm_mi", purpose.Necessary, "Akamai"},
	{"_abck", purpose.Necessary, "Akamai"},
}

// kbConsentCookies are the cookies in which consent management platforms,
// this gateway included, keep the visitor's choices. They are necessary:
// without them a choice could not be honored.
var kbConsentCookies = []CookieRule{
	{"privacy_choices", purpose.Necessary, "caddy-consent"}, // __Host-privacy_choices is looked through
	{"OptanonConsent", purpose.Necessary, "OneTrust"},
	{"OptanonAlertBoxClosed", purpose.Necessary, "OneTrust"},
	{"OTGPPConsent", purpose.Necessary, "OneTrust"},
	{"OTAdditionalConsentString", purpose.Necessary, "OneTrust"},
	{"CookieConsent", purpose.Necessary, "Cookiebot"},
	{"CookieConsentBulkSetting-*", purpose.Necessary, "Cookiebot"},
	{"CookieConsentBulkTicket", purpose.Necessary, "Cookiebot"},
	{"euconsent-v2", purpose.Necessary, "IAB TCF"},
	{"euconsent", purpose.Necessary, "IAB TCF"},
	{"eupubconsent-v2", purpose.Necessary, "IAB TCF"},
	{"usprivacy", purpose.Necessary, "IAB CCPA"},
	{"__gpp", purpose.Necessary, "IAB GPP"},
	{"__gpp_sid", purpose.Necessary, "IAB GPP"},
	{"addtl_consent", purpose.Necessary, "Google Additional Consent"},
	{"cookieyes-consent", purpose.Necessary, "CookieYes"},
	{"cky-consent", purpose.Necessary, "CookieYes"},
	{"cookielawinfo-checkbox-*", purpose.Necessary, "CookieYes"},
	{"viewed_cookie_policy", purpose.Necessary, "CookieYes"},
	{"CookieLawInfoConsent", purpose.Necessary, "CookieYes"},
	{"cmplz_*", purpose.Necessary, "Complianz"},
	{"complianz_consent_status", purpose.Necessary, "Complianz"},
	{"complianz_policy_id", purpose.Necessary, "Complianz"},
	{"didomi_token", purpose.Necessary, "Didomi"},
	{"_iub_cs-*", purpose.Necessary, "iubenda"},
	{"borlabs-cookie", purpose.Necessary, "Borlabs Cookie"},
	{"__cmpcc*", purpose.Necessary, "consentmanager"},
	{"__cmpconsent*", purpose.Necessary, "consentmanager"},
	{"__cmpcvc*", purpose.Necessary, "consentmanager"},
	{"__cmpcpc*", purpose.Necessary, "consentmanager"},
	{"uc_user_interaction", purpose.Necessary, "Usercentrics"},
	{"osano_consentmanager", purpose.Necessary, "Osano"},
	{"osano_consentmanager_uuid", purpose.Necessary, "Osano"},
	{"cookieconsent_status", purpose.Necessary, "Osano Cookie Consent"},
	{"notice_behavior", purpose.Necessary, "TrustArc"},
	{"notice_gdpr_prefs", purpose.Necessary, "TrustArc"},
	{"notice_preferences", purpose.Necessary, "TrustArc"},
	{"cmapi_cookie_privacy", purpose.Necessary, "TrustArc"},
	{"cmapi_gtm_bl", purpose.Necessary, "TrustArc"},
	{"TAconsentID", purpose.Necessary, "TrustArc"},
	{"consentUUID", purpose.Necessary, "Sourcepoint"},
	{"ccpaUUID", purpose.Necessary, "Sourcepoint"},
	{"_sp_v1_*", purpose.Necessary, "Sourcepoint"},
	{"moove_gdpr_popup", purpose.Necessary, "GDPR Cookie Compliance"},
	{"cookie_notice_accepted", purpose.Necessary, "Cookie Notice"},
	{"hu-consent", purpose.Necessary, "Cookie Notice"},
	{"CONSENTMGR", purpose.Necessary, "Tealium"},
	{"klaro", purpose.Necessary, "Klaro"},
	{"_ketch_consent_v1_", purpose.Necessary, "Ketch"},
}
