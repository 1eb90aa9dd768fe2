package oncall

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// shiftsString writes shifts as "start/end who; ..." in UTC, so failures
// show the whole picture.
func shiftsString(shifts []Shift) string {
	s := ""
	for i, sh := range shifts {
		if i > 0 {
			s += "; "
		}
		s += fmt.Sprintf("%s/%s %s", sh.Start.Format("01-02T15:04"), sh.End.Format("01-02T15:04"), people(sh.OnCall))
	}
	return s
}

func TestShifts(t *testing.T) {
	business := layer(t, "2026-03-02T00:00", Weekly, 1, "ana")
	business.Restrictions = []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}}
	tests := []struct {
		name     string
		schedule Schedule
		from, to string
		want     string
	}{
		{
			name:     "two daily shifts of the same person merge into one",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Daily, 1, "ana", "ana", "ben")}},
			from:     "2026-03-02T09:00:00Z", to: "2026-03-06T09:00:00Z",
			want: "03-02T09:00/03-04T09:00 ana; 03-04T09:00/03-05T09:00 ben; 03-05T09:00/03-06T09:00 ana",
		},
		{
			name:     "a one-person rotation is one shift",
			schedule: Schedule{Name: "test", TimeZone: "Europe/Berlin", Layers: []Layer{layer(t, "2026-01-01T09:00", Daily, 1, "ana")}},
			from:     "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z",
			want: "03-01T00:00/04-01T00:00 ana",
		},
		{
			name:     "the time before a rotation starts is a shift with nobody",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")}},
			from:     "2026-03-01T00:00:00Z", to: "2026-03-10T00:00:00Z",
			want: "03-01T00:00/03-02T09:00 -; 03-02T09:00/03-09T09:00 ana; 03-09T09:00/03-10T00:00 ben",
		},
		{
			name:     "windows leave gaps with nobody",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{business}},
			from:     "2026-03-05T00:00:00Z", to: "2026-03-10T00:00:00Z",
			want: "03-05T00:00/03-05T09:00 -; 03-05T09:00/03-05T17:00 ana; 03-05T17:00/03-06T09:00 -; " +
				"03-06T09:00/03-06T17:00 ana; 03-06T17:00/03-09T09:00 -; 03-09T09:00/03-09T17:00 ana; 03-09T17:00/03-10T00:00 -",
		},
		{
			name: "an override splits a shift, and the shift resumes after it",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")},
				Overrides: []Override{{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")}}},
			from: "2026-03-03T00:00:00Z", to: "2026-03-04T00:00:00Z",
			want: "03-03T00:00/03-03T10:00 ana; 03-03T10:00/03-03T14:00 cho; 03-03T14:00/03-04T00:00 ana",
		},
		{
			name: "an override that changes nothing leaves no seam",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")},
				Overrides: []Override{{User: "cho", Replaces: "ben", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")}}},
			from: "2026-03-03T00:00:00Z", to: "2026-03-04T00:00:00Z",
			want: "03-03T00:00/03-04T00:00 ana",
		},
		{
			name: "a stand-in who takes over at the hand-off merges with their own shift",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")},
				Overrides: []Override{{User: "ben", Replaces: "ana", Start: utc(t, "2026-03-09T06:00:00Z"), End: utc(t, "2026-03-09T12:00:00Z")}}},
			from: "2026-03-09T00:00:00Z", to: "2026-03-10T00:00:00Z",
			want: "03-09T00:00/03-09T06:00 ana; 03-09T06:00/03-10T00:00 ben",
		},
		{
			name:     "an empty range has no shifts",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana")}},
			from:     "2026-03-03T00:00:00Z", to: "2026-03-03T00:00:00Z",
			want: "",
		},
		{
			name:     "a backwards range has no shifts",
			schedule: Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana")}},
			from:     "2026-03-04T00:00:00Z", to: "2026-03-03T00:00:00Z",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.schedule.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got := shiftsString(tt.schedule.Shifts(utc(t, tt.from), utc(t, tt.to)))
			if got != tt.want {
				t.Errorf("shifts:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestShiftsStopsAtMaxSpan(t *testing.T) {
	s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-01-01T00:00", Custom, 1, "ana", "ben")}}
	from := utc(t, "2026-01-01T00:00:00Z")
	shifts := s.Shifts(from, from.AddDate(5, 0, 0))
	if n, want := len(shifts), int(MaxSpan/time.Hour); n != want {
		t.Errorf("got %d hourly shifts, want %d", n, want)
	}
	if end := shifts[len(shifts)-1].End; !end.Equal(from.Add(MaxSpan)) {
		t.Errorf("last shift ends %s, want %s", end, from.Add(MaxSpan))
	}
}

func TestShiftsMarshalNobodyAsAnEmptyList(t *testing.T) {
	s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana")}}
	b, err := json.Marshal(s.Shifts(utc(t, "2026-03-02T08:00:00Z"), utc(t, "2026-03-02T10:00:00Z")))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"start":"2026-03-02T08:00:00Z","end":"2026-03-02T09:00:00Z","on_call":[]},{"start":"2026-03-02T09:00:00Z","end":"2026-03-02T10:00:00Z","on_call":["ana"]}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestNextHandoff(t *testing.T) {
	weekly := layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")
	alone := layer(t, "2026-03-02T09:00", Weekly, 1, "ana")
	business := layer(t, "2026-03-02T09:00", Weekly, 1, "ana")
	business.Restrictions = []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}}
	tests := []struct {
		name     string
		schedule Schedule
		at       string
		want     string // "" for none
	}{
		{"the next weekly hand-off", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{weekly}}, "2026-03-04T12:00:00Z", "2026-03-09T09:00:00Z"},
		{"at a hand-off, the one after it", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{weekly}}, "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z"},
		{"before the start, the start", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{weekly}}, "2025-06-01T00:00:00Z", "2026-03-02T09:00:00Z"},
		{"a one-person rotation never hands off", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{alone}}, "2026-03-04T12:00:00Z", ""},
		{"a one-person rotation with windows hands off to nobody", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{business}}, "2026-03-06T12:00:00Z", "2026-03-06T17:00:00Z"},
		{"and back on Monday", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{business}}, "2026-03-06T17:00:00Z", "2026-03-09T09:00:00Z"},
		{"an override ends ana's stretch early", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{alone},
			Overrides: []Override{{User: "cho", Replaces: "ana", Start: utc(t, "2026-05-01T00:00:00Z"), End: utc(t, "2026-05-02T00:00:00Z")}}},
			"2026-03-04T12:00:00Z", "2026-05-01T00:00:00Z"},
		{"a change further off than MaxSpan is not seen", Schedule{Name: "t", TimeZone: "UTC", Layers: []Layer{alone},
			Overrides: []Override{{User: "cho", Replaces: "ana", Start: utc(t, "2028-05-01T00:00:00Z"), End: utc(t, "2028-05-02T00:00:00Z")}}},
			"2026-03-04T12:00:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.schedule.NextHandoff(utc(t, tt.at))
			if tt.want == "" {
				if ok {
					t.Errorf("NextHandoff = %s, want none", got)
				}
				return
			}
			if !ok || !got.Equal(utc(t, tt.want)) {
				t.Errorf("NextHandoff = %s, %v; want %s", got, ok, tt.want)
			}
		})
	}
}

func TestForUser(t *testing.T) {
	s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")},
		Overrides: []Override{
			{User: "cho", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T12:00:00Z")},
			{User: "ben", Replaces: "ana", Start: utc(t, "2026-03-04T10:00:00Z"), End: utc(t, "2026-03-04T12:00:00Z")},
		}}
	shifts := s.Shifts(utc(t, "2026-03-02T09:00:00Z"), utc(t, "2026-03-16T09:00:00Z"))
	tests := []struct{ user, want string }{
		// cho joining does not split ana's week; ben standing in does.
		{"ana", "03-02T09:00/03-04T10:00 ana; 03-04T12:00/03-09T09:00 ana"},
		{"ben", "03-04T10:00/03-04T12:00 ben; 03-09T09:00/03-16T09:00 ben"},
		{"cho", "03-03T10:00/03-03T12:00 cho"},
		{"dan", ""},
	}
	for _, tt := range tests {
		if got := shiftsString(ForUser(shifts, tt.user)); got != tt.want {
			t.Errorf("ForUser(%s):\n got %s\nwant %s", tt.user, got, tt.want)
		}
	}
}
