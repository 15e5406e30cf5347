package caddymodule

import (
	"hash/maphash"
	"sync"

	"github.com/caddy-consent/caddy-consent/consent/classify"
)

// scriptMemo remembers how inline scripts were classified, by content. A
// site sends the same snippets (analytics loaders, tag manager glue) in
// every page it serves, and hashing one costs a fraction of classifying it
// again. A script that changes with every response (a nonce, a user id)
// only costs its hash and a place in the memo, which is emptied when full.
type scriptMemo struct {
	seed maphash.Seed
	mu   sync.RWMutex
	m    map[uint64]scriptVerdict
}

type scriptVerdict struct {
	size int // the script's length: a second check besides the 64-bit hash
	d    classify.Decision
	ok   bool
}

const (
	// maxMemoScripts bounds the memo (each entry holds no text).
	maxMemoScripts = 4096
	// minMemoScript is the shortest script remembered: shorter ones are
	// classified about as fast as they are looked up.
	minMemoScript = 128
)

func newScriptMemo() *scriptMemo {
	return &scriptMemo{seed: maphash.MakeSeed(), m: make(map[uint64]scriptVerdict)}
}

// classify is urls.ClassifyInlineScript, remembered.
func (s *scriptMemo) classify(urls *classify.URLClassifier, text []byte) (classify.Decision, bool) {
	if s == nil || len(text) < minMemoScript {
		return urls.ClassifyInlineScript(text)
	}
	k := maphash.Bytes(s.seed, text)
	s.mu.RLock()
	v, hit := s.m[k]
	s.mu.RUnlock()
	if hit && v.size == len(text) {
		return v.d, v.ok
	}
	d, ok := urls.ClassifyInlineScript(text)
	s.mu.Lock()
	if len(s.m) >= maxMemoScripts {
		s.m = make(map[uint64]scriptVerdict)
	}
	s.m[k] = scriptVerdict{len(text), d, ok}
	s.mu.Unlock()
	return d, ok
}
