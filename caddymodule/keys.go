package caddymodule

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/certmagic"
	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
)

// keysStorageKey is where generated keys are kept in Caddy's storage.
const keysStorageKey = "consent/keys.json"

// decodeKey reads a base64 key in the standard or URL alphabet, with or
// without padding.
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not valid base64")
}

// parseKeyPair decodes and checks one configured key pair.
func parseKeyPair(kc KeyPairConfig) (consent.KeyPair, error) {
	hash, err := decodeKey(kc.Hash)
	if err != nil {
		return consent.KeyPair{}, fmt.Errorf("hash key: %w", err)
	}
	block, err := decodeKey(kc.Block)
	if err != nil {
		return consent.KeyPair{}, fmt.Errorf("block key: %w", err)
	}
	kp := consent.KeyPair{Hash: hash, Block: block}
	return kp, kp.Validate()
}

// cookieCodec encodes and decodes the consent cookie. With configured keys,
// or a pair already kept in Caddy's storage, it is ready at provision.
// Otherwise the pair is generated and stored on first use, not at
// provision, so that loading a config (and `caddy validate`) writes
// nothing; a lock keeps two instances that share the storage from
// generating different pairs.
type cookieCodec struct {
	ready atomic.Pointer[consent.Codec]

	mu        sync.Mutex
	notBefore time.Time // after a failed generation, when to try again
	generate  func() (*consent.Codec, error)
	logger    *zap.Logger
}

// keyRetryDelay spaces out attempts to generate keys while the storage
// fails, so a broken storage is not hit by every request.
const keyRetryDelay = 10 * time.Second

// get returns the codec, generating the keys if need be.
func (c *cookieCodec) get() (*consent.Codec, error) {
	if cc := c.ready.Load(); cc != nil {
		return cc, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cc := c.ready.Load(); cc != nil {
		return cc, nil
	}
	if time.Now().Before(c.notBefore) {
		return nil, errors.New("keys: storage failed recently; retrying later")
	}
	cc, err := c.generate()
	if err != nil {
		c.notBefore = time.Now().Add(keyRetryDelay)
		c.logger.Error("consent cookie keys unavailable: visitors' choices cannot be saved or read until the storage works", zap.Error(err))
		return nil, err
	}
	c.ready.Store(cc)
	return cc, nil
}

// Encode is consent.Codec.Encode.
func (c *cookieCodec) Encode(name string, ch consent.Choices) (string, error) {
	cc, err := c.get()
	if err != nil {
		return "", err
	}
	return cc.Encode(name, ch)
}

// Decode is consent.Codec.Decode; without keys, no cookie is valid.
func (c *cookieCodec) Decode(name, value, policyVersion string, now time.Time) (consent.Choices, bool) {
	cc, err := c.get()
	if err != nil {
		return consent.Choices{}, false
	}
	return cc.Decode(name, value, policyVersion, now)
}

// provisionCodec returns the consent cookie's codec: from the configured
// key pairs, else from the pair kept in Caddy's storage, else one that
// generates and stores a pair on first use.
func (h *Handler) provisionCodec(ctx caddy.Context) (*cookieCodec, error) {
	c := &cookieCodec{logger: h.logger}
	if len(h.Keys) > 0 {
		var keys []consent.KeyPair
		for _, kc := range h.Keys {
			kp, _ := parseKeyPair(kc) // checked by Validate
			keys = append(keys, kp)
		}
		cc, err := consent.NewCodec(keys, h.maxAge)
		if err != nil {
			return nil, fmt.Errorf("consent cookie: %w", err)
		}
		c.ready.Store(cc)
		return c, nil
	}
	storage := ctx.Storage()
	if storage == nil {
		return nil, errors.New("keys: none configured and no storage to keep generated ones")
	}
	kp, err := readStoredKeys(ctx, storage)
	switch {
	case err == nil:
		cc, err := consent.NewCodec([]consent.KeyPair{kp}, h.maxAge)
		if err != nil {
			return nil, fmt.Errorf("consent cookie: %w", err)
		}
		c.ready.Store(cc)
		return c, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("keys: reading %s from storage: %w", keysStorageKey, err)
	}
	maxAge, logger := h.maxAge, h.logger
	c.generate = func() (*consent.Codec, error) {
		kp, err := storedOrGeneratedKeys(ctx, storage, logger)
		if err != nil {
			return nil, err
		}
		return consent.NewCodec([]consent.KeyPair{kp}, maxAge)
	}
	return c, nil
}

// storedOrGeneratedKeys returns the pair kept in storage, generating and
// storing one under the storage's lock if there is none yet.
func storedOrGeneratedKeys(ctx caddy.Context, storage certmagic.Storage, logger *zap.Logger) (consent.KeyPair, error) {
	if err := storage.Lock(ctx, keysStorageKey); err != nil {
		return consent.KeyPair{}, fmt.Errorf("keys: locking storage: %w", err)
	}
	defer func() { _ = storage.Unlock(ctx, keysStorageKey) }()
	if kp, err := readStoredKeys(ctx, storage); err == nil {
		return kp, nil // another instance won the race
	}
	kp := consent.GenerateKeyPair()
	data, _ := json.Marshal(KeyPairConfig{
		Hash:  base64.StdEncoding.EncodeToString(kp.Hash),
		Block: base64.StdEncoding.EncodeToString(kp.Block),
	})
	if err := storage.Store(ctx, keysStorageKey, data); err != nil {
		return consent.KeyPair{}, fmt.Errorf("keys: storing generated keys: %w", err)
	}
	logger.Info("generated consent cookie keys and stored them in Caddy's storage", zap.String("key", keysStorageKey))
	return kp, nil
}

// readStoredKeys loads the generated key pair from storage.
func readStoredKeys(ctx caddy.Context, storage certmagic.Storage) (consent.KeyPair, error) {
	data, err := storage.Load(ctx, keysStorageKey)
	if err != nil {
		return consent.KeyPair{}, err
	}
	var kc KeyPairConfig
	if err := json.Unmarshal(data, &kc); err != nil {
		return consent.KeyPair{}, fmt.Errorf("malformed: %w", err)
	}
	return parseKeyPair(kc)
}
