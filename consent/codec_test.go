package consent

import (
	"strings"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func testCodec(t testing.TB, keys ...KeyPair) *Codec {
	t.Helper()
	if len(keys) == 0 {
		keys = []KeyPair{GenerateKeyPair()}
	}
	c, err := NewCodec(keys, 180*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCodecRoundTripAndRejections(t *testing.T) {
	now := time.Now()
	k1, k2 := GenerateKeyPair(), GenerateKeyPair()
	c := testCodec(t, k1)
	ch := AllChoices(false)
	ch.Set(purpose.Analytics, true)
	ch.Stamp("v1", now, SourcePage, false)
	val, err := c.Encode("privacy_choices", ch)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := c.Decode("privacy_choices", val, "v1", now)
	if !ok || got != ch {
		t.Fatalf("round trip: ok=%v got %+v want %+v", ok, got, ch)
	}
	rotated := testCodec(t, k2, k1) // new key first, old after
	if _, ok := rotated.Decode("privacy_choices", val, "v1", now); !ok {
		t.Error("rotation: old key no longer decodes")
	}
	tampered := []byte(val)
	tampered[len(tampered)/2] ^= 1
	old := ch
	old.Time = now.Add(-181 * 24 * time.Hour).Unix()
	oldVal, _ := c.Encode("privacy_choices", old)
	future := ch
	future.Time = now.Add(time.Hour).Unix()
	futureVal, _ := c.Encode("privacy_choices", future)
	for i, tc := range []struct {
		name, value, version string
		codec                *Codec
	}{
		{"privacy_choices", string(tampered), "v1", c},
		{"privacy_choices", val, "v2", c},                // old policy
		{"other_cookie", val, "v1", c},                   // moved to another name
		{"privacy_choices", val, "v1", testCodec(t, k2)}, // foreign keys
		{"privacy_choices", strings.Repeat("A", MaxCookieValue+1), "v1", c},
		{"privacy_choices", "", "v1", c},
		{"privacy_choices", "not-base64!!", "v1", c},
		{"privacy_choices", oldVal, "v1", c},    // expired
		{"privacy_choices", futureVal, "v1", c}, // dated in the future
	} {
		if got, ok := tc.codec.Decode(tc.name, tc.value, tc.version, now); ok {
			t.Errorf("Test %d: accepted %+v", i, got)
		}
	}
}

func TestNewCodecErrors(t *testing.T) {
	for i, keys := range [][]KeyPair{
		nil,
		{{Hash: make([]byte, 10), Block: make([]byte, 32)}},
		{{Hash: make([]byte, 32), Block: make([]byte, 7)}},
	} {
		if _, err := NewCodec(keys, time.Hour); err == nil {
			t.Errorf("Test %d: no error", i)
		}
	}
}

func FuzzCodecDecode(f *testing.F) {
	c := testCodec(f)
	ch := AllChoices(true)
	ch.Stamp("v1", time.Now(), SourceBanner, true)
	good, _ := c.Encode("privacy_choices", ch)
	f.Add(good)
	f.Add("")
	f.Add("MTcwMDAwMDAwMHx8")
	f.Fuzz(func(t *testing.T, v string) {
		got, ok := c.Decode("privacy_choices", v, "v1", time.Now())
		if ok && v != good {
			t.Errorf("forged value accepted: %q -> %+v", v, got)
		}
	})
}
