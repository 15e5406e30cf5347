package consent

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/gorilla/securecookie"
)

// MaxCookieValue bounds the consent cookie's encoded value. Anything longer
// is not ours (a real value is about 250 bytes) and is not decoded.
const MaxCookieValue = 1024

// KeyPair is one hash key (HMAC-SHA256, 32 or 64 bytes) and one block key
// (AES, 16, 24 or 32 bytes).
type KeyPair struct {
	Hash  []byte
	Block []byte
}

// Validate checks the key lengths.
func (k KeyPair) Validate() error {
	if n := len(k.Hash); n != 32 && n != 64 {
		return fmt.Errorf("hash key is %d bytes, want 32 or 64", n)
	}
	switch len(k.Block) {
	case 16, 24, 32:
		return nil
	}
	return fmt.Errorf("block key is %d bytes, want 16, 24 or 32", len(k.Block))
}

// GenerateKeyPair returns a fresh random key pair (64-byte hash key, 32-byte
// block key).
func GenerateKeyPair() KeyPair {
	k := KeyPair{Hash: make([]byte, 64), Block: make([]byte, 32)}
	_, _ = rand.Read(k.Hash)
	_, _ = rand.Read(k.Block)
	return k
}

// Codec encodes choices into the consent cookie and reads them back. The
// value is authenticated and encrypted by gorilla/securecookie; the first
// key pair encodes, every pair decodes (rotation: list old pairs after the
// new one).
type Codec struct {
	codecs []securecookie.Codec
	maxAge time.Duration
}

// NewCodec returns a codec for the key pairs. maxAge is how long a decision
// stays valid; securecookie's own timestamp check is set to the same value
// (its default of 30 days would silently cut a 180-day cookie short).
func NewCodec(keys []KeyPair, maxAge time.Duration) (*Codec, error) {
	if len(keys) == 0 {
		return nil, errors.New("no consent cookie keys")
	}
	if maxAge < time.Minute {
		return nil, fmt.Errorf("max_age %s is too short (want at least 1m)", maxAge)
	}
	c := &Codec{maxAge: maxAge}
	for i, k := range keys {
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("key pair %d: %w", i+1, err)
		}
		sc := securecookie.New(k.Hash, k.Block)
		sc.MaxAge(int(maxAge / time.Second))
		sc.MaxLength(MaxCookieValue)
		sc.SetSerializer(securecookie.JSONEncoder{})
		c.codecs = append(c.codecs, sc)
	}
	return c, nil
}

// MaxAge is how long a decision stays valid.
func (c *Codec) MaxAge() time.Duration { return c.maxAge }

// Encode returns the cookie value for ch under the logical cookie name
// (the name is authenticated too, so a value cannot be moved to another
// cookie).
func (c *Codec) Encode(name string, ch Choices) (string, error) {
	return c.codecs[0].Encode(name, ch)
}

// Decode reads a cookie value. It returns ok=false, never an error, for
// anything that is not a valid, current decision: tampered, foreign keys,
// expired, oversize, malformed, made under another policy version, or
// dated in the future.
func (c *Codec) Decode(name, value, policyVersion string, now time.Time) (Choices, bool) {
	if value == "" || len(value) > MaxCookieValue {
		return Choices{}, false
	}
	var ch Choices
	if err := securecookie.DecodeMulti(name, value, &ch, c.codecs...); err != nil {
		return Choices{}, false
	}
	if ch.PolicyVersion != policyVersion || ch.Receipt == "" {
		return Choices{}, false
	}
	t := time.Unix(ch.Time, 0)
	if now.Sub(t) > c.maxAge || t.After(now.Add(5*time.Minute)) {
		return Choices{}, false
	}
	if ch.Granted&^AllChoices(true).Granted != 0 {
		return Choices{}, false
	}
	if _, err := ParseSource(string(ch.Source)); err != nil {
		return Choices{}, false
	}
	return ch, true
}
