package oncall

import "testing"

func TestRestrictionWindows(t *testing.T) {
	tests := []struct {
		name    string
		zone    string
		windows []Window
		checks  []check
	}{
		{
			name:    "weekdays 09:00 to 17:00",
			zone:    "UTC",
			windows: []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}},
			checks: []check{
				{"2026-03-06T08:59:59Z", "-"}, // Friday
				{"2026-03-06T09:00:00Z", "ana"},
				{"2026-03-06T16:59:59Z", "ana"},
				{"2026-03-06T17:00:00Z", "-"},
				{"2026-03-07T10:00:00Z", "-"}, // Saturday
				{"2026-03-09T09:00:00Z", "ana"},
			},
		},
		{
			name:    "a Monday night shift runs into Tuesday morning",
			zone:    "UTC",
			windows: []Window{{Days: []Day{Monday}, Start: At(22, 0), End: At(6, 0)}},
			checks: []check{
				{"2026-03-09T21:59:00Z", "-"},
				{"2026-03-09T23:00:00Z", "ana"},
				{"2026-03-10T05:59:00Z", "ana"},
				{"2026-03-10T06:00:00Z", "-"},
				{"2026-03-10T23:00:00Z", "-"}, // Tuesday night is not listed
				{"2026-03-08T23:00:00Z", "-"}, // nor Sunday night
			},
		},
		{
			name:    "start equal to end covers whole days",
			zone:    "UTC",
			windows: []Window{{Days: Weekend, Start: At(0, 0), End: At(0, 0)}},
			checks: []check{
				{"2026-03-06T23:59:59Z", "-"},
				{"2026-03-07T00:00:00Z", "ana"},
				{"2026-03-08T23:59:59Z", "ana"},
				{"2026-03-09T00:00:00Z", "-"},
			},
		},
		{
			name:    "no days listed means every day",
			zone:    "UTC",
			windows: []Window{{Start: At(12, 0), End: At(13, 0)}},
			checks: []check{
				{"2026-03-07T12:30:00Z", "ana"},
				{"2026-03-10T12:30:00Z", "ana"},
				{"2026-03-10T13:30:00Z", "-"},
			},
		},
		{
			name: "a lunch break between two windows",
			zone: "UTC",
			windows: []Window{
				{Days: Weekdays, Start: At(8, 0), End: At(12, 0)},
				{Days: Weekdays, Start: At(13, 0), End: At(17, 0)},
			},
			checks: []check{
				{"2026-03-10T11:59:00Z", "ana"},
				{"2026-03-10T12:30:00Z", "-"},
				{"2026-03-10T13:00:00Z", "ana"},
			},
		},
		{
			name:    "windows follow the local clock across the DST change",
			zone:    "Europe/Berlin",
			windows: []Window{{Start: At(9, 0), End: At(17, 0)}},
			checks: []check{
				{"2026-03-28T08:00:00Z", "ana"}, // 09:00 CET
				{"2026-03-28T15:59:00Z", "ana"},
				{"2026-03-28T16:00:00Z", "-"},
				{"2026-03-29T06:59:00Z", "-"},
				{"2026-03-29T07:00:00Z", "ana"}, // 09:00 CEST
				{"2026-03-29T15:00:00Z", "-"},
			},
		},
		{
			name:    "a window inside the skipped hour is empty that night",
			zone:    "Europe/Berlin",
			windows: []Window{{Start: At(2, 0), End: At(3, 0)}},
			checks: []check{
				{"2026-03-28T01:30:00Z", "ana"}, // 02:30 CET
				{"2026-03-29T00:59:00Z", "-"},
				{"2026-03-29T01:30:00Z", "-"},   // 03:30 CEST
				{"2026-03-30T00:30:00Z", "ana"}, // 02:30 CEST
			},
		},
		{
			name:    "a night window across the October change lasts an hour longer",
			zone:    "Europe/Berlin",
			windows: []Window{{Days: []Day{Saturday}, Start: At(22, 0), End: At(6, 0)}},
			checks: []check{
				{"2026-10-24T19:59:00Z", "-"},
				{"2026-10-24T20:00:00Z", "ana"}, // 22:00 CEST
				{"2026-10-25T04:59:00Z", "ana"}, // 05:59 CET
				{"2026-10-25T05:00:00Z", "-"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layer(t, "2026-01-01T00:00", Weekly, 1, "ana")
			l.Restrictions = tt.windows
			s := Schedule{Name: "test", TimeZone: tt.zone, Layers: []Layer{l}}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			checkAll(t, s, tt.checks)
		})
	}
}

// The rotation keeps turning outside the windows: whoever's shift it is when
// a window opens is on call, even if their shift began at night.
func TestRotationTurnsOutsideItsWindows(t *testing.T) {
	l := layer(t, "2026-03-02T00:00", Daily, 1, "ana", "ben", "cho")
	l.Restrictions = []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}}
	s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{l}}
	checkAll(t, s, []check{
		{"2026-03-02T10:00:00Z", "ana"},
		{"2026-03-03T10:00:00Z", "ben"},
		{"2026-03-06T10:00:00Z", "ben"}, // Friday is day 4
		{"2026-03-09T10:00:00Z", "ben"}, // Monday is day 7; the weekend shifts passed unseen
	})
}
