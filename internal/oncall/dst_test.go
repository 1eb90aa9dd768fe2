package oncall

import (
	"testing"
	"time"
)

// Hand-offs across DST changes. The people on call live by the wall clock: a
// daily 09:00 hand-off happens at 09:00 local every day, so the shift across
// the change lasts 23 or 25 hours. A custom 12-hour shift counts hours worked
// and stays exactly 12 hours, so its local hand-off time moves instead.
func TestHandoffsAcrossDST(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		layer    Layer
		from, to string
		handoffs []string // the instants shifts begin, in UTC
		hours    []float64
	}{
		{
			name:     "Berlin daily 09:00 into summer time: the Saturday shift lasts 23 hours",
			zone:     "Europe/Berlin",
			layer:    layer(t, "2026-03-26T09:00", Daily, 1, "ana", "ben"),
			from:     "2026-03-27T08:00:00Z",
			to:       "2026-03-31T07:00:00Z",
			handoffs: []string{"2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"},
			hours:    []float64{24, 23, 24, 24},
		},
		{
			name:     "Berlin daily 09:00 out of summer time: the Saturday shift lasts 25 hours",
			zone:     "Europe/Berlin",
			layer:    layer(t, "2026-03-26T09:00", Daily, 1, "ana", "ben"),
			from:     "2026-10-23T07:00:00Z",
			to:       "2026-10-27T08:00:00Z",
			handoffs: []string{"2026-10-23T07:00:00Z", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z"},
			hours:    []float64{24, 25, 24, 24},
		},
		{
			name:     "New York daily 09:00 into daylight time",
			zone:     "America/New_York",
			layer:    layer(t, "2026-01-05T09:00", Daily, 1, "ana", "ben"),
			from:     "2026-03-06T14:00:00Z",
			to:       "2026-03-10T13:00:00Z",
			handoffs: []string{"2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"},
			hours:    []float64{24, 23, 24, 24},
		},
		{
			name:     "New York daily 09:00 out of daylight time",
			zone:     "America/New_York",
			layer:    layer(t, "2026-01-05T09:00", Daily, 1, "ana", "ben"),
			from:     "2026-10-30T13:00:00Z",
			to:       "2026-11-03T14:00:00Z",
			handoffs: []string{"2026-10-30T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"},
			hours:    []float64{24, 25, 24, 24},
		},
		{
			name:     "Berlin weekly Monday 09:00: the week across the change lasts 167 hours",
			zone:     "Europe/Berlin",
			layer:    layer(t, "2026-03-16T09:00", Weekly, 1, "ana", "ben"),
			from:     "2026-03-16T08:00:00Z",
			to:       "2026-04-06T07:00:00Z",
			handoffs: []string{"2026-03-16T08:00:00Z", "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"},
			hours:    []float64{168, 167, 168},
		},
		{
			name:     "Berlin custom 12 hours stays 12 hours; the local hand-off moves from 21:00 to 22:00",
			zone:     "Europe/Berlin",
			layer:    layer(t, "2026-03-28T21:00", Custom, 12, "ana", "ben"),
			from:     "2026-03-28T20:00:00Z",
			to:       "2026-03-30T20:00:00Z",
			handoffs: []string{"2026-03-28T20:00:00Z", "2026-03-29T08:00:00Z", "2026-03-29T20:00:00Z", "2026-03-30T08:00:00Z"},
			hours:    []float64{12, 12, 12, 12},
		},
		{
			name:     "New York custom 12 hours across the November change",
			zone:     "America/New_York",
			layer:    layer(t, "2026-10-31T19:00", Custom, 12, "ana", "ben"),
			from:     "2026-10-31T23:00:00Z",
			to:       "2026-11-02T11:00:00Z",
			handoffs: []string{"2026-10-31T23:00:00Z", "2026-11-01T11:00:00Z", "2026-11-01T23:00:00Z"},
			hours:    []float64{12, 12, 12},
		},
		{
			// 02:30 does not exist on 29 March in Berlin. As in iCalendar, it
			// is read with the winter offset and lands at 03:30 CEST.
			name:     "Berlin daily 02:30 on the night the hour is skipped",
			zone:     "Europe/Berlin",
			layer:    layer(t, "2026-03-01T02:30", Daily, 1, "ana", "ben"),
			from:     "2026-03-27T01:30:00Z",
			to:       "2026-03-31T00:30:00Z",
			handoffs: []string{"2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"},
			hours:    []float64{24, 24, 23, 24},
		},
		{
			// 02:30 happens twice on 25 October in Berlin. The first one counts.
			name:     "Berlin daily 02:30 on the night the hour repeats",
			zone:     "Europe/Berlin",
			layer:    layer(t, "2026-10-01T02:30", Daily, 1, "ana", "ben"),
			from:     "2026-10-24T00:30:00Z",
			to:       "2026-10-27T01:30:00Z",
			handoffs: []string{"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
			hours:    []float64{24, 25, 24},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Schedule{Name: "test", TimeZone: tt.zone, Layers: []Layer{tt.layer}}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			shifts := s.Shifts(utc(t, tt.from), utc(t, tt.to))
			got := starts(shifts)
			if len(got) != len(tt.handoffs) {
				t.Fatalf("shifts start at %v, want %v", got, tt.handoffs)
			}
			for i, sh := range shifts {
				if got[i] != tt.handoffs[i] {
					t.Errorf("shift %d starts at %s, want %s", i, got[i], tt.handoffs[i])
				}
				if h := sh.End.Sub(sh.Start).Hours(); h != tt.hours[i] {
					t.Errorf("shift %d (%s) lasts %vh, want %vh", i, got[i], h, tt.hours[i])
				}
				if i > 0 {
					prev := tt.handoffs[i-1]
					if next, ok := s.NextHandoff(utc(t, prev)); !ok || next.Format(time.RFC3339) != got[i] {
						t.Errorf("NextHandoff(%s) = %s, %v; want %s", prev, next.Format(time.RFC3339), ok, got[i])
					}
				}
			}
		})
	}
}

// Daily and weekly hand-offs keep their local time all year, through both
// changes, and custom shifts keep their length. This checks a whole year
// rather than the days around the changes.
func TestHandoffsKeepTheirLocalTimeAllYear(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Santiago"} {
		loc := zone(t, name)
		daily := Schedule{Name: "test", TimeZone: name, Layers: []Layer{layer(t, "2026-01-01T09:00", Daily, 1, "ana", "ben")}}
		for _, sh := range daily.Shifts(utc(t, "2026-01-01T00:00:00Z"), utc(t, "2027-01-01T00:00:00Z"))[1:] {
			if l := sh.Start.In(loc); l.Hour() != 9 || l.Minute() != 0 {
				t.Errorf("%s: daily shift starts at %s local, want 09:00", name, l)
			}
		}
		custom := Schedule{Name: "test", TimeZone: name, Layers: []Layer{layer(t, "2025-12-31T21:00", Custom, 12, "ana", "ben")}}
		for _, sh := range custom.Shifts(utc(t, "2026-01-01T00:00:00Z"), utc(t, "2027-01-01T00:00:00Z"))[1:] {
			if d := sh.End.Sub(sh.Start); d != 12*time.Hour && !sh.End.Equal(utc(t, "2027-01-01T00:00:00Z")) {
				t.Errorf("%s: custom shift from %s lasts %s, want 12h", name, sh.Start, d)
			}
		}
	}
}
