package choices

import (
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// decide stores a new decision made on a request whose state was cur: it
// sets the consent cookie, expires the cookies of purposes no longer
// granted, records the receipt, and hands the new state to done.
func (s *Surface) decide(w http.ResponseWriter, r *http.Request, cur consent.State, c consent.Choices, src consent.Source, done func(consent.State) error) error {
	lines, st, err := s.newDecision(r, cur, c, src)
	if err != nil {
		return err
	}
	for _, l := range lines {
		w.Header().Add("Set-Cookie", l)
	}
	// Expire what the visitor has just withdrawn, right away.
	for _, line := range s.deps.Expire(r.Clone(r.Context()), st) {
		w.Header().Add("Set-Cookie", line)
	}
	return done(st)
}

// newDecision stamps a decision, records its receipt and metrics, and
// returns the Set-Cookie lines that store it and the state it yields on a
// request whose state was cur (cur says whether GPC was sent and whether
// the path is sensitive).
func (s *Surface) newDecision(r *http.Request, cur consent.State, c consent.Choices, src consent.Source) ([]string, consent.State, error) {
	if !s.asks() {
		c.Set(purpose.Unknown, false) // not offered: neither stored nor recorded
	}
	c.Stamp(s.cfg.PolicyVersion, time.Now(), src, cur.GPC)
	value, err := s.deps.Codec.Encode(s.cfg.CookieName, c)
	if err != nil {
		return nil, consent.State{}, fmt.Errorf("encoding consent cookie: %w", err)
	}
	secure := r.TLS != nil
	name := s.cfg.CookieName
	if secure {
		name = "__Host-" + s.cfg.CookieName
	}
	cookie := &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(s.cfg.MaxAge / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
	lines := []string{cookie.String()}
	if secure {
		// A plain-named copy from an earlier http visit would otherwise
		// linger; the most restrictive of both would win.
		lines = append(lines, s.cfg.CookieName+"=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
	}
	st := consent.Resolve(s.cfg.Mode, &c, s.signals(cur))
	st.GPC = cur.GPC
	s.deps.Record(c, r.Header.Get("User-Agent"))
	for _, p := range s.offered() {
		s.deps.OnDecision(p, c.Has(p), src)
	}
	if s.cfg.LogDecisions {
		s.deps.Logger.Debug("visitor decided", zapChoices(c, s.offered())...)
	}
	return lines, st, nil
}

// GPCDecision records a GPC-driven opt-out in opt_out mode: the first page
// a browser with Sec-GPC: 1 asks for, with no decision yet, gets a decision
// (source "gpc") denying what GPC denies, so the opt-out request has a
// receipt and the choices page can show it. It updates *st and returns the
// Set-Cookie lines to add to the response; the caller asks only for the
// requests that may be pages.
func (s *Surface) GPCDecision(r *http.Request, st *consent.State) []string {
	if s.cfg.Mode != consent.OptOut || !s.cfg.HonorGPC || !st.GPC || st.Decided {
		return nil
	}
	c := consent.AllChoices(true)
	for _, p := range consent.GPCDenied {
		c.Set(p, false)
	}
	lines, nst, err := s.newDecision(r, *st, c, consent.SourceGPC)
	if err != nil {
		s.deps.Logger.Error("recording a GPC opt-out", zap.Error(err))
		return nil
	}
	*st = nst
	return lines
}

// offered are the grants a visitor decides on: the choosable purposes,
// and other services (purpose.Unknown) when the site asks about them.
func (s *Surface) offered() []purpose.Purpose {
	if s.asks() {
		return withOther
	}
	return purpose.Choosable
}

var withOther = append(purpose.Choosable[:len(purpose.Choosable):len(purpose.Choosable)], purpose.Unknown)

// zapChoices describes a decision for the log, without anything that
// identifies the visitor.
func zapChoices(c consent.Choices, offered []purpose.Purpose) []zap.Field {
	granted := make([]string, 0, len(offered))
	for _, p := range offered {
		if c.Has(p) {
			granted = append(granted, p.String())
		}
	}
	return []zap.Field{
		zap.Strings("granted", granted),
		zap.Bool("persistent", c.Persistent),
		zap.String("source", string(c.Source)),
		zap.Bool("gpc", c.GPC),
		zap.String("receipt", c.Receipt),
		zap.String("policy_version", c.PolicyVersion),
	}
}
