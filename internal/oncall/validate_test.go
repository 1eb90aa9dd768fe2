package oncall

import (
	"strings"
	"testing"
	"time"

	"sitrep/internal/problem"
)

// validSchedule is a schedule that passes, for the cases below to break one
// field at a time.
func validSchedule(t *testing.T) Schedule {
	business := layer(t, "2026-03-02T09:00", Daily, 1, "cho", "dan")
	business.Restrictions = []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}}
	return Schedule{
		Name:     "major-incident",
		TimeZone: "Europe/Berlin",
		Layers:   []Layer{layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben"), business},
		Overrides: []Override{
			{User: "eve", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")},
			{User: "fay", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")},
		},
	}
}

func TestValidateAcceptsAValidSchedule(t *testing.T) {
	if err := validSchedule(t).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesTheField(t *testing.T) {
	at := func(s string) time.Time { return utc(t, s) }
	tests := []struct {
		name   string
		change func(s *Schedule)
		field  string
		says   string // part of the message
	}{
		{"no name", func(s *Schedule) { s.Name = "" }, "name", "schedule name"},
		{"name with spaces and capitals", func(s *Schedule) { s.Name = "Major Incident" }, "name", "lowercase"},
		{"time zone on Mars", func(s *Schedule) { s.TimeZone = "Mars/Olympus_Mons" }, "time_zone", "Europe/Berlin"},
		{"no time zone", func(s *Schedule) { s.TimeZone = "" }, "time_zone", "IANA"},
		{"the server's local zone", func(s *Schedule) { s.TimeZone = "Local" }, "time_zone", "IANA"},
		{"a path for a time zone", func(s *Schedule) { s.TimeZone = "../../etc/passwd" }, "time_zone", "IANA"},
		{"no layers", func(s *Schedule) { s.Layers = nil }, "layers", "at least one"},
		{"too many layers", func(s *Schedule) {
			for len(s.Layers) <= MaxLayers {
				s.Layers = append(s.Layers, s.Layers[0])
			}
		}, "layers", "at most"},
		{"rotation with no members", func(s *Schedule) { s.Layers[0].Members = nil }, "layers[0].members", "at least one member"},
		{"rotation with an empty member list", func(s *Schedule) { s.Layers[1].Members = []string{} }, "layers[1].members", "at least one member"},
		{"member that is not a handle", func(s *Schedule) { s.Layers[1].Members[1] = "Dan Smith" }, "layers[1].members[1]", "not a user handle"},
		{"empty member", func(s *Schedule) { s.Layers[0].Members[0] = "" }, "layers[0].members[0]", "not a user handle"},
		{"too many members", func(s *Schedule) { s.Layers[0].Members = make([]string, MaxMembers+1) }, "layers[0].members", "at most"},
		{"layer name too long", func(s *Schedule) { s.Layers[0].Name = strings.Repeat("x", 101) }, "layers[0].name", "100"},
		{"no start", func(s *Schedule) { s.Layers[0].Start = LocalTime{} }, "layers[0].start", "first shift"},
		{"30 February", func(s *Schedule) { s.Layers[0].Start = LocalTime{2026, time.February, 30, 9, 0} }, "layers[0].start", "not a date"},
		{"hour 24", func(s *Schedule) { s.Layers[0].Start = LocalTime{2026, time.March, 2, 24, 0} }, "layers[0].start", "not a date"},
		{"the year 1066", func(s *Schedule) { s.Layers[0].Start = LocalTime{1066, time.October, 14, 9, 0} }, "layers[0].start", "between the years"},
		{"unknown shift kind", func(s *Schedule) { s.Layers[0].ShiftKind = "fortnightly" }, "layers[0].shift_kind", "daily, weekly or custom"},
		{"no shift kind", func(s *Schedule) { s.Layers[1].ShiftKind = "" }, "layers[1].shift_kind", "daily, weekly or custom"},
		{"zero-length shift", func(s *Schedule) { s.Layers[0].ShiftLength = 0 }, "layers[0].shift_length", "1 to 52 weeks"},
		{"negative shift", func(s *Schedule) { s.Layers[1].ShiftLength = -1 }, "layers[1].shift_length", "1 to 365 days"},
		{"a 53-week shift", func(s *Schedule) { s.Layers[0].ShiftLength = 53 }, "layers[0].shift_length", "1 to 52 weeks"},
		{"a custom shift of no hours", func(s *Schedule) { s.Layers[0].ShiftKind, s.Layers[0].ShiftLength = Custom, 0 }, "layers[0].shift_length", "hours"},
		{"a day that is not a day", func(s *Schedule) { s.Layers[1].Restrictions[0].Days = []Day{Monday, "funday"} }, "layers[1].restrictions[0].days[1]", "not a day"},
		{"a day twice", func(s *Schedule) { s.Layers[1].Restrictions[0].Days = []Day{Monday, Tuesday, Monday} }, "layers[1].restrictions[0].days[2]", "twice"},
		{"a window from 24:00", func(s *Schedule) { s.Layers[1].Restrictions[0].Start = At(24, 0) }, "layers[1].restrictions[0].start", "00:00 to 23:59"},
		{"a window to a negative time", func(s *Schedule) { s.Layers[1].Restrictions[0].End = -1 }, "layers[1].restrictions[0].end", "00:00 to 23:59"},
		{"too many windows", func(s *Schedule) {
			s.Layers[1].Restrictions = make([]Window, MaxRestrictions+1)
		}, "layers[1].restrictions", "at most"},
		{"override for nobody", func(s *Schedule) { s.Overrides[0].User = "" }, "overrides[0].user", "not a user handle"},
		{"override replacing a bad handle", func(s *Schedule) { s.Overrides[0].Replaces = "Ana" }, "overrides[0].replaces", "not a user handle"},
		{"override replacing oneself", func(s *Schedule) { s.Overrides[0].Replaces = "eve" }, "overrides[0].replaces", "themselves"},
		{"override without start", func(s *Schedule) { s.Overrides[1].Start = time.Time{} }, "overrides[1].start", "begins"},
		{"override without end", func(s *Schedule) { s.Overrides[1].End = time.Time{} }, "overrides[1].end", "ends"},
		{"override ending before it starts", func(s *Schedule) { s.Overrides[1].End = at("2026-03-03T09:00:00Z") }, "overrides[1].end", "after start"},
		{"override ending as it starts", func(s *Schedule) { s.Overrides[1].End = s.Overrides[1].Start }, "overrides[1].end", "after start"},
		{"override in the year 10000", func(s *Schedule) { s.Overrides[1].End = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "overrides[1].end", "9999"},
		{"too many overrides", func(s *Schedule) { s.Overrides = make([]Override, MaxOverrides+1) }, "overrides", "at most"},

		{"two stand-ins for ana at once", func(s *Schedule) {
			s.Overrides = append(s.Overrides, Override{User: "gus", Replaces: "ana", Start: at("2026-03-03T13:00:00Z"), End: at("2026-03-03T15:00:00Z")})
		}, "overrides[2].start", "overlaps overrides[0], which also replaces ana"},
		{"a later-listed stand-in that starts first and runs into the other", func(s *Schedule) {
			s.Overrides = append(s.Overrides, Override{User: "gus", Replaces: "ana", Start: at("2026-03-03T08:00:00Z"), End: at("2026-03-03T11:00:00Z")})
		}, "overrides[2].end", "overlaps overrides[0]"},
		{"a stand-in wholly inside another", func(s *Schedule) {
			s.Overrides = append(s.Overrides, Override{User: "gus", Replaces: "ana", Start: at("2026-03-03T11:00:00Z"), End: at("2026-03-03T12:00:00Z")})
		}, "overrides[2].start", "overlaps overrides[0]"},
		{"a stand-in wholly around another", func(s *Schedule) {
			s.Overrides = append(s.Overrides, Override{User: "gus", Replaces: "ana", Start: at("2026-03-03T09:00:00Z"), End: at("2026-03-03T15:00:00Z")})
		}, "overrides[2].end", "overlaps overrides[0]"},
		{"the same person added twice at once", func(s *Schedule) {
			s.Overrides = append(s.Overrides, Override{User: "fay", Start: at("2026-03-03T13:59:00Z"), End: at("2026-03-03T18:00:00Z")})
		}, "overrides[2].start", "also adds fay"},
		{"an overlap found past a long override", func(s *Schedule) {
			s.Overrides = []Override{
				{User: "eve", Replaces: "ana", Start: at("2026-03-01T00:00:00Z"), End: at("2026-03-10T00:00:00Z")},
				{User: "gus", Replaces: "ben", Start: at("2026-03-02T00:00:00Z"), End: at("2026-03-03T00:00:00Z")},
				{User: "gus", Replaces: "ana", Start: at("2026-03-02T00:00:00Z"), End: at("2026-03-03T00:00:00Z")},
				{User: "hal", Replaces: "ana", Start: at("2026-03-05T00:00:00Z"), End: at("2026-03-06T00:00:00Z")},
			}
		}, "overrides[2].start", "overlaps overrides[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSchedule(t)
			tt.change(&s)
			err := s.Validate()
			p, ok := problem.As(err)
			if !ok || p.Kind != problem.Invalid {
				t.Fatalf("Validate() = %v, want an Invalid problem naming %s", err, tt.field)
			}
			if p.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", p.Field, tt.field, err)
			}
			if !strings.Contains(p.Message, tt.says) {
				t.Errorf("message %q does not say %q", p.Message, tt.says)
			}
		})
	}
}

// Overrides that only touch, or that concern different people, are fine.
func TestValidateAcceptsOverridesThatDoNotClash(t *testing.T) {
	at := func(s string) time.Time { return utc(t, s) }
	tests := []struct {
		name string
		add  Override
	}{
		{"a stand-in for ana right after the other", Override{User: "gus", Replaces: "ana", Start: at("2026-03-03T14:00:00Z"), End: at("2026-03-03T16:00:00Z")}},
		{"a stand-in for ana right before the other", Override{User: "gus", Replaces: "ana", Start: at("2026-03-03T08:00:00Z"), End: at("2026-03-03T10:00:00Z")}},
		{"a stand-in for ben at the same time", Override{User: "gus", Replaces: "ben", Start: at("2026-03-03T10:00:00Z"), End: at("2026-03-03T14:00:00Z")}},
		{"the stand-in also added at the same time", Override{User: "eve", Start: at("2026-03-03T10:00:00Z"), End: at("2026-03-03T14:00:00Z")}},
		{"another person added at the same time", Override{User: "gus", Start: at("2026-03-03T10:00:00Z"), End: at("2026-03-03T14:00:00Z")}},
	}
	for _, tt := range tests {
		s := validSchedule(t)
		s.Overrides = append(s.Overrides, tt.add)
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// Validate leaves zones and shift kinds alone beyond what it must check: a
// start inside a skipped hour is accepted and read as RFC 5545 says.
func TestValidateAcceptsAStartInASkippedHour(t *testing.T) {
	s := Schedule{Name: "test", TimeZone: "Europe/Berlin", Layers: []Layer{layer(t, "2026-03-29T02:30", Daily, 1, "ana")}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	checkAll(t, s, []check{{"2026-03-29T01:29:00Z", "-"}, {"2026-03-29T01:30:00Z", "ana"}})
}
