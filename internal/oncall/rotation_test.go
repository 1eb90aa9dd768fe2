package oncall

import (
	"testing"
	"time"
)

func TestRotations(t *testing.T) {
	tests := []struct {
		name   string
		zone   string
		layer  Layer
		checks []check
	}{
		{
			name:  "weekly rotation of three hands off every Monday at 09:00",
			zone:  "UTC",
			layer: layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben", "cho"),
			checks: []check{
				{"2026-03-02T08:59:59Z", "-"},
				{"2026-03-02T09:00:00Z", "ana"},
				{"2026-03-05T03:00:00Z", "ana"},
				{"2026-03-09T08:59:59Z", "ana"},
				{"2026-03-09T09:00:00Z", "ben"},
				{"2026-03-16T09:00:00Z", "cho"},
				{"2026-03-23T09:00:00Z", "ana"},
				{"2027-03-01T08:59:59Z", "ana"}, // week 51
				{"2027-03-01T09:00:00Z", "ben"}, // week 52
			},
		},
		{
			name:  "two-week shifts",
			zone:  "UTC",
			layer: layer(t, "2026-03-02T09:00", Weekly, 2, "ana", "ben"),
			checks: []check{
				{"2026-03-09T09:00:00Z", "ana"},
				{"2026-03-16T08:59:00Z", "ana"},
				{"2026-03-16T09:00:00Z", "ben"},
				{"2026-03-30T09:00:00Z", "ana"},
			},
		},
		{
			name:  "daily rotation of two days each at midnight",
			zone:  "UTC",
			layer: layer(t, "2026-01-01T00:00", Daily, 2, "ana", "ben"),
			checks: []check{
				{"2026-01-01T00:00:00Z", "ana"},
				{"2026-01-02T23:59:59Z", "ana"},
				{"2026-01-03T00:00:00Z", "ben"},
				{"2026-01-05T00:00:00Z", "ana"},
				{"2026-12-31T12:00:00Z", "ana"}, // day 364: shift 182
			},
		},
		{
			name:  "custom eight-hour shifts follow the clock around the day",
			zone:  "UTC",
			layer: layer(t, "2026-01-01T06:00", Custom, 8, "ana", "ben", "cho"),
			checks: []check{
				{"2026-01-01T05:59:59Z", "-"},
				{"2026-01-01T06:00:00Z", "ana"},
				{"2026-01-01T14:00:00Z", "ben"},
				{"2026-01-01T22:00:00Z", "cho"},
				{"2026-01-02T06:00:00Z", "ana"},
			},
		},
		{
			name:  "a rotation that starts in the future has nobody on call before it starts",
			zone:  "Europe/Berlin",
			layer: layer(t, "2030-01-01T09:00", Daily, 1, "ana", "ben"),
			checks: []check{
				{"2026-03-23T10:00:00Z", "-"},
				{"2030-01-01T07:59:59Z", "-"},
				{"2030-01-01T08:00:00Z", "ana"}, // 09:00 CET
				{"2030-01-02T08:00:00Z", "ben"},
			},
		},
		{
			name:  "a weekly rotation in Tokyo hands off on Monday morning local time, Sunday evening UTC",
			zone:  "Asia/Tokyo",
			layer: layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben"),
			checks: []check{
				{"2026-03-02T00:00:00Z", "ana"},
				{"2026-03-08T23:59:59Z", "ana"},
				{"2026-03-09T00:00:00Z", "ben"},
			},
		},
		{
			name:  "someone may appear twice in a rotation",
			zone:  "UTC",
			layer: layer(t, "2026-03-02T09:00", Daily, 1, "ana", "ben", "ana", "cho"),
			checks: []check{
				{"2026-03-03T10:00:00Z", "ben"},
				{"2026-03-04T10:00:00Z", "ana"},
				{"2026-03-05T10:00:00Z", "cho"},
			},
		},
		{
			name:  "centuries later the arithmetic still holds",
			zone:  "UTC",
			layer: layer(t, "2026-01-01T00:00", Custom, 1, "ana", "ben"),
			checks: []check{
				{"2426-01-01T00:30:00Z", "ana"}, // an even number of hours later
				{"2426-01-01T01:30:00Z", "ben"},
				{"9999-12-31T23:30:00Z", "ben"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Schedule{Name: "test", TimeZone: tt.zone, Layers: []Layer{tt.layer}}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			checkAll(t, s, tt.checks)
		})
	}
}

// OnCallAt takes instants in any zone and answers the same.
func TestOnCallAtIgnoresTheZoneOfItsArgument(t *testing.T) {
	s := Schedule{Name: "test", TimeZone: "Europe/Berlin", Layers: []Layer{layer(t, "2026-03-02T09:00", Daily, 1, "ana", "ben")}}
	at := utc(t, "2026-03-03T07:59:00Z")
	for _, loc := range []*time.Location{time.UTC, zone(t, "America/New_York"), zone(t, "Asia/Kolkata")} {
		if got := people(s.OnCallAt(at.In(loc))); got != "ana" {
			t.Errorf("in %s: got %s, want ana", loc, got)
		}
	}
}
