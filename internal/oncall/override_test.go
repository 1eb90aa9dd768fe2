package oncall

import "testing"

func TestOverrides(t *testing.T) {
	// A weekly rotation: ana has the week of 2 March, ben the week of 9 March.
	base := layer(t, "2026-03-02T00:00", Weekly, 1, "ana", "ben")
	tests := []struct {
		name      string
		overrides []Override
		checks    []check
	}{
		{
			name:      "cho takes ana's shift for an afternoon",
			overrides: []Override{{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")}},
			checks: []check{
				{"2026-03-03T09:59:59Z", "ana"},
				{"2026-03-03T10:00:00Z", "cho"},
				{"2026-03-03T13:59:59Z", "cho"},
				{"2026-03-03T14:00:00Z", "ana"},
			},
		},
		{
			name:      "replacing someone who is not on call does nothing",
			overrides: []Override{{User: "cho", Replaces: "ben", Start: utc(t, "2026-03-03T00:00:00Z"), End: utc(t, "2026-03-04T00:00:00Z")}},
			checks:    []check{{"2026-03-03T12:00:00Z", "ana"}},
		},
		{
			name:      "a replacement across a hand-off covers only the replaced person's part",
			overrides: []Override{{User: "cho", Replaces: "ben", Start: utc(t, "2026-03-08T12:00:00Z"), End: utc(t, "2026-03-09T12:00:00Z")}},
			checks: []check{
				{"2026-03-08T23:59:59Z", "ana"},
				{"2026-03-09T00:00:00Z", "cho"},
				{"2026-03-09T12:00:00Z", "ben"},
			},
		},
		{
			name:      "dan joins ana during a risky migration",
			overrides: []Override{{User: "dan", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T12:00:00Z")}},
			checks: []check{
				{"2026-03-03T09:00:00Z", "ana"},
				{"2026-03-03T10:00:00Z", "ana,dan"},
				{"2026-03-03T12:00:00Z", "ana"},
			},
		},
		{
			name: "added people follow the primary in alphabetical order",
			overrides: []Override{
				{User: "dan", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T12:00:00Z")},
				{User: "bea", Start: utc(t, "2026-03-03T11:00:00Z"), End: utc(t, "2026-03-03T13:00:00Z")},
			},
			checks: []check{
				{"2026-03-03T10:30:00Z", "ana,dan"},
				{"2026-03-03T11:30:00Z", "ana,bea,dan"},
				{"2026-03-03T12:30:00Z", "ana,bea"},
			},
		},
		{
			name: "a replacement and an addition together",
			overrides: []Override{
				{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")},
				{User: "dan", Start: utc(t, "2026-03-03T12:00:00Z"), End: utc(t, "2026-03-03T16:00:00Z")},
			},
			checks: []check{
				{"2026-03-03T11:00:00Z", "cho"},
				{"2026-03-03T13:00:00Z", "cho,dan"},
				{"2026-03-03T15:00:00Z", "ana,dan"},
			},
		},
		{
			name: "someone added who is already on call appears once",
			overrides: []Override{
				{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")},
				{User: "cho", Start: utc(t, "2026-03-03T12:00:00Z"), End: utc(t, "2026-03-03T16:00:00Z")},
				{User: "ana", Start: utc(t, "2026-03-03T15:00:00Z"), End: utc(t, "2026-03-03T16:00:00Z")},
			},
			checks: []check{
				{"2026-03-03T13:00:00Z", "cho"},
				{"2026-03-03T15:00:00Z", "ana,cho"},
			},
		},
		{
			name:      "an addition covers a gap where nobody is on call",
			overrides: []Override{{User: "dan", Start: utc(t, "2026-03-01T00:00:00Z"), End: utc(t, "2026-03-02T06:00:00Z")}},
			checks: []check{
				{"2026-03-01T12:00:00Z", "dan"},
				{"2026-03-02T03:00:00Z", "ana,dan"},
			},
		},
		{
			// Replacements apply to the layers' answer only. So cho replacing
			// ana and ben replacing cho at once gives cho, whatever the order
			// they were stored in.
			name: "replacements do not chain",
			overrides: []Override{
				{User: "ben", Replaces: "cho", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")},
				{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z"), End: utc(t, "2026-03-03T14:00:00Z")},
			},
			checks: []check{{"2026-03-03T12:00:00Z", "cho"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{base}, Overrides: tt.overrides}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			checkAll(t, s, tt.checks)
		})
	}
}

// Override instants may arrive in any zone; only the instant counts.
func TestOverrideInstantsInAnyZone(t *testing.T) {
	ny := zone(t, "America/New_York")
	s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{layer(t, "2026-03-02T00:00", Weekly, 1, "ana")},
		Overrides: []Override{{User: "cho", Replaces: "ana", Start: utc(t, "2026-03-03T10:00:00Z").In(ny), End: utc(t, "2026-03-03T14:00:00Z").In(ny)}}}
	checkAll(t, s, []check{{"2026-03-03T09:59:00Z", "ana"}, {"2026-03-03T10:00:00Z", "cho"}, {"2026-03-03T14:00:00Z", "ana"}})
	if got := starts(s.Shifts(utc(t, "2026-03-03T00:00:00Z"), utc(t, "2026-03-04T00:00:00Z"))); len(got) != 3 || got[1] != "2026-03-03T10:00:00Z" {
		t.Errorf("shifts start at %v", got)
	}
}
