package choices

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestCheckSameOrigin(t *testing.T) {
	for i, tc := range []struct {
		origin, site string
		tls          bool
		ok           bool
	}{
		{"", "", false, true},
		{"http://shop.example", "", false, true},
		{"http://shop.example", "same-origin", false, true},
		{"", "none", false, true},
		{"", "same-site", false, false},
		{"", "cross-site", false, false},
		{"http://evil.example", "", false, false},
		{"http://shop.example.evil.example", "", false, false},
		{"null", "", false, false},
		{"https://shop.example", "", false, false},
		{"https://shop.example", "", true, true},
		{"http://shop.example", "", true, false},
		{"http://SHOP.example", "", false, true},
	} {
		r := httptest.NewRequest("POST", "http://shop.example/privacy-choices/api", nil)
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		if tc.site != "" {
			r.Header.Set("Sec-Fetch-Site", tc.site)
		}
		if err := checkSameOrigin(r); (err == nil) != tc.ok {
			t.Errorf("Test %d: err = %v, want ok=%v", i, err, tc.ok)
		}
	}
}
