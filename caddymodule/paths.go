package caddymodule

import (
	"net/http"
	"path"
	"strings"
)

// pathPattern is one sensitive path: a prefix (written with a trailing
// "*") or a glob, matched without regard to case.
type pathPattern struct {
	prefix string // lower-case, without the "*"; "" for a glob
	glob   string // lower-case
}

func newPathPattern(p string) pathPattern {
	p = strings.ToLower(p)
	if strings.HasSuffix(p, "*") && !strings.ContainsAny(p[:len(p)-1], "*?[") {
		return pathPattern{prefix: strings.TrimSuffix(p, "*")}
	}
	return pathPattern{glob: p}
}

func (pp pathPattern) match(lowerPath string) bool {
	if pp.glob != "" {
		ok, _ := path.Match(pp.glob, lowerPath)
		return ok
	}
	if strings.HasPrefix(lowerPath, pp.prefix) {
		return true
	}
	// "/secure/*" also covers "/secure" itself.
	return strings.HasSuffix(pp.prefix, "/") && lowerPath == strings.TrimSuffix(pp.prefix, "/")
}

// isSensitive reports whether the request path is a sensitive path. The
// path is decoded and cleaned first so "/a/../secure/x", "/SECURE/x" and
// "/%73ecure/x" cannot slip past; the raw path is checked too.
func (h *Handler) isSensitive(r *http.Request) bool {
	if len(h.sensitive) == 0 {
		return false
	}
	// The path as this handler sees it, and as the browser sent it: under
	// handle_path an operator may write either, and a sensitive page must
	// not lose its protection to a prefix strip or a rewrite.
	candidates := [4]string{cleanLower(r.URL.Path), cleanLower(r.URL.RawPath)}
	if orig := originalURL(r); orig != nil && orig.Path != r.URL.Path {
		candidates[2], candidates[3] = cleanLower(orig.Path), cleanLower(orig.RawPath)
	}
	for _, pp := range h.sensitive {
		for _, c := range candidates {
			if c != "" && pp.match(c) {
				return true
			}
		}
	}
	return false
}

func cleanLower(p string) string {
	if p == "" {
		return ""
	}
	// Backslashes are path separators to some servers.
	p = strings.ReplaceAll(p, `\`, "/")
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return strings.ToLower(c)
}

// check reports whether a glob pattern is well-formed.
func (pp pathPattern) check() error {
	if pp.glob == "" {
		return nil
	}
	_, err := path.Match(pp.glob, "/")
	return err
}
