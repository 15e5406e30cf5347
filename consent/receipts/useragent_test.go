package receipts

import (
	"regexp"
	"strings"
	"testing"
)

func TestCoarseUserAgent(t *testing.T) {
	for i, tc := range []struct {
		ua, want string
	}{
		{"", ""},
		{"   ", ""},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240505.005) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36", "Chrome 131 / Android"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131 / Windows"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.51", "Edge 131 / Windows"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari 18 / macOS"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari 18 / iOS"},
		{"Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/130.0.6723.90 Mobile/15E148 Safari/604.1", "Chrome 130 / iOS"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/132.0 Mobile/15E148 Safari/605.1.15", "Firefox 132 / iOS"},
		{"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133 / Linux"},
		{"Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", "Firefox 133 / Android"},
		{"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet 26 / Android"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera 115 / Windows"},
		{"Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36", "Android WebView 131 / Android"},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 7; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/490.0.0.51.68;]", "Facebook 490 / Android"},
		{"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131 / ChromeOS"},
		{"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer 11 / Windows"},
		{"Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)", "Internet Explorer 10 / Windows"},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Bot / Other"},
		{"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Bot / Android"},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Bot / Linux"},
		{"curl/8.5.0", "curl 8 / Other"},
		{"Mozilla/5.0", "Other / Other"},
		// A version too long to be one is dropped, not echoed.
		{"Mozilla/5.0 (Windows NT 10.0) Chrome/1234567890.1 Safari/537.36", "Chrome / Windows"},
		{"Mozilla/5.0 (Windows NT 10.0) Chrome/0131.1", "Chrome 131 / Windows"},
		// Nothing outside the vocabulary passes through, whatever is there.
		{"Mozilla/5.0 (Windows NT 10.0; user=alice@example.com; id=8f14e45f) Firefox/128.0", "Firefox 128 / Windows"},
		{"<script>alert(1)</script>", "Other / Other"},
	} {
		if got := CoarseUserAgent(tc.ua); got != tc.want {
			t.Errorf("Test %d: CoarseUserAgent(%q) = %q, want %q", i, tc.ua, got, tc.want)
		}
	}
}

// coarseVocabulary is everything CoarseUserAgent may return.
var coarseVocabulary = func() *regexp.Regexp {
	var browsers, oses []string
	seen := map[string]bool{}
	for _, r := range browserRules {
		if !seen[r.family] {
			seen[r.family] = true
			browsers = append(browsers, regexp.QuoteMeta(r.family))
		}
	}
	browsers = append(browsers, "Android WebView", "Bot", "Other")
	for _, r := range osRules {
		if !seen[r.family] {
			seen[r.family] = true
			oses = append(oses, regexp.QuoteMeta(r.family))
		}
	}
	oses = append(oses, "Other")
	return regexp.MustCompile(`^(?:(?:` + strings.Join(browsers, "|") + `)(?: [1-9][0-9]{0,3}| 0)? / (?:` + strings.Join(oses, "|") + `))?$`)
}()

func FuzzCoarseUserAgent(f *testing.F) {
	for _, s := range []string{
		"",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko",
		"Opera/9.80 (Windows NT 6.1) Presto/2.12.388 Version/12.18",
		"Chrome/",
		"Safari/ Version/99999",
		"FBAN/ FBAV/12",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ua string) {
		got := CoarseUserAgent(ua)
		if !coarseVocabulary.MatchString(got) {
			t.Fatalf("CoarseUserAgent(%q) = %q, outside the vocabulary", ua, got)
		}
		if (strings.TrimSpace(ua) == "") != (got == "") {
			t.Fatalf("CoarseUserAgent(%q) = %q: empty exactly when the input is", ua, got)
		}
		if len(got) > maxUserAgentLen {
			t.Fatalf("CoarseUserAgent(%q) = %q, longer than a receipt keeps", ua, got)
		}
	})
}
