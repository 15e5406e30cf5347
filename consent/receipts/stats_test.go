package receipts

import (
	"testing"
	"time"
)

func TestMedianDays(t *testing.T) {
	day := 24 * time.Hour
	for i, tc := range []struct {
		delays []time.Duration
		want   float64
	}{
		{delays: nil, want: 0},
		{delays: []time.Duration{0}, want: 0},
		{delays: []time.Duration{3 * day}, want: 3},
		{delays: []time.Duration{5 * day, 0, day}, want: 1},
		{delays: []time.Duration{day, 0, 2 * day, 10 * day}, want: 1.5},
		{delays: []time.Duration{12 * time.Hour, 0}, want: 0.25},
	} {
		if got := medianDays(tc.delays); got != tc.want {
			t.Errorf("Test %d: medianDays = %v, want %v", i, got, tc.want)
		}
	}
}

func TestRetentionCutoff(t *testing.T) {
	for i, tc := range []struct {
		now    time.Time
		months int
		want   time.Time
	}{
		{now: time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC), months: DefaultRetentionMonths, want: time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)},
		{now: time.Date(2026, 1, 31, 0, 0, 0, 0, time.FixedZone("X", 3600)), months: 1, want: time.Date(2025, 12, 30, 23, 0, 0, 0, time.UTC)},
		{now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), months: 0, want: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if got := RetentionCutoff(tc.now, tc.months); !got.Equal(tc.want) {
			t.Errorf("Test %d: RetentionCutoff = %v, want %v", i, got, tc.want)
		}
	}
}
