package choices

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// insertedConfig is the client configuration an inserted block carries.
func insertedConfig(t *testing.T, block []byte) clientConfig {
	var cfg clientConfig
	configIn(t, block, "window.privacyChoicesConfig=", ";</script>", &cfg)
	return cfg
}

// configIn decodes into v the JSON of block between start and end.
func configIn(t *testing.T, block []byte, start, end string, v any) {
	t.Helper()
	_, rest, ok := bytes.Cut(block, []byte(start))
	js, _, ok2 := bytes.Cut(rest, []byte(end))
	if !ok || !ok2 {
		t.Fatalf("no %s in %.400s", start, block)
	}
	if err := json.Unmarshal(js, v); err != nil {
		t.Fatalf("%s%s: %v", start, js, err)
	}
}

func TestInsert(t *testing.T) {
	decided := consent.AllChoices(false)
	decided.Set(purpose.Analytics, true)
	for _, tc := range []struct {
		name      string
		mode      consent.Mode
		st        consent.State
		nonce     string
		onPage    bool
		banner    bool
		want      []string // in the block
		wantNot   []string
		analytics string
	}{
		{name: "undecided, opt_in", mode: consent.OptIn, st: consent.Resolve(consent.OptIn, nil, consent.Signals{}), banner: true,
			want:    []string{`<script data-privacy-choices="consent-mode">`, `gtag("consent","default",{"ad_storage":"denied"`, `"wait_for_update":500`, `<script src="/privacy-choices/consent.js?v=` + clientHash + `" defer data-privacy-choices="client"></script>`},
			wantNot: []string{`"update"`, `nonce=`}, analytics: "denied"},
		{name: "undecided, on the choices page", mode: consent.OptIn, st: consent.Resolve(consent.OptIn, nil, consent.Signals{}), onPage: true,
			analytics: "denied"},
		{name: "undecided, opt_out", mode: consent.OptOut, st: consent.Resolve(consent.OptOut, nil, consent.Signals{}),
			want: []string{`"ad_storage":"granted"`}, analytics: "granted"},
		{name: "decided, with a nonce", mode: consent.OptIn, st: consent.Resolve(consent.OptIn, &decided, consent.Signals{}), nonce: `n"1`,
			want:    []string{`<script nonce="n&#34;1" data-privacy-choices="consent-mode">`, `gtag("consent","update",{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted"`, `nonce="n&#34;1" defer`},
			wantNot: []string{`wait_for_update`}, analytics: "granted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.Mode = tc.mode; c.ShowLink = true })
			b := f.s.Insert(tc.st, tc.nonce, "en", "", "example.com", tc.onPage)
			for _, w := range tc.want {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("block lacks %s:\n%s", w, b)
				}
			}
			for _, w := range tc.wantNot {
				if bytes.Contains(b, []byte(w)) {
					t.Errorf("block has %s:\n%s", w, b)
				}
			}
			if !bytes.Contains(b, []byte(`"analytics_storage":"`+tc.analytics+`"`)) {
				t.Errorf("analytics_storage is not %s:\n%s", tc.analytics, b)
			}
			cfg := insertedConfig(t, b)
			if cfg.API != "/privacy-choices/api" || cfg.Page != "/privacy-choices" || cfg.Nonce != tc.nonce || cfg.Banner != tc.banner ||
				!cfg.Link || cfg.Lang != "en" || cfg.State.Decided != tc.st.Decided || cfg.Text.Accept != "Accept all" {
				t.Errorf("client configuration %+v", cfg)
			}
			if got := f.banners.Load(); got != map[bool]int32{true: 1, false: 0}[tc.banner] {
				t.Errorf("OnBanner called %d times", got)
			}
		})
	}
}

