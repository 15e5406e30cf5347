package assetproxy

import (
	"net/url"
	"strings"
)

// ParsePath splits the part of a proxy path after the prefix and its "/",
// as the browser sent it (escaped), into the CDN host and the escaped path
// on it: "fonts.gstatic.com/s/roboto/v30/a.woff2" gives
// "fonts.gstatic.com" and "/s/roboto/v30/a.woff2". ok is false for
// anything that is not a plain lower-case host name followed by a clean
// absolute path: ports, user info, IP literals, empty, "." or ".."
// segments (escaped or not), escaped slashes or backslashes, and bytes a
// URL path does not hold raw. Whether the host is listed is Proxy's check.
func ParsePath(rest string) (host, path string, ok bool) {
	host, path, found := strings.Cut(rest, "/")
	if !found || !validHost(host) {
		return "", "", false
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if seg == "" && i < len(segs)-1 || !validSegment(seg) {
			return "", "", false // "//" or a bad segment
		}
	}
	return host, "/" + path, true
}

// validHost reports whether h is a lower-case DNS name: labels of letters,
// digits and hyphens, at least one dot, no empty label.
func validHost(h string) bool {
	if len(h) == 0 || len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// validSegment reports whether an escaped path segment is safe to pass on:
// not "." or ".." in any spelling, no escaped "/" or "\", no NUL, and only
// bytes that stand raw in a path. Only the last segment may be empty (a
// directory URL); ParsePath checks that.
func validSegment(seg string) bool {
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@%", c) >= 0:
		default:
			return false
		}
	}
	dec, err := url.PathUnescape(seg)
	if err != nil {
		return false
	}
	if dec == "." || dec == ".." || strings.ContainsAny(dec, "/\\\x00") {
		return false
	}
	return true
}

// ProxyPath is the first-party URL of an asset: prefix (the proxy path as
// the browser sees it, without a trailing "/"), the host, u's escaped path
// ("/" when empty), its query and fragment. u must be absolute; its port,
// if any, is dropped by the caller's choice of host (see Proxy.Listed).
func ProxyPath(prefix, host string, u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	var b strings.Builder
	b.Grow(len(prefix) + 1 + len(host) + len(p) + 1 + len(u.RawQuery))
	b.WriteString(prefix)
	b.WriteByte('/')
	b.WriteString(host)
	b.WriteString(p)
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteByte('?')
		b.WriteString(u.RawQuery)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		b.WriteString(u.EscapedFragment())
	}
	return b.String()
}
