package assetproxy

import (
	"fmt"
	"strings"
)

// hostSet matches hosts against patterns: "fonts.gstatic.com" matches that
// host, "*.example-cdn.net" the host and its subdomains.
type hostSet struct {
	exact    map[string]bool
	suffixes []string // ".example-cdn.net"
}

// CheckPattern reports what is wrong with a host pattern, or nil.
func CheckPattern(p string) error {
	h := strings.TrimPrefix(p, "*.")
	if !validHost(h) {
		return fmt.Errorf("%q is not a host name or *.host (lower case, no scheme, port or path), e.g. fonts.gstatic.com or *.example-cdn.net", p)
	}
	return nil
}

func newHostSet(patterns []string) (hostSet, error) {
	s := hostSet{exact: make(map[string]bool)}
	for _, p := range patterns {
		if err := CheckPattern(p); err != nil {
			return s, err
		}
		if h, ok := strings.CutPrefix(p, "*."); ok {
			s.exact[h] = true
			s.suffixes = append(s.suffixes, "."+h)
			continue
		}
		s.exact[p] = true
	}
	return s, nil
}

// match reports whether a lower-case host name is listed.
func (s *hostSet) match(host string) bool {
	if s.exact[host] {
		return true
	}
	for _, suf := range s.suffixes {
		if strings.HasSuffix(host, suf) {
			return true
		}
	}
	return false
}
