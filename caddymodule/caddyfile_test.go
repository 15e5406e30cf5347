package caddymodule

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

func TestUnmarshalCaddyfile(t *testing.T) {
	const hash = "SEhISEhISEhISEhISEhISGNhZGR5LWNvbnNlbnQtdGUwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg=="
	const block = "Y2FkZHktY29uc2VudC10ZXN0LWJsb2NrLWtleS0wMDE="
	off := false
	for i, tc := range []struct {
		input   string
		want    Handler
		wantErr string
	}{
		{input: `consent`, want: Handler{}},
		{input: `consent {
			mode opt_out
			policy_version 7
			keys ` + hash + " " + block + `
			cookie nw_* functional Northwind Health
			host cdn.example.net beacon
			sensitive_paths /a/* /b
			max_age 30d
			cookie_name pc
			unknown_cookies block
			honor_gpc off
			state_header X-State
			base_path /choices
			debug
		}`, want: Handler{
			Mode: "opt_out", PolicyVersion: "7", Keys: []KeyPairConfig{{Hash: hash, Block: block}},
			Cookies:        []CookieRuleConfig{{Pattern: "nw_*", Purpose: "functional", Vendor: "Northwind Health"}},
			Hosts:          []HostRuleConfig{{Pattern: "cdn.example.net", Purpose: "beacon"}},
			SensitivePaths: []string{"/a/*", "/b"}, MaxAge: caddy.Duration(30 * 24 * time.Hour), CookieName: "pc",
			UnknownCookies: "block", HonorGPC: &off, StateHeader: "X-State", BasePath: "/choices", Debug: true,
		}},
		{input: `consent opt_in`, wantErr: "unexpected argument"},
		{input: "consent {\n mode\n}", wantErr: "Testfile:2"},
		{input: "consent {\n debug {\n  x\n }\n}", wantErr: "takes no block"},
		{input: "consent {\n keys " + hash + "\n}", wantErr: "pairs of base64 keys"},
		{input: "consent {\n keys MDEyMzQ1Njc4OWFiY2RlZg== " + block + "\n}", wantErr: "hash key is 16 bytes"},
		{input: "consent {\n sensitive_paths /[x\n}", wantErr: "not a valid pattern"},
		{input: "consent {\n base_path choices\n}", wantErr: "base_path"},
	} {
		var h Handler
		err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.input))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Test %d: error %v, want %q", i, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Test %d: %v", i, err)
			continue
		}
		if !reflect.DeepEqual(h, tc.want) {
			t.Errorf("Test %d:\n got %+v\nwant %+v", i, h, tc.want)
		}
	}
}
