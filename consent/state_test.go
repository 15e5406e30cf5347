package consent

import (
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

func TestResolve(t *testing.T) {
	analyticsOnly := Choices{Source: SourcePage, Receipt: "r-x"}
	analyticsOnly.Set(purpose.Analytics, true)
	all := AllChoices(true)
	all.Source = SourceBanner
	allWithGPCOnPage := AllChoices(true)
	allWithGPCOnPage.Source, allWithGPCOnPage.GPC = SourcePage, true
	allWithGPCBanner := AllChoices(true)
	allWithGPCBanner.Source, allWithGPCBanner.GPC = SourceBanner, true

	for i, tc := range []struct {
		mode       Mode
		choices    *Choices
		sig        Signals
		granted    []purpose.Purpose
		denied     []purpose.Purpose
		persistent bool
		decided    bool
		gpcHonored bool
		header     string
	}{
		{mode: OptIn, granted: []purpose.Purpose{purpose.Necessary}, denied: []purpose.Purpose{purpose.Functional, purpose.Analytics, purpose.Beacon, purpose.Retargeting, purpose.Social, purpose.Unknown}, header: "necessary"},
		{mode: OptOut, granted: purpose.Choosable, persistent: true, header: "necessary functional analytics beacon retargeting social persistent"},
		{mode: OptOut, sig: Signals{GPC: true}, granted: []purpose.Purpose{purpose.Functional, purpose.Analytics}, denied: []purpose.Purpose{purpose.Beacon, purpose.Retargeting, purpose.Social}, persistent: true, gpcHonored: true, header: "necessary functional analytics persistent"},
		{mode: OptIn, choices: &analyticsOnly, granted: []purpose.Purpose{purpose.Analytics}, denied: []purpose.Purpose{purpose.Functional, purpose.Beacon, purpose.Retargeting, purpose.Social}, decided: true, header: "necessary analytics"},
		{mode: OptOut, choices: &analyticsOnly, granted: []purpose.Purpose{purpose.Analytics}, denied: []purpose.Purpose{purpose.Functional, purpose.Retargeting}, decided: true, header: "necessary analytics"},
		{mode: OptIn, choices: &all, granted: purpose.Choosable, persistent: true, decided: true, header: "necessary functional analytics beacon retargeting social persistent"},
		// GPC beats a banner "accept all" made without the signal...
		{mode: OptIn, choices: &all, sig: Signals{GPC: true}, granted: []purpose.Purpose{purpose.Functional, purpose.Analytics}, denied: []purpose.Purpose{purpose.Beacon, purpose.Retargeting, purpose.Social}, persistent: true, decided: true, gpcHonored: true},
		// ...and one made with it on the banner...
		{mode: OptIn, choices: &allWithGPCBanner, sig: Signals{GPC: true}, denied: []purpose.Purpose{purpose.Retargeting}, granted: []purpose.Purpose{purpose.Analytics}, persistent: true, decided: true, gpcHonored: true},
		// ...but not an explicit grant on the choices page with GPC on.
		{mode: OptIn, choices: &allWithGPCOnPage, sig: Signals{GPC: true}, granted: purpose.Choosable, persistent: true, decided: true},
		// Sensitive paths deny everything but necessary, whatever was chosen.
		{mode: OptIn, choices: &all, sig: Signals{Sensitive: true}, granted: []purpose.Purpose{purpose.Necessary}, denied: purpose.Choosable, persistent: true, decided: true, header: "necessary"},
		{mode: OptOut, sig: Signals{Sensitive: true}, denied: purpose.Choosable, persistent: true, header: "necessary"},
	} {
		s := Resolve(tc.mode, tc.choices, tc.sig)
		for _, p := range tc.granted {
			if !s.Granted(p) {
				t.Errorf("Test %d: %s not granted", i, p)
			}
		}
		for _, p := range tc.denied {
			if s.Granted(p) {
				t.Errorf("Test %d: %s granted", i, p)
			}
		}
		if s.Persistent() != tc.persistent {
			t.Errorf("Test %d: persistent = %v, want %v", i, s.Persistent(), tc.persistent)
		}
		if s.Decided != tc.decided {
			t.Errorf("Test %d: decided = %v", i, s.Decided)
		}
		if s.GPCHonored != tc.gpcHonored {
			t.Errorf("Test %d: gpcHonored = %v", i, s.GPCHonored)
		}
		if tc.header != "" && s.Header() != tc.header {
			t.Errorf("Test %d: header %q, want %q", i, s.Header(), tc.header)
		}
	}
}

func TestResolveOtherServices(t *testing.T) {
	ask := Signals{AskUnknown: true}
	all := AllChoices(true)
	all.Source = SourceBanner
	allOnPage := AllChoices(true)
	allOnPage.Source, allOnPage.GPC = SourcePage, true
	onlyOther := Choices{Source: SourcePage}
	onlyOther.Set(purpose.Unknown, true)
	old := AllChoices(true) // a cookie from before the grant existed: bit 0 unset
	old.Set(purpose.Unknown, false)
	reject := AllChoices(false)
	for _, tc := range []struct {
		name    string
		mode    Mode
		choices *Choices
		sig     Signals
		want    bool
		header  string
	}{
		{name: "opt_in undecided", mode: OptIn, sig: ask, want: false, header: "necessary"},
		{name: "accept all", mode: OptIn, choices: &all, sig: ask, want: true, header: "necessary functional analytics beacon retargeting social unknown persistent"},
		{name: "reject all", mode: OptIn, choices: &reject, sig: ask, want: false, header: "necessary"},
		{name: "only other services", mode: OptIn, choices: &onlyOther, sig: ask, want: true, header: "necessary unknown"},
		{name: "old cookie without the bit", mode: OptIn, choices: &old, sig: ask, want: false},
		{name: "opt_out default", mode: OptOut, sig: ask, want: true},
		{name: "opt_out with GPC", mode: OptOut, sig: Signals{AskUnknown: true, GPC: true}, want: false, header: "necessary functional analytics persistent"},
		{name: "banner accept all with GPC", mode: OptIn, choices: &all, sig: Signals{AskUnknown: true, GPC: true}, want: false},
		{name: "explicit grant on the page with GPC", mode: OptIn, choices: &allOnPage, sig: Signals{AskUnknown: true, GPC: true}, want: true},
		{name: "sensitive path", mode: OptIn, choices: &all, sig: Signals{AskUnknown: true, Sensitive: true}, want: false, header: "necessary"},
		{name: "not asked (keep or block)", mode: OptIn, choices: &all, want: false, header: "necessary functional analytics beacon retargeting social persistent"},
		{name: "not asked, opt_out", mode: OptOut, want: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Resolve(tc.mode, tc.choices, tc.sig)
			if got := s.Granted(purpose.Unknown); got != tc.want {
				t.Errorf("Granted(unknown) = %v, want %v", got, tc.want)
			}
			if tc.header != "" && s.Header() != tc.header {
				t.Errorf("header %q, want %q", s.Header(), tc.header)
			}
		})
	}
}

