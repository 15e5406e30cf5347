package caddymodule

import (
	"errors"
	"sync"

	"github.com/caddyserver/caddy/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the gateway's Prometheus collectors, registered in the
// config's registry (exposed by Caddy's admin /metrics endpoint and the
// metrics handler).
type metrics struct {
	// cookies counts enforcement actions on cookies: stripped (a
	// Set-Cookie removed), downgraded (persistent to session),
	// request_stripped (removed from the Cookie header sent upstream),
	// expired (expiry lines sent to the browser).
	cookies *prometheus.CounterVec
	// decisions counts visitors' decisions per purpose, answer and source.
	decisions *prometheus.CounterVec
	// gpc counts requests that carried Sec-GPC: 1.
	gpc prometheus.Counter
	// tags counts what the HTML rewriter did, by element kind, action
	// (neutralized, activated, removed, abandoned) and purpose.
	tags *prometheus.CounterVec
	// abandoned counts HTML responses or tags that passed through
	// unrewritten, by reason (charset, encoding, decode_error,
	// tag_too_large).
	abandoned *prometheus.CounterVec
	// bannerShown counts pages sent with the banner to show.
	bannerShown prometheus.Counter
	// receiptErrors counts receipt store problems by stage: store (a write
	// failed and will be retried), spool (kept on disk until the store
	// works), lost (could not be kept at all).
	receiptErrors *prometheus.CounterVec
}

// lastMetrics remembers the collectors of the latest config's registry, so
// several consent handlers in one config share them. Each config load gets
// a fresh registry; only the newest is kept here so reloads leak nothing.
var lastMetrics struct {
	sync.Mutex
	reg *prometheus.Registry
	m   *metrics
}

func provisionMetrics(ctx caddy.Context) (*metrics, error) {
	reg := ctx.GetMetricsRegistry()
	if reg == nil {
		return newMetrics(), nil
	}
	lastMetrics.Lock()
	defer lastMetrics.Unlock()
	if lastMetrics.reg == reg {
		return lastMetrics.m, nil
	}
	m := newMetrics()
	for _, c := range []prometheus.Collector{m.cookies, m.decisions, m.gpc, m.tags, m.abandoned, m.bannerShown, m.receiptErrors} {
		if err := reg.Register(c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if !errors.As(err, &are) {
				return nil, err
			}
		}
	}
	lastMetrics.reg, lastMetrics.m = reg, m
	return m, nil
}

func newMetrics() *metrics {
	const ns, sub = "caddy", "consent"
	return &metrics{
		cookies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "cookies_total",
			Help: "Cookies acted on by the consent gateway, by action (stripped, downgraded, request_stripped, expired) and purpose.",
		}, []string{"action", "purpose"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "decisions_total",
			Help: "Visitors' consent decisions, by purpose, answer (granted, denied) and source (banner, page, api, gpc).",
		}, []string{"purpose", "answer", "source"}),
		gpc: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "gpc_requests_total",
			Help: "Requests that carried the Global Privacy Control signal (Sec-GPC: 1).",
		}),
		tags: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "tags_total",
			Help: "Third-party tags acted on by the HTML rewriter, by kind, action (neutralized, activated, removed, abandoned) and purpose.",
		}, []string{"kind", "action", "purpose"}),
		bannerShown: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "banner_shown_total",
			Help: "Pages sent to undecided visitors with the consent banner to show.",
		}),
		receiptErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "receipt_errors_total",
			Help: "Receipt store problems by stage: store (retried), spool (kept on disk), lost.",
		}, []string{"stage"}),
		abandoned: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "rewrite_abandoned_total",
			Help: "HTML responses or tags that passed through unrewritten, by reason.",
		}, []string{"reason"}),
	}
}
