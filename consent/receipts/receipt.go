// Package receipts records every consent decision a visitor makes (on the
// banner, the choices page, through the API, or by sending Global Privacy
// Control) as a receipt: an id, when, under which policy version and mode,
// what was granted, how, whether GPC was on, and a coarse user agent. A
// receipt never holds an IP address or a full user-agent string; the types
// here have no place for them.
//
// Receipts are kept in a Store (SQLite by default, see OpenSQLite), written
// through Resilient so a failing store never blocks or fails page serving
// and never loses a receipt silently, purged after the retention period, and
// exported as JSON lines or CSV.
package receipts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// Errors returned by stores and by Resilient.
var (
	// ErrNotFound is returned by Get when no receipt has the id.
	ErrNotFound = errors.New("receipt not found")
	// ErrInvalid wraps every validation error: the receipt cannot be stored
	// as it is, and retrying will not help.
	ErrInvalid = errors.New("invalid receipt")
	// ErrQueueFull is returned by Resilient.Put when its queue is full; the
	// receipt is counted as lost and reported.
	ErrQueueFull = errors.New("receipt queue full")
	// ErrClosed is returned when writing to a closed store or Resilient.
	ErrClosed = errors.New("receipt store closed")
)

// Limits on the fields of a receipt.
const (
	maxIDLen            = 64
	maxPolicyVersionLen = 128
	maxUserAgentLen     = 64
)

// Receipt is the record of one consent decision.
type Receipt struct {
	// ID is the receipt id shown to the visitor (consent.NewReceiptID):
	// 1 to 64 characters among letters, digits, '-' and '_'.
	ID string `json:"id"`
	// Time is when the decision was made.
	Time time.Time `json:"time"`
	// PolicyVersion is the policy version the decision was made under.
	PolicyVersion string `json:"policy_version"`
	// Mode is the site's mode: "opt_in" or "opt_out".
	Mode string `json:"mode"`
	// Granted lists the granted choosable purposes by name ("functional",
	// "analytics", "beacon", "retargeting", "social"), then "unknown" when
	// the visitor allowed other services (unknown third-party tags, under
	// unknown_tags ask). Stores keep them in that order without
	// duplicates; "necessary" is implied and dropped.
	Granted []string `json:"granted"`
	// Persistent is true when persistent cookies were accepted.
	Persistent bool `json:"persistent"`
	// Source says how the decision was made: "banner", "page", "api" or
	// "gpc".
	Source string `json:"source"`
	// GPC is true when the request carried Sec-GPC: 1.
	GPC bool `json:"gpc"`
	// UserAgent is the coarse user agent (see CoarseUserAgent), at most 64
	// bytes; stores cut anything longer. Never the full header.
	UserAgent string `json:"user_agent"`
	// Applied is when the decision took effect. The gateway applies every
	// decision in the response that records it, so it is normally left
	// zero, which means "at Time". It exists so the CCPA "days to respond"
	// metric is computed, not assumed.
	Applied time.Time `json:"applied,omitzero"`
}

// FromChoices builds the receipt of a decision the consent package made.
// userAgent is the raw User-Agent header; only its coarse form is kept.
func FromChoices(c consent.Choices, mode consent.Mode, userAgent string) Receipt {
	r := Receipt{
		ID:            c.Receipt,
		Time:          c.When(),
		PolicyVersion: c.PolicyVersion,
		Mode:          mode.String(),
		Granted:       []string{},
		Persistent:    c.Persistent,
		Source:        string(c.Source),
		GPC:           c.GPC,
		UserAgent:     CoarseUserAgent(userAgent),
	}
	for _, p := range recorded {
		if c.Has(p) {
			r.Granted = append(r.Granted, p.String())
		}
	}
	return r
}

// recorded are the grants a receipt lists, in order: the choosable
// purposes, then the other services grant (purpose.Unknown).
var recorded = append(purpose.Choosable[:len(purpose.Choosable):len(purpose.Choosable)], purpose.Unknown)

// Has reports whether the receipt grants the purpose named p.
func (r Receipt) Has(p purpose.Purpose) bool {
	if p == purpose.Necessary {
		return true
	}
	for _, g := range r.Granted {
		if q, err := purpose.ParsePurpose(g); err == nil && q == p {
			return true
		}
	}
	return false
}

// AppliedAt returns when the decision took effect: Applied, or Time when
// Applied is zero.
func (r Receipt) AppliedAt() time.Time {
	if r.Applied.IsZero() {
		return r.Time
	}
	return r.Applied
}

