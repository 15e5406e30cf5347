package caddymodule

import (
	"net/http"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent"
)

// etagSuffix returns the suffix the gateway appends to the upstream's ETag
// for a state: "-cs.<key>" for a strong upstream tag, "-cw.<key>" for a weak
// one. The result is always weak: the body differs by state.
func etagSuffix(st consent.State, strong bool) string {
	if strong {
		return "-cs." + st.Key()
	}
	return "-cw." + st.Key()
}

// consentETag turns an upstream ETag into the state-specific weak one.
func consentETag(etag string, st consent.State) string {
	weak := strings.HasPrefix(etag, "W/")
	tag := strings.TrimPrefix(etag, "W/")
	if len(tag) < 2 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return ""
	}
	return `W/"` + tag[1:len(tag)-1] + etagSuffix(st, !weak) + `"`
}

// translateIfNoneMatch rewrites If-None-Match on the way upstream: tags the
// gateway issued for the current state become the upstream's own again (so
// 304s keep working); tags issued for another state are dropped (the
// visitor's page differs now); other tags pass unchanged.
//
// It reports whether a tag of the gateway's was translated, so the 304
// that may follow carries the state-specific ETag again.
func translateIfNoneMatch(r *http.Request, st consent.State) bool {
	v := r.Header.Get("If-None-Match")
	if v == "" || !strings.Contains(v, "-c") {
		return false
	}
	translated := false
	strongSfx, weakSfx := etagSuffix(st, true)+`"`, etagSuffix(st, false)+`"`
	var out []string
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		body := strings.TrimPrefix(t, "W/")
		switch {
		case strings.HasSuffix(body, strongSfx):
			out = append(out, strings.TrimSuffix(body, strongSfx)+`"`)
			translated = true
		case strings.HasSuffix(body, weakSfx):
			out = append(out, "W/"+strings.TrimSuffix(body, weakSfx)+`"`)
			translated = true
		case strings.Contains(body, "-cs.") || strings.Contains(body, "-cw."):
			// issued for another state: drop
		default:
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		r.Header.Del("If-None-Match")
		return false
	}
	r.Header.Set("If-None-Match", strings.Join(out, ", "))
	return translated
}
