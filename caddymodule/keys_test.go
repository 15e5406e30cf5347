package caddymodule

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
)

func TestCookieCodecGeneratesOnFirstUse(t *testing.T) {
	calls := 0
	fail := true
	c := &cookieCodec{logger: zap.NewNop(), generate: func() (*consent.Codec, error) {
		calls++
		if fail {
			return nil, errors.New("storage down")
		}
		return consent.NewCodec([]consent.KeyPair{consent.GenerateKeyPair()}, time.Hour)
	}}
	if calls != 0 {
		t.Fatal("keys generated before first use")
	}
	if _, err := c.Encode("pc", consent.Choices{}); err == nil {
		t.Fatal("Encode without keys succeeded")
	}
	if _, ok := c.Decode("pc", "x", "1", time.Now()); ok || calls != 1 {
		t.Fatalf("Decode right after a failure: ok %v, %d generations, want false and no new attempt", ok, calls)
	}
	fail = false
	c.notBefore = time.Time{} // the retry delay has passed
	v, err := c.Encode("pc", consent.Choices{PolicyVersion: "1", Time: time.Now().Unix(), Source: consent.SourceAPI, Receipt: "r-test"})
	if err != nil || calls != 2 {
		t.Fatalf("Encode after recovery: %v, %d generations", err, calls)
	}
	if _, ok := c.Decode("pc", v, "1", time.Now()); !ok || calls != 2 {
		t.Errorf("Decode of its own cookie: ok %v, %d generations, want true and no new one", ok, calls)
	}
}
