package caddymodule

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

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

// loadKeys returns the configured key pairs, or the pair kept in Caddy's
// storage, generating and storing it on first use. A lock keeps two
// instances that share the storage from generating different keys.
func (h *Handler) loadKeys(ctx caddy.Context) ([]consent.KeyPair, error) {
	if len(h.Keys) > 0 {
		var keys []consent.KeyPair
		for i, kc := range h.Keys {
			kp, err := parseKeyPair(kc)
			if err != nil {
				return nil, fmt.Errorf("keys: pair %d: %w", i+1, err)
			}
			keys = append(keys, kp)
		}
		return keys, nil
	}
	storage := ctx.Storage()
	if storage == nil {
		return nil, errors.New("keys: none configured and no storage to keep generated ones")
	}
	if kp, err := readStoredKeys(ctx, storage); err == nil {
		return []consent.KeyPair{kp}, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("keys: reading %s from storage: %w", keysStorageKey, err)
	}
	if err := storage.Lock(ctx, keysStorageKey); err != nil {
		return nil, fmt.Errorf("keys: locking storage: %w", err)
	}
	defer func() { _ = storage.Unlock(ctx, keysStorageKey) }()
	if kp, err := readStoredKeys(ctx, storage); err == nil {
		return []consent.KeyPair{kp}, nil // another instance won the race
	}
	kp := consent.GenerateKeyPair()
	data, _ := json.Marshal(KeyPairConfig{
		Hash:  base64.StdEncoding.EncodeToString(kp.Hash),
		Block: base64.StdEncoding.EncodeToString(kp.Block),
	})
	if err := storage.Store(ctx, keysStorageKey, data); err != nil {
		return nil, fmt.Errorf("keys: storing generated keys: %w", err)
	}
	h.logger.Info("generated consent cookie keys and stored them in Caddy's storage", zap.String("key", keysStorageKey))
	return []consent.KeyPair{kp}, nil
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
