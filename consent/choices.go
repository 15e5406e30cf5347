package consent

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Source says how a visitor made a decision.
type Source string

// The sources of a decision.
const (
	SourceBanner Source = "banner" // the consent.js banner
	SourcePage   Source = "page"   // the "Your Privacy Choices" page form
	SourceAPI    Source = "api"    // POST /privacy-choices/api from the site's own code
	SourceGPC    Source = "gpc"    // an opt-out applied because the browser sent Sec-GPC: 1
)

// ParseSource reads a source name; anything else is refused.
func ParseSource(s string) (Source, error) {
	switch Source(s) {
	case SourceBanner, SourcePage, SourceAPI, SourceGPC:
		return Source(s), nil
	}
	return "", fmt.Errorf("unknown source %q (want banner, page, api or gpc)", s)
}

// Choices is one decision of a visitor: a yes or no per choosable purpose,
// one for "other services" (the unknown third-party tags a site running
// unknown_tags ask holds until the visitor allows them), one for
// persistent cookies, and the context it was made in.
type Choices struct {
	// Granted holds the granted purposes as a bit set (1 << Purpose); bit
	// 1 << purpose.Unknown is the other services grant. Decisions stored
	// before it existed lack it: other services not granted.
	Granted uint8 `json:"g"`
	// Persistent is true when the visitor accepts persistent cookies for
	// the purposes granted.
	Persistent bool `json:"p,omitempty"`
	// PolicyVersion is the policy version the decision was made under.
	PolicyVersion string `json:"v"`
	// Time is when the decision was made (Unix seconds).
	Time int64 `json:"t"`
	// Source says how the decision was made.
	Source Source `json:"s"`
	// GPC is true when the browser sent Sec-GPC: 1 at the time of the
	// decision, so grants of GPC-denied purposes were made knowingly.
	GPC bool `json:"gpc,omitempty"`
	// Receipt is the id of the receipt stored for this decision.
	Receipt string `json:"r"`
}

// AllChoices returns a decision granting (all=true) or denying every
// choosable purpose and other services; persistent cookies follow the
// same answer.
func AllChoices(all bool) Choices {
	var c Choices
	if all {
		for _, p := range purpose.Choosable {
			c.Set(p, true)
		}
		c.Set(purpose.Unknown, true)
		c.Persistent = true
	}
	return c
}

// Has reports whether the decision grants p. Necessary is always granted;
// Unknown is the other services grant.
func (c Choices) Has(p purpose.Purpose) bool {
	if p == purpose.Necessary {
		return true
	}
	return p < 8 && c.Granted&(1<<p) != 0
}

// Set grants or denies p; Unknown sets the other services grant.
// Necessary cannot be set.
func (c *Choices) Set(p purpose.Purpose, on bool) {
	if p == purpose.Necessary || p >= 8 {
		return
	}
	if on {
		c.Granted |= 1 << p
		return
	}
	c.Granted &^= 1 << p
}

// Stamp fills in the context of a new decision: version, time, source, GPC
// and a fresh receipt id.
func (c *Choices) Stamp(policyVersion string, now time.Time, src Source, gpc bool) {
	c.PolicyVersion = policyVersion
	c.Time = now.Unix()
	c.Source = src
	c.GPC = gpc
	c.Receipt = NewReceiptID()
}

// When returns the time of the decision.
func (c Choices) When() time.Time { return time.Unix(c.Time, 0).UTC() }

// MostRestrictive combines two decisions that arrived together (several
// consent cookies): only what both grant stays granted. The context of the
// more restrictive one (fewer grants, then the older) is kept.
func MostRestrictive(a, b Choices) Choices {
	keep := a
	if bits.OnesCount8(b.Granted) < bits.OnesCount8(a.Granted) || (b.Granted == a.Granted && b.Time < a.Time) {
		keep = b
	}
	keep.Granted = a.Granted & b.Granted
	keep.Persistent = a.Persistent && b.Persistent
	return keep
}

var receiptEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewReceiptID returns a random receipt id: 128 bits, lower-case base32,
// prefixed "r-". It carries nothing about the visitor.
func NewReceiptID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "r-" + strings.ToLower(receiptEncoding.EncodeToString(b[:]))
}
