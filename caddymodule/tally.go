package caddymodule

import (
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-consent/caddy-consent/consent/classify"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// tagTally gathers a response's tag events, so metrics and the inventory
// are updated once per response rather than once per tag. A page yields a
// few kinds of event and a few hosts, many times each: small slices
// searched in order beat maps here.
type tagTally struct {
	counts []tagCount
	hosts  []tagHost
}

type tagKey struct {
	kind, action string
	purpose      purpose.Purpose
}

type tagCount struct {
	key tagKey
	n   int
}

type tagHost struct {
	host string
	d    classify.Decision
}

// maxTallyHosts bounds the hosts one response can add to the inventory.
const maxTallyHosts = 128

// tagEvent records what the rewriter did with a tag.
func (rw *responseWriter) tagEvent(e rewrite.Event) {
	t := &rw.tally
	k := tagKey{e.Kind, e.Action, e.Purpose}
	found := false
	for i := range t.counts {
		if t.counts[i].key == k {
			t.counts[i].n++
			found = true
			break
		}
	}
	if !found {
		t.counts = append(t.counts, tagCount{k, 1})
	}
	if host := hostOf(e.URL); host != "" && len(t.hosts) < maxTallyHosts {
		seen := false
		for i := range t.hosts {
			if t.hosts[i].host == host {
				seen = true
				break
			}
		}
		if !seen {
			t.hosts = append(t.hosts, tagHost{host, classify.Decision{Purpose: e.Purpose, Vendor: e.Vendor, Rule: e.Rule}})
		}
	}
	if rw.h.Debug && e.Action != rewrite.ActionAllowed {
		if ce := rw.h.logger.Check(zapcore.DebugLevel, "tag "+e.Action); ce != nil {
			ce.Write(zap.String("kind", e.Kind), zap.String("purpose", e.Purpose.String()),
				zap.String("vendor", e.Vendor), zap.String("url", e.URL), zap.String("rule", e.Rule))
		}
	}
}

// flushTally hands a response's tag events to metrics and the inventory.
func (rw *responseWriter) flushTally() {
	t := &rw.tally
	if len(t.counts) == 0 {
		return
	}
	m := rw.h.metrics
	for _, c := range t.counts {
		m.tags.WithLabelValues(c.key.kind, c.key.action, c.key.purpose.String()).Add(float64(c.n))
		if c.key.action == rewrite.ActionAbandoned {
			m.abandoned.WithLabelValues("tag_too_large").Add(float64(c.n))
		}
	}
	now := time.Now()
	page := ""
	if len(t.hosts) > 0 {
		// The path the browser asked for, before any route rewrote it.
		u := rw.r.URL
		if orig := originalURL(rw.r); orig != nil {
			u = orig
		}
		page = u.EscapedPath()
	}
	for _, h := range t.hosts {
		rw.inv.SeeHost(h.host, page, h.d, now)
	}
	t.counts, t.hosts = nil, nil
}

// hostOf returns the lower-case host of an absolute or scheme-relative URL
// without parsing all of it ("" when there is none).
func hostOf(u string) string {
	i := strings.Index(u, "//")
	if i < 0 {
		return ""
	}
	h := u[i+2:]
	if j := strings.IndexAny(h, "/?#\\"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndexByte(h, '@'); j >= 0 {
		h = h[j+1:]
	}
	if j := strings.LastIndexByte(h, ':'); j >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:j]
	}
	return strings.ToLower(h)
}
