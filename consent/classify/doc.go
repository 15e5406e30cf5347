// Package classify labels cookies, URLs and inline scripts with a purpose
// and a vendor, and explains each decision by the rule that made it.
//
// Three tiers of rules decide, the first that knows a name winning: the
// operator's rules (from the configuration and from rules files), then the
// built-in knowledge base together with an optional cookie database in
// the Open Cookie Database format (LoadCookieDB).
//
// The built-in knowledge base is data: the tab-separated files in kb/,
// embedded in the binary and parsed once, on first use. Operators write
// rules files in the same format (ParseRules, LoadRulesFile):
//
//	# comment lines and blank lines are allowed
//	kind	pattern	purpose	vendor	options	note
//	cookie	_ga_*	analytics	Google Analytics		GA4 session state
//	host	*.google-analytics.com/collect	beacon	Google Analytics
//	script	fbq(~'track*	retargeting	Meta Pixel	small
//
// The header row comes first. kind is cookie, host or script; pattern is a
// cookie pattern (CookieRule), a URL pattern (HostRule) or a script token
// (ScriptRule); purpose is one a rule can give; vendor is required; options
// are for script rows ("small", "with=TEXT"); note is the source or the
// reason for an exception. kb/README.md says where a vendor belongs and
// what the lint checks.
//
// The files are cookies.go (cookie patterns and CookieClassifier), urls.go
// (URL patterns and URLClassifier), scripts.go and sigindex.go (the
// inline-script signature matcher), gtag.go (the Google tag, decided by
// the tag ids a script configures), kb.go (the embedded knowledge base),
// rules.go and rulesfile.go (operator rules and their files) and cookiedb.go.
package classify
