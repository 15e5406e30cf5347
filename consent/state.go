package consent

import (
	"fmt"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Mode is the consent regime a site runs under.
type Mode uint8

const (
	// OptIn (GDPR/ePrivacy): nothing but necessary until the visitor decides.
	OptIn Mode = iota
	// OptOut (US state laws): everything allowed until the visitor opts out.
	OptOut
)

// String returns "opt_in" or "opt_out".
func (m Mode) String() string {
	if m == OptOut {
		return "opt_out"
	}
	return "opt_in"
}

// ParseMode reads "opt_in" or "opt_out".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "opt_in":
		return OptIn, nil
	case "opt_out":
		return OptOut, nil
	}
	return OptIn, fmt.Errorf("unknown mode %q (want opt_in or opt_out)", s)
}

// GPCDenied are the purposes the Global Privacy Control signal denies.
// Unknown is the "other services" grant (see Choices): a third party no
// rule knows may sell or share, so GPC denies it too.
var GPCDenied = []purpose.Purpose{purpose.Retargeting, purpose.Social, purpose.Beacon, purpose.Unknown}

// Signals are what a request says besides the consent cookie.
type Signals struct {
	// GPC is true when the request carried Sec-GPC: 1 (exactly).
	GPC bool
	// Sensitive is true when the request path is one of the operator's
	// sensitive paths.
	Sensitive bool
	// AskUnknown is true when the site asks visitors about unknown
	// third-party tags (unknown_tags ask): only then does the "other
	// services" grant (purpose.Unknown in Choices) count. Otherwise the
	// state never grants Unknown, whatever the decision holds, and the
	// operator's keep or block applies.
	AskUnknown bool
}

// State is the effective consent of one request: the visitor's decision
// (if any) under the site's mode, after GPC and sensitive-path rules.
type State struct {
	// Mode is the site's mode.
	Mode Mode
	// Decided is true when a valid decision for the current policy exists.
	Decided bool
	// Choices is the decision, valid only when Decided.
	Choices Choices
	// GPC is true when the request carried Sec-GPC: 1.
	GPC bool
	// GPCHonored is true when GPC denied at least one purpose that would
	// otherwise have been granted, or would have been by default.
	GPCHonored bool
	// Sensitive is true on a sensitive path.
	Sensitive bool

	granted    uint8
	persistent bool
}

// Resolve computes the effective state. c is nil when the request carried
// no valid decision for the current policy.
func Resolve(mode Mode, c *Choices, sig Signals) State {
	s := State{Mode: mode, GPC: sig.GPC, Sensitive: sig.Sensitive}
	switch {
	case c != nil:
		s.Decided = true
		s.Choices = *c
		s.granted = c.Granted
		s.persistent = c.Persistent
	case mode == OptOut:
		s.granted = AllChoices(true).Granted
		s.persistent = true
	}
	// GPC denies retargeting, social and beacons, unless the visitor
	// granted them explicitly while the signal was on (DESIGN: "Modes and
	// signals"). A banner's "accept all" is not such an explicit grant.
	if sig.GPC && !(c != nil && c.GPC && c.Source != SourceBanner && c.Source != SourceGPC) {
		for _, p := range GPCDenied {
			if s.granted&(1<<p) != 0 {
				s.granted &^= 1 << p
			}
		}
		s.GPCHonored = true
	}
	if !sig.AskUnknown {
		s.granted &^= 1 << purpose.Unknown
	}
	if sig.Sensitive {
		s.granted = 0
	}
	return s
}

// Granted reports whether p is allowed for this request. Necessary always
// is. Unknown is the "other services" grant: true only when the site asks
// about unknown third-party tags (Signals.AskUnknown) and the visitor (or
// opt_out's default) granted them; under keep or block the caller applies
// the operator's policy instead.
func (s State) Granted(p purpose.Purpose) bool {
	if p == purpose.Necessary {
		return true
	}
	return p < 8 && s.granted&(1<<p) != 0
}

// Persistent reports whether non-necessary cookies may stay persistent.
func (s State) Persistent() bool { return s.persistent }

// GrantedSet returns the granted choosable purposes, and the other
// services grant (bit 1 << purpose.Unknown), as a bit set, for cache keys
// and ETags.
func (s State) GrantedSet() uint8 { return s.granted }

// Header is the value of the consent-state request header sent upstream:
// the granted choosable purposes in display order, space-separated, then
// "unknown" when other services are granted, then "persistent" when
// persistent cookies are allowed; "necessary" alone when nothing else is
// granted. Upstream code can honor it server-side.
func (s State) Header() string {
	var b strings.Builder
	b.WriteString("necessary")
	for _, p := range purpose.Choosable {
		if s.Granted(p) {
			b.WriteByte(' ')
			b.WriteString(p.String())
		}
	}
	if s.Granted(purpose.Unknown) {
		b.WriteString(" unknown")
	}
	if s.granted != 0 && s.persistent {
		b.WriteString(" persistent")
	}
	return b.String()
}

// Key is a short stable token for the state, used to make ETags specific
// to what the visitor sees: the granted set (other services included) and
// the persistence flag.
func (s State) Key() string {
	const hex = "0123456789abcdef"
	k := s.granted
	b := []byte{'c', hex[k>>4], hex[k&15], 'n'}
	if s.persistent {
		b[3] = 'p'
	}
	if !s.Decided {
		b[0] = 'u'
	}
	return string(b)
}