func TestChoicesSetOtherServices(t *testing.T) {
	var c Choices
	c.Set(purpose.Unknown, true)
	if !c.Has(purpose.Unknown) || c.Granted != 1<<purpose.Unknown {
		t.Fatalf("Set(unknown, true): granted %08b", c.Granted)
	}
	c.Set(purpose.Unknown, false)
	if c.Has(purpose.Unknown) || c.Granted != 0 {
		t.Fatalf("Set(unknown, false): granted %08b", c.Granted)
	}
	c.Set(purpose.Necessary, false)
	if !c.Has(purpose.Necessary) {
		t.Error("necessary could be denied")
	}
	if !AllChoices(true).Has(purpose.Unknown) || AllChoices(false).Has(purpose.Unknown) {
		t.Error("AllChoices does not follow its answer for other services")
	}
}

func TestStateKeyDistinguishesStates(t *testing.T) {
	a := AllChoices(true)
	seen := map[string]bool{}
	for _, s := range []State{
		Resolve(OptIn, nil, Signals{}),
		Resolve(OptIn, &a, Signals{}),
		Resolve(OptIn, &a, Signals{GPC: true}),
		Resolve(OptOut, nil, Signals{}),
		Resolve(OptIn, &a, Signals{AskUnknown: true}),
	} {
		if seen[s.Key()] {
			t.Errorf("duplicate key %q", s.Key())
		}
		seen[s.Key()] = true
	}
}

func TestMostRestrictive(t *testing.T) {
	a, b := AllChoices(true), Choices{Persistent: true, Time: 5}
	b.Set(purpose.Analytics, true)
	got := MostRestrictive(a, b)
	if got.Granted != b.Granted || !got.Persistent {
		t.Errorf("got %+v", got)
	}
	b.Persistent = false
	if MostRestrictive(b, a).Persistent {
		t.Error("persistent should be false")
	}
}

func TestParsePurposeRoundTrip(t *testing.T) {
	for p := purpose.Unknown; p <= purpose.Social; p++ {
		got, err := purpose.ParsePurpose(p.String())
		if err != nil || got != p {
			t.Errorf("%s: got %v %v", p, got, err)
		}
	}
	if _, err := purpose.ParsePurpose("marketing"); err == nil {
		t.Error("marketing accepted")
	}
}
