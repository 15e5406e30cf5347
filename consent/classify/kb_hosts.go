package classify

// The built-in URL knowledge base: hostnames and URL patterns of common
// tracker, advertising and embed vendors, each with the purpose it serves and
// the vendor's name. The tables are split by field into kb_hosts_*.go; the
// pattern syntax is described on HostRule.
//
// Choices worth knowing when reading the tables:
//
//   - A script and its measurement pixel can differ: the pixel endpoints a
//     page embeds as <img> (Meta /tr, LinkedIn /collect, Bing /action, Google
//     Analytics /collect, …) are beacons, the scripts are analytics or
//     retargeting.
//   - Tag-manager containers (Google Tag Manager, Adobe Launch, Tealium) are
//     analytics: they are blocked until consent, and the operator can say
//     otherwise with a rule of their own.
//   - Embedded players are social when they identify the visitor to the
//     platform (YouTube, Vimeo, TikTok, Spotify, SoundCloud), functional when
//     the vendor offers a mode that tracks nobody (youtube-nocookie.com,
//     Vimeo with dnt=1).
//   - Consent-management platforms, CAPTCHAs, payment and sign-in scripts are
//     necessary: the site cannot work lawfully or at all without them.
//   - Public CDNs, web fonts, maps and chat widgets are functional.

// BuiltinHostRules returns the built-in URL knowledge base. The slice is a
// copy: callers may keep or modify it.
func BuiltinHostRules() []HostRule {
	tables := [][]HostRule{
		kbGoogle,
		kbMeta,
		kbSocialNetworks,
		kbAdvertising,
		kbAnalytics,
		kbMarketing,
		kbEmbeds,
		kbServices,
		kbSelfHosted,
	}
	n := 0
	for _, t := range tables {
		n += len(t)
	}
	rules := make([]HostRule, 0, n)
	for _, t := range tables {
		rules = append(rules, t...)
	}
	return rules
}
