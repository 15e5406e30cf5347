// Package purpose is the vocabulary every package of caddy-consent shares:
// the purposes a cookie or a tag serves and the lifetimes of cookies, with
// their names. It is a leaf: it imports nothing of the project, so the
// rewriter can use it without the consent model.
package purpose

import (
	"fmt"
	"strings"
)

// Purpose is what a cookie or a tag is for. Every cookie and every tag the
// gateway sees gets exactly one.
type Purpose uint8

// The purposes, in the order they are shown to visitors.
const (
	// Unknown is the label of what no rule recognizes. The operator decides
	// whether it is kept or blocked.
	Unknown Purpose = iota
	// Necessary covers sign-on, load balancing, CSRF protection and the
	// consent cookie itself. It is never blocked.
	Necessary
	// Functional covers preferences, language and embeds that track nobody.
	Functional
	// Analytics covers site visitor data and measurement SDKs.
	Analytics
	// Beacon covers web beacons, tracking pixels and email-click beacons.
	Beacon
	// Retargeting covers ad networks, conversion and audience tags.
	Retargeting
	// Social covers social media buttons, widgets and embeds.
	Social
)

// Choosable lists the purposes a visitor can grant or deny, in display order.
var Choosable = []Purpose{Functional, Analytics, Beacon, Retargeting, Social}

var purposeNames = [...]string{
	Unknown:     "unknown",
	Necessary:   "necessary",
	Functional:  "functional",
	Analytics:   "analytics",
	Beacon:      "beacon",
	Retargeting: "retargeting",
	Social:      "social",
}

// String returns the purpose's name as used in the Caddyfile, the API and
// the consent-state header.
func (p Purpose) String() string {
	if int(p) < len(purposeNames) {
		return purposeNames[p]
	}
	return fmt.Sprintf("purpose(%d)", p)
}

// Assignable lists the purposes a rule can give a cookie or a tag: every
// purpose but Unknown, which is what no rule gives.
var Assignable = []Purpose{Necessary, Functional, Analytics, Beacon, Retargeting, Social}

// List joins the names of ps for an error message or a document:
// "functional, analytics, beacon, retargeting, social".
func List(ps []Purpose) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, ", ")
}

// ParsePurpose reads a purpose name (case-insensitive). "unknown" is accepted.
func ParsePurpose(s string) (Purpose, error) {
	for i, n := range purposeNames {
		if strings.EqualFold(s, n) {
			return Purpose(i), nil
		}
	}
	return Unknown, fmt.Errorf("unknown purpose %q (want one of: %s, unknown)", s, List(Assignable))
}

// ParseAssignable reads the purpose of a rule (case-insensitive): any
// purpose but "unknown".
func ParseAssignable(s string) (Purpose, error) {
	p, err := ParsePurpose(s)
	if err == nil && p == Unknown {
		return p, fmt.Errorf("purpose %q cannot be assigned (want one of: %s)", s, List(Assignable))
	}
	if err != nil {
		return p, fmt.Errorf("unknown purpose %q (want one of: %s)", s, List(Assignable))
	}
	return p, nil
}

// ParseChoosable reads a purpose a visitor can grant or deny
// (case-insensitive): any purpose but "necessary" and "unknown".
func ParseChoosable(s string) (Purpose, error) {
	p, err := ParsePurpose(s)
	if err != nil || p == Unknown || p == Necessary {
		return Unknown, fmt.Errorf("unknown purpose %q (want one of: %s)", s, List(Choosable))
	}
	return p, nil
}

// MarshalText implements encoding.TextMarshaler so purposes read well in JSON.
func (p Purpose) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Purpose) UnmarshalText(b []byte) error {
	v, err := ParsePurpose(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Lifetime says whether a cookie ends with the browser session or persists.
type Lifetime uint8

const (
	// Session cookies carry neither Expires nor Max-Age.
	Session Lifetime = iota
	// Persistent cookies carry Expires or Max-Age.
	Persistent
)

// String returns "session" or "persistent".
func (l Lifetime) String() string {
	if l == Persistent {
		return "persistent"
	}
	return "session"
}
