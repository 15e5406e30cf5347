package receipts

import (
	"sort"
	"time"
)

// YearStats are the metrics a business must compile for a calendar year
// under the CCPA regulations (11 CCR §7102(a)), as far as this gateway
// handles the requests they count. Definitions:
//
//   - A request is a receipt for which OptOutRequest is true: a request to
//     opt out of the sale or sharing of personal information. That is a
//     decision that denies retargeting or social, or an opt-out applied
//     because the browser sent Global Privacy Control. In opt_in mode a
//     visitor who rejects those purposes on the banner counts too.
//   - A request is honored (complied with in whole) when it was applied.
//     The gateway applies every decision in the response that records it,
//     so every request is honored and none is denied.
//   - The days to respond to a request are the time between the decision
//     (Receipt.Time) and when it took effect (Receipt.AppliedAt). MedianDays
//     is their median over the honored requests, in days; it is 0 in
//     practice, and computed rather than assumed.
//
// Requests to know, delete, correct or limit are not made through the
// gateway and are not counted here.
type YearStats struct {
	// Year is the calendar year (UTC) the figures cover.
	Year int `json:"year"`
	// Decisions is the number of receipts of the year, of any kind.
	Decisions int64 `json:"decisions"`
	// Requests is the number of requests to opt out of sale or sharing.
	Requests int64 `json:"requests"`
	// Honored is the number of those requests that were applied.
	Honored int64 `json:"honored"`
	// MedianDays is the median number of days taken to apply a request.
	MedianDays float64 `json:"median_days"`
	// BySource breaks the requests down by source (banner, page, api, gpc).
	BySource map[string]int64 `json:"by_source"`
}

// yearBounds returns the first instant of the year and of the next, UTC.
func yearBounds(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// medianDays returns the median of the delays, in days (0 for none). It
// sorts delays in place.
func medianDays(delays []time.Duration) float64 {
	n := len(delays)
	if n == 0 {
		return 0
	}
	sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
	day := float64(24 * time.Hour)
	if n%2 == 1 {
		return float64(delays[n/2]) / day
	}
	return (float64(delays[n/2-1]) + float64(delays[n/2])) / 2 / day
}

// DefaultRetentionMonths is how long receipts are kept by default: 24
// months, the CCPA record-keeping period (11 CCR §7101(a)).
const DefaultRetentionMonths = 24

// RetentionCutoff returns the instant before which receipts are older than
// months calendar months at now: the argument for Store.Purge.
func RetentionCutoff(now time.Time, months int) time.Time {
	return now.UTC().AddDate(0, -months, 0)
}
