package receipts

import (
	"strconv"
	"strings"
)

// maxUAScan bounds how much of a User-Agent header is looked at.
const maxUAScan = 2048

// browserRule recognizes a browser family by a token of the User-Agent
// header; the major version is read from the digits right after version
// (the token itself when version is empty).
type browserRule struct {
	token   string
	family  string
	version string
}

// browserRules are tried in order: browsers built on Chromium or WebKit
// also carry "Chrome/" or "Safari/", so the specific ones come first.
var browserRules = []browserRule{
	{token: "Edg/", family: "Edge"},
	{token: "EdgA/", family: "Edge"},
	{token: "EdgiOS/", family: "Edge"},
	{token: "Edge/", family: "Edge"},
	{token: "OPR/", family: "Opera"},
	{token: "OPiOS/", family: "Opera"},
	{token: "Opera/", family: "Opera", version: "Version/"},
	{token: "SamsungBrowser/", family: "Samsung Internet"},
	{token: "YaBrowser/", family: "Yandex"},
	{token: "Vivaldi/", family: "Vivaldi"},
	{token: "UCBrowser/", family: "UC Browser"},
	{token: "FBAV/", family: "Facebook"},
	{token: "FBAN/", family: "Facebook", version: "FBAV/"},
	{token: "Instagram ", family: "Instagram"},
	{token: "FxiOS/", family: "Firefox"},
	{token: "Firefox/", family: "Firefox"},
	{token: "CriOS/", family: "Chrome"},
	{token: "Chrome/", family: "Chrome"},
	{token: "MSIE ", family: "Internet Explorer"},
	{token: "Trident/", family: "Internet Explorer", version: "rv:"},
	{token: "Safari/", family: "Safari", version: "Version/"},
	{token: "curl/", family: "curl"},
	{token: "Wget/", family: "Wget"},
}

// osRule recognizes an operating system family by a token.
type osRule struct {
	token  string
	family string
}

// osRules are tried in order: iOS user agents say "like Mac OS X" and
// Android ones say "Linux".
var osRules = []osRule{
	{"Windows Phone", "Windows Phone"},
	{"Windows", "Windows"},
	{"Android", "Android"},
	{"CrOS", "ChromeOS"},
	{"iPhone", "iOS"},
	{"iPad", "iOS"},
	{"iPod", "iOS"},
	{"Macintosh", "macOS"},
	{"Mac OS X", "macOS"},
	{"Linux", "Linux"},
	{"X11", "Linux"},
}

// botWords mark crawlers and monitors, matched case-insensitively.
var botWords = []string{"bot", "crawler", "spider", "slurp", "headlesschrome", "lighthouse"}

// CoarseUserAgent reduces a User-Agent header to browser family, major
// version and OS family, e.g. "Chrome 131 / Android" or "Safari 18 / iOS".
// Unrecognized parts read "Other"; crawlers read "Bot"; an empty header
// gives "". The result is built only from a fixed vocabulary and a number,
// so nothing else of the header (device model, build, extensions, any
// identifier) can pass through.
func CoarseUserAgent(ua string) string {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return ""
	}
	if len(ua) > maxUAScan {
		ua = ua[:maxUAScan]
	}
	browser := "Other"
	lower := strings.ToLower(ua)
	bot := false
	for _, w := range botWords {
		if strings.Contains(lower, w) {
			bot = true
			break
		}
	}
	if bot {
		browser = "Bot"
	} else {
		for _, r := range browserRules {
			i := strings.Index(ua, r.token)
			if i < 0 {
				continue
			}
			browser = r.family
			rest := ua[i+len(r.token):]
			if r.version != "" {
				rest = ""
				if j := strings.Index(ua, r.version); j >= 0 {
					rest = ua[j+len(r.version):]
				}
			}
			if v := majorVersion(rest); v != "" {
				browser += " " + v
			}
			// An Android WebView is Chrome inside an app, not the browser.
			if r.family == "Chrome" && strings.Contains(ua, "; wv)") {
				browser = strings.Replace(browser, "Chrome", "Android WebView", 1)
			}
			break
		}
	}
	os := "Other"
	for _, r := range osRules {
		if strings.Contains(ua, r.token) {
			os = r.family
			break
		}
	}
	return browser + " / " + os
}

// majorVersion returns the leading decimal number of s (1 to 4 digits,
// without leading zeros), or "" when there is none or it is longer.
func majorVersion(s string) string {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n > 4 {
		return ""
	}
	v, _ := strconv.Atoi(s[:n])
	return strconv.Itoa(v)
}
