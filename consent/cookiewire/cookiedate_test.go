package cookiewire

import (
	"math"
	"testing"
	"time"
)

func TestParseCookieDate(t *testing.T) {
	date := func(y int, mo time.Month, d, h, mi, s int) int64 {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC).Unix()
	}
	const bad = math.MinInt64
	oct21 := date(2015, time.October, 21, 7, 28, 0)
	for i, tc := range []struct {
		in          string
		rfc, chrome int64 // bad: fails
	}{
		{"Wed, 21 Oct 2015 07:28:00 GMT", oct21, oct21},
		{"Wednesday, 21-Oct-15 07:28:00 GMT", oct21, oct21},
		{"Wed Oct 21 07:28:00 2015", oct21, oct21},
		{"wed, 21 OCTOBER 2015 07:28:00 gmt", oct21, oct21},
		{"21 Oct 2015 7:28:0", oct21, oct21},
		{"Wed, 21 Oct 2015 07:28:00", oct21, oct21},
		{"Oct 21 2015 07:28:00 +0000", oct21, oct21},
		{`"Wed, 21 Oct 2015 07:28:00 GMT"`, oct21, oct21},
		{"Wed,21/Oct/2015:07:28:00", bad, bad}, // ':' is no delimiter: "2015:07:28:00" is one token
		{"Thu, 01-Jan-70 00:00:00 GMT", 0, 0},
		{"Thu, 01-Jan-70 00:00:01 GMT", 1, 1},
		{"Sat, 01-Jan-69 00:00:00 GMT", date(2069, 1, 1, 0, 0, 0), date(2069, 1, 1, 0, 0, 0)},
		{"Sat, 01-Jan-0069 00:00:00 GMT", date(2069, 1, 1, 0, 0, 0), date(2069, 1, 1, 0, 0, 0)},
		{"Fri, 31 Dec 9999 23:59:59 GMT", date(9999, 12, 31, 23, 59, 59), date(9999, 12, 31, 23, 59, 59)},
		{"Wed, 21 Oct 1600 07:28:00 GMT", bad, date(1600, 10, 21, 7, 28, 0)},
		{"Wed, 21 Oct 2015 07:28:00123 GMT", bad, oct21}, // Chromium's sscanf ignores what follows
		{"Wed, 31 Feb 2015 07:28:00 GMT", bad, bad},
		{"Wed, 29 Feb 2024 07:28:00 GMT", date(2024, 2, 29, 7, 28, 0), date(2024, 2, 29, 7, 28, 0)},
		{"Wed, 00 Oct 2015 07:28:00 GMT", bad, bad},
		{"Wed, 32 Oct 2015 07:28:00 GMT", bad, bad},
		{"Wed, 21 Oct 2015 24:00:00 GMT", bad, bad},
		{"Wed, 21 Oct 2015 07:60:00 GMT", bad, bad},
		{"Wed, 21 Oct 2015 07:28:60 GMT", bad, bad},
		{"Wed, 21 Oct 2015 07:28 GMT", bad, bad},
		{"Wed, 21 2015 07:28:00 GMT", bad, bad},
		{"2015-10-21T07:28:00Z", bad, bad},
		{"21Oct2015 07:28:00", bad, bad},
		{"", bad, bad},
		{"garbage", bad, bad},
	} {
		got, ok := parseCookieDate(tc.in)
		if !ok {
			got = bad
		}
		if got != tc.rfc {
			t.Errorf("Test %d: parseCookieDate(%q) = %d, %t; want %d", i, tc.in, got, ok, tc.rfc)
		}
		got, ok = parseCookieDateChromium(tc.in)
		if !ok {
			got = bad
		}
		if got != tc.chrome {
			t.Errorf("Test %d: parseCookieDateChromium(%q) = %d, %t; want %d", i, tc.in, got, ok, tc.chrome)
		}
	}
}
