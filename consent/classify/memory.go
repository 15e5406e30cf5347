package classify

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// CookieMemory is what a gateway remembers of one site's cookies that no
// rule knows by name: which ones the server set (with HttpOnly and their
// lifetime), and, for the ones only scripts write, the consent of the
// visitors they arrive from. It is bounded (DefaultMemoryLimit names of
// each kind; later names are not remembered) and safe for concurrent use.
//
// Attribution after consent: a cookie no rule knows, written by a script,
// that arrived in at least MinSightings requests, every one from a visitor
// who had granted purpose P, while the site saw at least MinSightings
// requests from visitors who had not granted P (so "never without P" is
// evidence, not an empty set), was written by a tag released for P. When
// several purposes qualify, the most restrictive wins. A single sighting
// from a visitor without P ends the attribution to P for good.
type CookieMemory struct {
	limit int

	mu     sync.Mutex
	server map[string]serverCookie
	script map[string]*sightings

	// withheld counts, per purpose, requests from visitors who had not
	// granted it.
	withheld [purpose.Social + 1]atomic.Uint64
}

// DefaultMemoryLimit bounds the names a CookieMemory keeps of each kind.
const DefaultMemoryLimit = 512

// MinSightings is how many sightings attribution after consent needs, of
// the cookie and of visitors without the purpose.
const MinSightings = 20

// serverCookie is what a Set-Cookie line said of a cookie.
type serverCookie struct {
	httpOnly bool
	maxAge   time.Duration
}

// sightings counts the requests a script-written cookie arrived in: all of
// them, and those from visitors who had granted each purpose.
type sightings struct {
	total   uint32
	granted [purpose.Social + 1]uint32
}

// NewCookieMemory returns an empty memory of at most limit names of each
// kind (0 means DefaultMemoryLimit).
func NewCookieMemory(limit int) *CookieMemory {
	if limit <= 0 {
		limit = DefaultMemoryLimit
	}
	return &CookieMemory{limit: limit, server: make(map[string]serverCookie), script: make(map[string]*sightings)}
}

// SawSetCookie records that the server set a cookie no rule knows by name,
// with the facts of its line; the latest line wins.
func (m *CookieMemory) SawSetCookie(name string, f CookieFacts) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.server[name]; ok || len(m.server) < m.limit {
		if !ok {
			name = strings.Clone(name) // name may point into a response header
		}
		m.server[name] = serverCookie{httpOnly: f.HttpOnly, maxAge: f.MaxAge}
	}
}

// SawRequest counts one request of a visitor whose granted purposes are
// granted (a bit set, 1<<Purpose, as consent.State.GrantedSet returns).
// Call it once per request, before RequestFacts.
func (m *CookieMemory) SawRequest(granted uint8) {
	for _, p := range purpose.Choosable {
		if granted&(1<<p) == 0 {
			m.withheld[p].Add(1)
		}
	}
}

// RequestFacts returns what is known of a cookie no rule knows by name
// that arrived with value in the Cookie header of a visitor whose granted
// purposes are granted, and counts the sighting when scripts write it.
func (m *CookieMemory) RequestFacts(name, value string, granted uint8) CookieFacts {
	f := CookieFacts{Value: value}
	m.mu.Lock()
	defer m.mu.Unlock()
	if sc, ok := m.server[name]; ok {
		f.SetBy, f.HttpOnly, f.MaxAge = SetByServer, sc.httpOnly, sc.maxAge
		return f
	}
	f.SetBy = SetByScript
	s := m.script[name]
	if s == nil {
		if len(m.script) >= m.limit {
			return f
		}
		s = new(sightings)
		m.script[strings.Clone(name)] = s
	}
	if s.total < 1<<31 {
		s.total++
		for _, p := range purpose.Choosable {
			if granted&(1<<p) != 0 {
				s.granted[p]++
			}
		}
	}
	f.OnlyAfter = m.attribute(s)
	return f
}

// attribute returns the most restrictive purpose every sighting of s had
// granted, when there is enough evidence for it, or Unknown. m.mu is held.
func (m *CookieMemory) attribute(s *sightings) purpose.Purpose {
	best := purpose.Unknown
	if s.total < MinSightings {
		return best
	}
	for _, p := range purpose.Choosable {
		if s.granted[p] == s.total && m.withheld[p].Load() >= MinSightings && purposeRank(p) > purposeRank(best) {
			best = p
		}
	}
	return best
}
