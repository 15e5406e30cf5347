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

func TestStateKeyDistinguishesStates(t *testing.T) {
	a := AllChoices(true)
	seen := map[string]bool{}
	for _, s := range []State{
		Resolve(OptIn, nil, Signals{}),
		Resolve(OptIn, &a, Signals{}),
		Resolve(OptIn, &a, Signals{GPC: true}),
		Resolve(OptOut, nil, Signals{}),
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
