package rewrite

import (
	"net/url"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// proxiedClassifier classifies the proxied hosts as necessary, as the
// gateway does, and the rest as fakeClassifier.
type proxiedClassifier struct{ fakeClassifier }

func (c proxiedClassifier) ClassifyURL(u *url.URL) Verdict {
	if proxiedHost(u.Host) {
		return Verdict{Purpose: purpose.Necessary, Vendor: "proxied", Rule: "proxy_assets"}
	}
	return c.fakeClassifier.ClassifyURL(u)
}

func proxiedHost(h string) bool {
	return h == "fonts.googleapis.com" || h == "fonts.gstatic.com" || h == "cdn.jsdelivr.net"
}

func proxyAsset(u *url.URL) (string, bool) {
	if (u.Scheme != "https" && u.Scheme != "http") || !proxiedHost(u.Host) {
		return "", false
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	s := "/privacy-choices/assets/" + u.Host + path
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s, true
}

func TestProxyAssets(t *testing.T) {
	const p = "/privacy-choices/assets/"
	for _, tc := range []struct{ name, in, want string }{
		{"stylesheet", `<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto&amp;display=swap">`,
			`<link rel="stylesheet" href="` + p + `fonts.googleapis.com/css2?family=Roboto&amp;display=swap">`},
		{"script with integrity, attributes kept", `<script src=https://cdn.jsdelivr.net/npm/a@1/a.js integrity="sha384-x" crossorigin=anonymous defer></script>`,
			`<script src="` + p + `cdn.jsdelivr.net/npm/a@1/a.js" integrity="sha384-x" crossorigin=anonymous defer></script>`},
		{"scheme-relative", `<script src='//cdn.jsdelivr.net/a.js'></script>`, `<script src="` + p + `cdn.jsdelivr.net/a.js"></script>`},
		{"preload font", `<link rel=preload as=font href="https://fonts.gstatic.com/s/a.woff2" crossorigin>`,
			`<link rel=preload as=font href="` + p + `fonts.gstatic.com/s/a.woff2" crossorigin>`},
		{"preconnect", `<link rel="preconnect" href="https://fonts.gstatic.com">`, `<link rel="preconnect" href="` + p + `fonts.gstatic.com/">`},
		{"dns-prefetch", `<link rel="dns-prefetch" href="//fonts.gstatic.com">`, `<link rel="dns-prefetch" href="` + p + `fonts.gstatic.com/">`},
		{"icon", `<link rel=icon href=https://cdn.jsdelivr.net/i.png>`, `<link rel=icon href="` + p + `cdn.jsdelivr.net/i.png">`},
		{"canonical kept", `<link rel=canonical href=https://cdn.jsdelivr.net/x>`, `<link rel=canonical href=https://cdn.jsdelivr.net/x>`},
		{"img src and srcset", `<img src="https://cdn.jsdelivr.net/a.png" srcset="https://cdn.jsdelivr.net/a2.png 2x, /local.png 3x, https://cdn.jsdelivr.net/a4.png 4x" alt="">`,
			`<img src="` + p + `cdn.jsdelivr.net/a.png" srcset="` + p + `cdn.jsdelivr.net/a2.png 2x, /local.png 3x, ` + p + `cdn.jsdelivr.net/a4.png 4x" alt="">`},
		{"srcset only", `<source srcset="https://cdn.jsdelivr.net/a.webp 1x" type="image/webp">`, `<source srcset="` + p + `cdn.jsdelivr.net/a.webp 1x" type="image/webp">`},
		{"video poster", `<video poster="https://cdn.jsdelivr.net/p.jpg" src="/v.mp4"></video>`, `<video poster="` + p + `cdn.jsdelivr.net/p.jpg" src="/v.mp4"></video>`},
		{"image input", `<input type=image src=https://cdn.jsdelivr.net/b.png>`, `<input type=image src="` + p + `cdn.jsdelivr.net/b.png">`},
		{"text input kept", `<input type=text src=https://cdn.jsdelivr.net/b.png>`, `<input type=text src=https://cdn.jsdelivr.net/b.png>`},
		{"JSON script kept", `<script type=application/json src=https://cdn.jsdelivr.net/a.json></script>`, `<script type=application/json src=https://cdn.jsdelivr.net/a.json></script>`},
		{"other hosts kept", `<img src="https://other.example/a.png"><img src="/a.png">`, `<img src="https://other.example/a.png"><img src="/a.png">`},
		{"held for another URL: kept held", `<video src="https://www.youtube.com/v.mp4" poster="https://cdn.jsdelivr.net/p.jpg"></video>`,
			`<video data-consent="social" data-consent-src="https://www.youtube.com/v.mp4" data-consent-poster="https://cdn.jsdelivr.net/p.jpg"></video>`},
		{"iframe kept", `<iframe src="https://cdn.jsdelivr.net/x.html"></iframe>`, `<iframe src="https://cdn.jsdelivr.net/x.html"></iframe>`},
		{"in noscript", `<noscript><img src="https://cdn.jsdelivr.net/a.png"></noscript>`, `<noscript><img src="` + p + `cdn.jsdelivr.net/a.png"></noscript>`},
		{"quote in the URL escaped", `<img src='https://cdn.jsdelivr.net/a"b.png'>`, `<img src="` + p + `cdn.jsdelivr.net/a%22b.png">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions()
			o.Classifier = proxiedClassifier{}
			o.ProxyAsset = proxyAsset
			got := rewriteString(t, tc.in, o)
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
			// Whatever the chunking, the same output.
			for cut := 1; cut < len(tc.in); cut += 7 {
				if out, _ := rewriteChunks(t, []byte(tc.in), o, []int{cut}); out != got {
					t.Fatalf("cut at %d: %s", cut, out)
				}
			}
		})
	}
}

func TestProxyAssetsUnsetChangesNothing(t *testing.T) {
	in := `<link rel="stylesheet" href="https://fonts.googleapis.com/css2"><script src="https://cdn.jsdelivr.net/a.js"></script>`
	o := testOptions()
	o.Classifier = proxiedClassifier{}
	if got := rewriteString(t, in, o); got != in {
		t.Errorf("got %s", got)
	}
	if strings.Contains(rewriteString(t, in, o), "assets") {
		t.Error("proxied without ProxyAsset")
	}
}