func TestInsertCache(t *testing.T) {
	f := newFixture(t)
	undecided := consent.Resolve(consent.OptIn, nil, consent.Signals{})
	a, b := f.s.Insert(undecided, "", "es", "", "example.com", false), f.s.Insert(undecided, "", "es", "", "example.com", false)
	if &a[0] != &b[0] {
		t.Error("an undecided visitor's block is built again")
	}
	if f.banners.Load() != 2 {
		t.Errorf("OnBanner called %d times for two banners", f.banners.Load())
	}
	if c := f.s.Insert(undecided, "", "en", "", "example.com", false); bytes.Equal(a, c) {
		t.Error("the cache mixes languages")
	}
	if c, d := f.s.Insert(undecided, "x", "es", "", "example.com", false), f.s.Insert(undecided, "x", "es", "", "example.com", false); &c[0] == &d[0] {
		t.Error("a block with a nonce is shared")
	}
	f.s.Insert(undecided, "", "xx-unknown", "", "example.com", false)
	n := 0
	f.s.inserts.Range(func(k, _ any) bool {
		n++
		if l := k.(insertKey).lang; l != "en" && l != "es" {
			t.Errorf("cached under language %q", l)
		}
		return true
	})
	if n != 2 {
		t.Errorf("%d cached blocks, want 2", n)
	}
}

// TestDescriptionsReachBannerAndPage: an operator's description of a
// purpose replaces the built-in one in every language, in the banner's
// texts, on the page, and nowhere else.
func TestDescriptionsReachBannerAndPage(t *testing.T) {
	const desc = "We count visits with our own Matomo & nothing else."
	f := newFixture(t, func(c *Config) { c.Descriptions = map[string]string{"analytics": desc} })
	undecided := consent.Resolve(consent.OptIn, nil, consent.Signals{})
	for lang, builtin := range languages {
		t.Run(lang, func(t *testing.T) {
			cfg := insertedConfig(t, f.s.Insert(undecided, "", lang, "", "example.com", false))
			if got := cfg.Text.Purposes["analytics"]; got.Desc != desc || got.Name != builtin.Client.Purposes["analytics"].Name {
				t.Errorf("banner analytics text %+v, want the operator's description", got)
			}
			if got := cfg.Text.Purposes["social"]; got != builtin.Client.Purposes["social"] {
				t.Errorf("banner social text %+v, want the built-in one", got)
			}
			r := httptest.NewRequest("GET", "/privacy-choices", nil)
			r.Header.Set("Accept-Language", lang)
			body := f.serve(t, r).Body.String()
			if !strings.Contains(body, `<p id="desc-analytics">We count visits with our own Matomo &amp; nothing else.</p>`) {
				t.Errorf("page lacks the operator's description:\n%s", body)
			}
			if strings.Contains(body, builtin.Client.Purposes["analytics"].Desc) {
				t.Error("page still shows the built-in analytics description")
			}
		})
	}
	if languages["en"].Client.Purposes["analytics"].Desc == desc {
		t.Error("the built-in texts were modified")
	}
}

// TestInsertIsASCII: the block and the placeholders read the same in a
// windows-1252 or ISO-8859-1 page as in a UTF-8 one.
func TestInsertIsASCII(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Mode = consent.OptIn; c.ShowLink = true })
	st := consent.Resolve(consent.OptIn, nil, consent.Signals{})
	for lang := range f.s.placeholders {
		t.Run(lang, func(t *testing.T) {
			b := f.s.Insert(st, "", lang, "", "example.com", false)
			ph := f.s.Placeholder(lang, "")(purpose.Social, "Vidéos", "width:560px")
			for what, s := range map[string][]byte{"block": b, "placeholder": ph} {
				for i, c := range s {
					if c >= 0x80 {
						t.Fatalf("%s: byte %#x at %d: %s", what, c, i, s)
					}
				}
			}
			want := f.s.text(lang).Client
			if got := insertedConfig(t, b).Text; got.Accept != want.Accept || got.Blocked != want.Blocked {
				t.Errorf("texts decode to %q, %q; want %q, %q", got.Accept, got.Blocked, want.Accept, want.Blocked)
			}
		})
	}
}
