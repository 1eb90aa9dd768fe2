package oncall

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestParseLocalTime(t *testing.T) {
	tests := []struct {
		in   string
		want LocalTime
		ok   bool
	}{
		{"2026-03-23T09:00", LocalTime{2026, time.March, 23, 9, 0}, true},
		{"2026-03-23T09:00:00", LocalTime{2026, time.March, 23, 9, 0}, true},
		{"2028-02-29T23:59", LocalTime{2028, time.February, 29, 23, 59}, true},
		{"2026-03-23T09:00:30", LocalTime{}, false}, // hand-offs are on the minute
		{"2026-03-23T09:00Z", LocalTime{}, false},   // a zone would contradict time_zone
		{"2026-03-23T09:00+01:00", LocalTime{}, false},
		{"2027-02-29T09:00", LocalTime{}, false},
		{"2026-13-01T09:00", LocalTime{}, false},
		{"2026-03-23 09:00", LocalTime{}, false},
		{"2026-03-23", LocalTime{}, false},
		{"2026-03-23T9:00", LocalTime{}, false},
		{"", LocalTime{}, false},
		{"tomorrow at nine", LocalTime{}, false},
	}
	for _, tt := range tests {
		got, err := ParseLocalTime(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseLocalTime(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in[:16] {
			t.Errorf("ParseLocalTime(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in   string
		want TimeOfDay
		ok   bool
	}{
		{"09:00", At(9, 0), true},
		{"00:00", 0, true},
		{"23:59", At(23, 59), true},
		{"17:30", 17*60 + 30, true},
		{"24:00", 0, false},
		{"9:00", 0, false},
		{"09:60", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseTimeOfDay(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if _, err := TimeOfDay(24 * 60).MarshalText(); err == nil {
		t.Error("MarshalText of 24:00 succeeded; it must refuse what it could not read back")
	}
}

// Go's time.Date resolves skipped and repeated wall-clock times differently
// east and west of UTC. resolve must follow one rule everywhere: the first
// occurrence of a repeated time, and the offset before the jump for a skipped
// one (RFC 5545).
func TestResolve(t *testing.T) {
	tests := []struct {
		name, zone, wall, want string
	}{
		{"ordinary summer time", "Europe/Berlin", "2026-07-01T09:00", "2026-07-01T07:00:00Z"},
		{"ordinary winter time", "Europe/Berlin", "2026-01-15T09:00", "2026-01-15T08:00:00Z"},
		{"Berlin skipped 02:30 is 03:30 CEST", "Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:30:00Z"},
		{"Berlin 03:00 right after the jump", "Europe/Berlin", "2026-03-29T03:00", "2026-03-29T01:00:00Z"},
		{"Berlin repeated 02:30 is the CEST one", "Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00Z"},
		{"New York skipped 02:30 is 03:30 EDT", "America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00Z"},
		{"New York repeated 01:30 is the EDT one", "America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z"},
		{"Lord Howe skips half an hour", "Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:45:00Z"},
		{"Lord Howe repeats half an hour", "Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00Z"},
		{"Santiago repeats the hour before midnight", "America/Santiago", "2026-04-04T23:30", "2026-04-05T02:30:00Z"},
		{"Santiago skips the hour after midnight", "America/Santiago", "2026-09-06T00:30", "2026-09-06T04:30:00Z"},
		{"Samoa skipped 30 December 2011", "Pacific/Apia", "2011-12-30T09:00", "2011-12-30T19:00:00Z"},
		{"Samoa the day after", "Pacific/Apia", "2011-12-31T09:00", "2011-12-30T19:00:00Z"},
		{"UTC", "UTC", "2026-03-29T02:30", "2026-03-29T02:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolve(wall(t, tt.wall).plusDays(0), zone(t, tt.zone))
			if want := utc(t, tt.want); !got.Equal(want) {
				t.Errorf("resolve(%s in %s) = %s, want %s", tt.wall, tt.zone, got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

// The storage and API layers keep schedules as JSON. This is the shape they
// get, and it must read back to the same schedule.
func TestScheduleJSON(t *testing.T) {
	s := Schedule{
		Name:     "major-incident",
		TimeZone: "Europe/Berlin",
		Layers: []Layer{{
			Name:         "business hours",
			Members:      []string{"ana", "ben"},
			Start:        LocalTime{2026, time.March, 23, 9, 0},
			ShiftKind:    Weekly,
			ShiftLength:  1,
			Restrictions: []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}},
		}},
		Overrides: []Override{{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-24T10:00:00Z"), End: utc(t, "2026-03-24T14:00:00Z")}},
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"major-incident","time_zone":"Europe/Berlin","layers":[{"name":"business hours","members":["ana","ben"],` +
		`"start":"2026-03-23T09:00","shift_kind":"weekly","shift_length":1,` +
		`"restrictions":[{"days":["mon","tue","wed","thu","fri"],"start":"09:00","end":"17:00"}]}],` +
		`"overrides":[{"user":"cho","replaces":"ana","start":"2026-03-24T10:00:00Z","end":"2026-03-24T14:00:00Z"}]}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	var back Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("read back %+v, want %+v", back, s)
	}

	// A missing start reads as zero, which Validate then names.
	var missing Layer
	if err := json.Unmarshal([]byte(`{"members":["ana"],"start":"","shift_kind":"daily","shift_length":1}`), &missing); err != nil {
		t.Fatal(err)
	}
	if !missing.Start.IsZero() {
		t.Errorf("empty start read as %v", missing.Start)
	}
	if err := json.Unmarshal([]byte(`{"start":"2026-03-23T09:00Z"}`), &missing); err == nil {
		t.Error("a start with a zone was accepted")
	}
}