// Validate reports whether the receipt can be stored. Errors wrap
// ErrInvalid.
func (r Receipt) Validate() error {
	_, err := r.normalize()
	return err
}

// normalize validates r and returns it in the form stores keep: times in
// UTC, Applied filled in, Granted in display order without duplicates,
// user agent cut to its limit and stripped of control characters.
func (r Receipt) normalize() (Receipt, error) {
	invalid := func(format string, args ...any) (Receipt, error) {
		return Receipt{}, fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
	}
	if r.ID == "" || len(r.ID) > maxIDLen {
		return invalid("id must be 1 to %d characters, got %d", maxIDLen, len(r.ID))
	}
	for i := 0; i < len(r.ID); i++ {
		if c := r.ID[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return invalid("id %q may hold only letters, digits, '-' and '_'", r.ID)
		}
	}
	if !inRange(r.Time) {
		return invalid("time %v must be set and between years 1970 and 2200", r.Time)
	}
	if !r.Applied.IsZero() && (!inRange(r.Applied) || r.Applied.Before(r.Time)) {
		return invalid("applied time %v must not be before the decision time %v", r.Applied, r.Time)
	}
	if len(r.PolicyVersion) > maxPolicyVersionLen || !utf8.ValidString(r.PolicyVersion) || hasControl(r.PolicyVersion) {
		return invalid("policy version must be at most %d bytes of printable UTF-8", maxPolicyVersionLen)
	}
	if _, err := consent.ParseMode(r.Mode); err != nil {
		return invalid("%v", err)
	}
	if _, err := consent.ParseSource(r.Source); err != nil {
		return invalid("%v", err)
	}
	var set uint8
	for _, g := range r.Granted {
		p, err := purpose.ParsePurpose(g)
		if err != nil {
			return invalid("granted purpose %q is not one of functional, analytics, beacon, retargeting, social, unknown", g)
		}
		if p != purpose.Necessary {
			set |= 1 << p
		}
	}
	out := r
	out.Time = r.Time.UTC()
	out.Applied = r.AppliedAt().UTC()
	out.Granted = make([]string, 0, len(recorded))
	for _, p := range recorded {
		if set&(1<<p) != 0 {
			out.Granted = append(out.Granted, p.String())
		}
	}
	out.UserAgent = clip(r.UserAgent, maxUserAgentLen)
	return out, nil
}

// inRange reports whether t is set and within what stores can represent
// (Unix nanoseconds in an int64).
func inRange(t time.Time) bool {
	return !t.IsZero() && t.Year() >= 1970 && t.Year() <= 2200
}

func hasControl(s string) bool {
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == utf8.RuneError {
			return true
		}
	}
	return false
}

// clip removes control characters and invalid UTF-8 from s and cuts it to
// at most n bytes on a character boundary.
func clip(s string, n int) string {
	var b strings.Builder
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == utf8.RuneError {
			continue
		}
		if b.Len()+utf8.RuneLen(c) > n {
			break
		}
		b.WriteRune(c)
	}
	return strings.TrimSpace(b.String())
}

// OptOutRequest reports whether the decision counts as a request to opt out
// of the sale or sharing of personal information (CCPA, 11 CCR §7102): it
// denies retargeting or social (the purposes by which personal information
// is shared with third parties for cross-context behavioral advertising),
// or it was applied because of a Global Privacy Control signal.
func OptOutRequest(r Receipt) bool {
	return r.Source == string(consent.SourceGPC) || !r.Has(purpose.Retargeting) || !r.Has(purpose.Social)
}

// Store keeps receipts. Implementations are safe for concurrent use.
type Store interface {
	// Put stores a receipt. Storing an id again is not an error and keeps
	// the first receipt (receipts are immutable, and replays may repeat
	// one). Validation errors wrap ErrInvalid.
	Put(ctx context.Context, r Receipt) error
	// Get returns the receipt with the id, or ErrNotFound.
	Get(ctx context.Context, id string) (Receipt, error)
	// Export calls fn for every receipt with from <= Time < to, ordered by
	// time then id, streaming. A zero from or to leaves that end open. An
	// error from fn stops the export and is returned.
	Export(ctx context.Context, from, to time.Time, fn func(Receipt) error) error
	// Purge deletes the receipts made before the cutoff and returns how
	// many it deleted.
	Purge(ctx context.Context, before time.Time) (int64, error)
	// Stats returns the CCPA metrics of a calendar year (UTC).
	Stats(ctx context.Context, year int) (YearStats, error)
	// Close releases the store.
	Close() error
}
