package rewrite

import (
	"strings"
	"testing"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

const dc = "https://ad.doubleclick.net/px.gif"

var styleCases = []rewriteCase{
	// Style attributes.
	{name: "attr tracker url", in: `<div style="width:300px;background:url(` + dc + `) no-repeat">ad</div>`,
		want: `<div data-consent="retargeting" style="width:300px;background:none no-repeat" data-consent-style="width:300px;background:url(` + dc + `) no-repeat">ad</div>`},
	{name: "attr granted untouched", in: `<div style="background:url(` + dc + `)">ad</div>`, opts: granted(purpose.Retargeting)},
	{name: "attr first party", in: `<div style="background:url(/img/bg.png)"></div><p style="background-image:url('https://cdn.example.com/a.png')"></p>`},
	{name: "attr unknown third party kept", in: `<div style="background:url(https://cdn.other-site.net/a.png)"></div>`},
	{name: "attr no url", in: `<div style="color:red;width:1px">x</div><span style=color:blue>y</span>`},
	{name: "attr two urls one held", in: `<div style='background:url("/a.png"), url("` + dc + `")'></div>`,
		want: `<div data-consent="retargeting" style="background:url(&#34;/a.png&#34;), none" data-consent-style='background:url("/a.png"), url("` + dc + `")'></div>`},
	{name: "attr image-set", in: `<div style="background-image:image-set('/a.png' 1x, '` + dc + `' 2x);height:90px"></div>`,
		want: `<div data-consent="retargeting" style="background-image:none;height:90px" data-consent-style="background-image:image-set('/a.png' 1x, '` + dc + `' 2x);height:90px"></div>`},
	{name: "attr webkit image-set url", in: `<b style="background:-webkit-image-set(url(` + dc + `) 1x)"></b>`,
		want: `<b data-consent="retargeting" style="background:none" data-consent-style="background:-webkit-image-set(url(` + dc + `) 1x)"></b>`},
	{name: "attr uppercase and spaces", in: `<DIV STYLE="BACKGROUND:URL(  '//ad.doubleclick.net/x'  )">`,
		want: `<DIV data-consent="retargeting" style="BACKGROUND:none" data-consent-style="BACKGROUND:URL(  '//ad.doubleclick.net/x'  )">`},
	{name: "attr escaped function name", in: `<i style="background:u\72l(https://ad.doubleclick.net/x)"></i>`,
		want: `<i data-consent="retargeting" style="background:none" data-consent-style="background:u\72l(https://ad.doubleclick.net/x)"></i>`},
	{name: "attr escaped url", in: `<i style="background:url(https\:\2f\2f ad.doubleclick.net/x)"></i>`,
		want: `<i data-consent="retargeting" style="background:none" data-consent-style="background:url(https\:\2f\2f ad.doubleclick.net/x)"></i>`},
	{name: "attr character reference", in: `<i style="background:url&#40;&quot;` + dc + `&quot;)"></i>`,
		want: `<i data-consent="retargeting" style="background:none" data-consent-style="background:url&#40;&quot;` + dc + `&quot;)"></i>`},
	{name: "attr unquoted", in: `<i style=background:url(` + dc + `)>x</i>`,
		want: `<i data-consent="retargeting" style="background:none" data-consent-style=background:url(` + dc + `)>x</i>`},
	{name: "attr url in comment", in: `<i style="/* url(` + dc + `) */color:red"></i>`},
	{name: "attr url in string", in: `<i style="content:'url(` + dc + `)'"></i>`},
	{name: "attr bad url", in: `<i style="background:url(https://ad.doubleclick.net/a b)"></i>`},
	{name: "attr unterminated", in: `<i style="background:url(` + dc + `">x</i>`,
		want: `<i data-consent="retargeting" style="background:none" data-consent-style="background:url(` + dc + `">x</i>`},
	{name: "attr with held src", in: `<img src="` + dc + `" style="background:url(https://fonts.gstatic.com/x.png)">`,
		want: `<img data-consent="retargeting" style="background:none" data-consent-src="` + dc + `" data-consent-style="background:url(https://fonts.gstatic.com/x.png)">`},
	{name: "attr in svg", in: `<svg><rect style="fill:url(#g)"/><rect style="fill:url(` + dc + `)"/></svg>`,
		want: `<svg><rect style="fill:url(#g)"/><rect data-consent="retargeting" style="fill:none" data-consent-style="fill:url(` + dc + `)"/></svg>`},
	{name: "attr in template kept", in: `<template><div style="background:url(` + dc + `)"></div></template>`},
	{name: "attr marked by site", in: `<div data-consent="analytics" style="background:url(` + dc + `)"></div>`},
	{name: "marked style restored when granted", opts: granted(purpose.Retargeting),
		in:   `<div data-consent="retargeting" style="background:none" data-consent-style="background:url(` + dc + `)"></div>`,
		want: `<div data-consent="retargeting"  style="background:url(` + dc + `)"></div>`}, // the held style's place stays

	// <style> blocks.
	{name: "block import", in: `<style>@import url("https://fonts.googleapis.com/css?family=A");body{margin:0}</style>`,
		want: `<style data-consent="functional" data-consent-css="@import url(&#34;https://fonts.googleapis.com/css?family=A&#34;);body{margin:0}">body{margin:0}</style>`},
	{name: "block import string", in: `<style>@IMPORT '//fonts.googleapis.com/css' screen;p{}</style>`,
		want: `<style data-consent="functional" data-consent-css="@IMPORT '//fonts.googleapis.com/css' screen;p{}">p{}</style>`},
	{name: "block tracker and first party", in: "<style media=all>\n.a{background:url(/a.png)}\n.ad{background:URL(" + dc + ") center}</style><p>x</p>",
		want: "<style data-consent=\"retargeting\" data-consent-css=\"\n.a{background:url(/a.png)}\n.ad{background:URL(" + dc + ") center}\" media=all>\n.a{background:url(/a.png)}\n.ad{background:none center}</style><p>x</p>"},
	{name: "block granted untouched", in: `<style>.ad{background:url(` + dc + `)}</style>`, opts: granted(purpose.Retargeting)},
	{name: "block first party only", in: `<style>.a{background:url(/a.png)}@import "x.css";.b{background:url(https://static.example.com/b.png)}</style>`},
	{name: "block no url", in: `<style>a{color:red}</style><style></style>`},
	{name: "block broken css", in: `<style>.x{background:url(` + dc + `</style>`,
		want: `<style data-consent="retargeting" data-consent-css=".x{background:url(` + dc + `">.x{background:none</style>`},
	{name: "block comment and string", in: `<style>/* url(` + dc + `) */a::after{content:"url(` + dc + `)"}</style>`},
	{name: "block unterminated", in: `<style>.x{background:url(` + dc + `)}`,
		want: `<style data-consent="retargeting" data-consent-css=".x{background:url(` + dc + `)}">.x{background:none}`},
	{name: "block in template kept", in: `<template><style>.x{background:url(` + dc + `)}</style></template>`},
	{name: "block in svg is markup", in: `<svg><style>.x{fill:url(#a)}</style></svg>`},
}

func TestStyle(t *testing.T) { runRewriteCases(t, styleCases) }

func TestStyleEvents(t *testing.T) {
	in := `<div style="background:url(` + dc + `)"></div><style>.a{background:url(` + dc + `)}</style>`
	_, events := rewriteChunks(t, []byte(in), testOptions(), nil)
	if len(events) != 2 {
		t.Fatalf("events %+v, want 2", events)
	}
	for _, e := range events {
		if e.Kind != KindStyle || e.Action != ActionNeutralized || e.Purpose != purpose.Retargeting || e.URL != dc {
			t.Errorf("event %+v", e)
		}
	}
}

func TestStyleBlockTooLarge(t *testing.T) {
	o := testOptions()
	o.MaxHeld = 64
	in := `<style>.ad{background:url(` + dc + `)}` + strings.Repeat("p{}", 40) + `</style>`
	for _, cuts := range [][]int{nil, {20}, {20, 60, 90}} {
		got, events := rewriteChunks(t, []byte(in), o, cuts)
		if got != in {
			t.Errorf("cuts %v: %q, want it unchanged", cuts, got)
		}
		if len(events) != 1 || events[0].Action != ActionAbandoned || events[0].Kind != KindStyle {
			t.Errorf("cuts %v: events %+v", cuts, events)
		}
	}
}

func TestCSSHold(t *testing.T) {
	held := func(u string) bool { return strings.Contains(u, "held") }
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "a:url(held)", "a:none"},
		{"quoted", `a:url( "held" )b`, "a:noneb"},
		{"escape hex", `a:url(h\65ld)`, "a:none"},
		{"escape in string", `a:url("h\"eld")`, `a:url("h\"eld")`},
		{"image-set string", `a:image-set("held" 1x)`, "a:none"},
		{"image-set kept", `a:image-set("ok" 1x, url(ok2) 2x)`, `a:image-set("ok" 1x, url(ok2) 2x)`},
		{"string outside image-set", `a:"held"`, `a:"held"`},
		{"bad url", `a:url(he ld)`, `a:url(he ld)`},
		{"bad url quote", `a:url(held")`, `a:url(held")`},
		{"myurl", `a:myurl(held)`, `a:myurl(held)`},
		{"empty", `a:url()`, `a:url()`},
		{"line continuation", "a:url(\"he\\\nld\")", "a:none"},
		{"eof", `a:url(held`, "a:none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := cssHold(tc.in, false, held); got != tc.want {
				t.Errorf("cssHold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	t.Run("import in attribute", func(t *testing.T) {
		if got, _ := cssHold(`@import "held";`, false, held); got != `@import "held";` {
			t.Errorf("got %q", got)
		}
	})
	t.Run("import in block", func(t *testing.T) {
		if got, _ := cssHold(`@import url(held) print;a{}@import "ok";`, true, held); got != `a{}@import "ok";` {
			t.Errorf("got %q", got)
		}
	})
}

// FuzzCSSHold: the scanner never panics, and a text with nothing held or
// nothing cssMayLoad flags comes back unchanged.
func FuzzCSSHold(f *testing.F) {
	for _, s := range []string{"a:url(x)", `@import "x";`, `image-set("x" 1x)`, `u\72l(x)`, `url("a\`, "/*", `url(a b)`, "@import url(x"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, css string, block bool) {
		all, changed := cssHold(css, block, func(string) bool { return true })
		if changed && !cssMayLoad([]byte(css), block) {
			t.Errorf("cssHold changed %q, which cssMayLoad passes over", css)
		}
		if !changed && all != css {
			t.Errorf("unchanged but different: %q", all)
		}
		if none, ch := cssHold(css, block, func(string) bool { return false }); ch || none != css {
			t.Errorf("nothing held but %q became %q", css, none)
		}
	})
}
