package choices

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/inventory"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// fixture is a Surface with stand-ins for what the gateway supplies: a
// state resolved from the consent cookie as the gateway resolves it, an
// Expire that expires "_ga" when analytics is not granted, and recorders.
type fixture struct {
	s   *Surface
	cfg Config
	inv *inventory.Inventory

	mu        sync.Mutex
	receipts  []consent.Choices
	agents    []string
	runtime   []string     // SeeRuntime calls: "host purpose page"
	decisions atomic.Int32 // OnDecision calls
	banners   atomic.Int32 // OnBanner calls
}

const testCookie = "privacy_choices"

func newFixture(t testing.TB, mutate ...func(*Config)) *fixture {
	t.Helper()
	codec, err := consent.NewCodec([]consent.KeyPair{consent.GenerateKeyPair()}, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{inv: inventory.New(0), cfg: Config{
		BasePath:       "/privacy-choices",
		Mode:           consent.OptIn,
		PolicyVersion:  "v1",
		MaxAge:         24 * time.Hour,
		CookieName:     testCookie,
		HonorGPC:       true,
		SiteName:       "Northwind",
		SensitivePaths: []string{"/secure/*"},
	}}
	for _, m := range mutate {
		m(&f.cfg)
	}
	state := func(r *http.Request) consent.State {
		var found *consent.Choices
		for _, c := range r.Cookies() {
			if c.Name != testCookie && c.Name != "__Host-"+testCookie {
				continue
			}
			if ch, ok := codec.Decode(testCookie, c.Value, f.cfg.PolicyVersion, time.Now()); ok {
				if found != nil {
					ch = consent.MostRestrictive(*found, ch)
				}
				found = &ch
			}
		}
		gpc := r.Header.Get("Sec-GPC") == "1"
		ask := f.cfg.UnknownTags == "" || f.cfg.UnknownTags == UnknownAsk
		st := consent.Resolve(f.cfg.Mode, found, consent.Signals{GPC: f.cfg.HonorGPC && gpc, Sensitive: strings.HasPrefix(r.URL.Path, "/secure"), AskUnknown: ask})
		st.GPC = gpc
		return st
	}
	f.s, err = New(f.cfg, Deps{
		Codec: codec,
		State: state,
		Expire: func(r *http.Request, st consent.State) []string {
			if _, err := r.Cookie("_ga"); err == nil && !st.Granted(purpose.Analytics) {
				return []string{"_ga=; Path=/; Max-Age=0"}
			}
			return nil
		},
		Inventory: func(*http.Request) *inventory.Inventory { return f.inv },
		Record: func(c consent.Choices, ua string) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.receipts = append(f.receipts, c)
			f.agents = append(f.agents, ua)
		},
		OnDecision: func(purpose.Purpose, bool, consent.Source) { f.decisions.Add(1) },
		OnBanner:   func() { f.banners.Add(1) },
		Verdict:    testVerdict,
		SeeRuntime: func(r *http.Request, u *url.URL, v RuntimeVerdict, page string) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.runtime = append(f.runtime, u.Host+" "+v.Purpose.String()+" "+page)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// serve runs one request through the surface; a request it does not serve
// answers 599.
func (f *fixture) serve(t testing.TB, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	served, err := f.s.Serve(w, r)
	if !served {
		w.Code = 599
	}
	if err != nil {
		t.Errorf("%s %s: %v", r.Method, r.URL, err)
	}
	return w
}

// state is the state a request carrying the consent cookie of w has.
func (f *fixture) state(w *httptest.ResponseRecorder) consent.State {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", consentCookieOf(w))
	return f.s.deps.State(r)
}

func consentCookieOf(w *httptest.ResponseRecorder) string {
	for _, l := range w.Header().Values("Set-Cookie") {
		if strings.HasPrefix(l, testCookie+"=") || strings.HasPrefix(l, "__Host-"+testCookie+"=") {
			if name, value, _ := strings.Cut(strings.SplitN(l, ";", 2)[0], "="); value != "" {
				return name + "=" + value
			}
		}
	}
	return ""
}

func formPost(target string, form url.Values, headers ...string) *http.Request {
	r := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func jsonPost(target, body string, headers ...string) *http.Request {
	r := httptest.NewRequest("POST", target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cfg     Config
		drop    string
		wantErr string
	}{
		{"defaults", Config{BasePath: "/privacy-choices/"}, "", ""},
		{"description of a choosable purpose", Config{Descriptions: map[string]string{"analytics": "x", "Social": "y"}}, "", ""},
		{"description of necessary", Config{Descriptions: map[string]string{"necessary": "x"}}, "", `descriptions: unknown purpose "necessary"`},
		{"description of no purpose", Config{Descriptions: map[string]string{"marketing": "x"}}, "", `descriptions: unknown purpose "marketing"`},
		{"no codec", Config{}, "codec", "required"},
		{"no state", Config{}, "state", "required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps := Deps{
				Codec:     &consent.Codec{},
				State:     func(*http.Request) consent.State { return consent.State{} },
				Expire:    func(*http.Request, consent.State) []string { return nil },
				Inventory: func(*http.Request) *inventory.Inventory { return nil },
			}
			switch tc.drop {
			case "codec":
				deps.Codec = nil
			case "state":
				deps.State = nil
			}
			s, err := New(tc.cfg, deps)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(s.cfg.BasePath, "/") || s.cfg.Color != DefaultColor {
				t.Errorf("config not normalized: %+v", s.cfg)
			}
		})
	}
}

func TestServeRoutes(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		method, target string
		status         int
		allow          string
	}{
		{"GET", "/privacy-choices", 200, ""},
		{"HEAD", "/privacy-choices", 200, ""},
		{"PUT", "/privacy-choices", 405, "GET, HEAD, POST"},
		{"GET", "/privacy-choices/api", 200, ""},
		{"DELETE", "/privacy-choices/api", 405, "GET, HEAD, POST"},
		{"GET", "/privacy-choices/consent.js", 200, ""},
		{"POST", "/privacy-choices/consent.js", 405, "GET, HEAD"},
		{"GET", "/.well-known/gpc.json", 200, ""},
		{"POST", "/.well-known/gpc.json", 405, "GET, HEAD"},
		{"GET", "/", 599, ""},
		{"GET", "/privacy-choices/", 599, ""},
		{"GET", "/privacy-choices/other", 599, ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			w := f.serve(t, httptest.NewRequest(tc.method, tc.target, nil))
			if w.Code != tc.status || w.Header().Get("Allow") != tc.allow {
				t.Errorf("status %d Allow %q, want %d %q", w.Code, w.Header().Get("Allow"), tc.status, tc.allow)
			}
			if tc.status == 599 && (w.Body.Len() != 0 || len(w.Header()) != 0) {
				t.Errorf("an unserved request was written to: %v %q", w.Header(), w.Body)
			}
		})
	}
	if !f.s.IsPage("/privacy-choices") || f.s.IsPage("/privacy-choices/api") {
		t.Error("IsPage")
	}
}
