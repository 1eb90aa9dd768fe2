package oncall

import "testing"

// A Berlin team: a weekly 24/7 base rotation, a daily business-hours layer on
// top of it, and from mid-March a weekend layer on top of both. A higher layer
// wins only where it has someone on call; elsewhere the layers below show
// through.
func TestLayersOverrideLowerLayersOnlyWhereTheyHaveSomeone(t *testing.T) {
	base := layer(t, "2026-03-02T09:00", Weekly, 1, "ana", "ben")
	business := layer(t, "2026-03-02T09:00", Daily, 1, "cho", "dan")
	business.Restrictions = []Window{{Days: Weekdays, Start: At(9, 0), End: At(17, 0)}}
	weekend := layer(t, "2026-03-16T00:00", Weekly, 1, "eve")
	weekend.Restrictions = []Window{{Days: Weekend, Start: At(0, 0), End: At(0, 0)}}
	s := Schedule{Name: "payments", TimeZone: "Europe/Berlin", Layers: []Layer{base, business, weekend}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, at, want string // at is Berlin wall-clock time
	}{
		{"before any layer starts nobody is on call", "2026-03-02T08:00", "-"},
		{"Monday 09:00 business hours begin with cho", "2026-03-02T09:00", "cho"},
		{"Tuesday 10:00 business hours: dan", "2026-03-03T10:00", "dan"},
		{"Tuesday 18:00 falls through to the base week", "2026-03-03T18:00", "ana"},
		{"Tuesday 03:00 falls through to the base week", "2026-03-03T03:00", "ana"},
		{"Saturday before the weekend layer starts falls through", "2026-03-07T12:00", "ana"},
		{"Monday 08:59 is still ana's base week", "2026-03-09T08:59", "ana"},
		{"Monday 09:00 business layer on day 7", "2026-03-09T09:00", "dan"},
		{"Monday 17:00 base hands over to ben", "2026-03-09T17:00", "ben"},
		{"weekend layer has not begun on its first Monday", "2026-03-16T10:00", "cho"},
		{"Saturday in the weekend layer", "2026-03-21T12:00", "eve"},
		{"Sunday 23:59 is still the weekend", "2026-03-22T23:59", "eve"},
		{"Monday 00:00 the base shows through again", "2026-03-23T00:00", "ana"},
		{"the weekend after the DST change is still eve's", "2026-03-29T12:00", "eve"},
		{"Monday after the DST change, 09:00 local, day 28", "2026-03-30T09:00", "cho"},
	}
	for _, tt := range tests {
		if got := people(s.OnCallAt(inZone(t, "Europe/Berlin", tt.at))); got != tt.want {
			t.Errorf("%s (%s Berlin): got %s, want %s", tt.name, tt.at, got, tt.want)
		}
	}
}

// With two 24/7 layers the lower one never shows, except before the upper
// one begins.
func TestHigherLayerWinsWhenBothCover(t *testing.T) {
	s := Schedule{Name: "test", TimeZone: "UTC", Layers: []Layer{
		layer(t, "2026-01-01T00:00", Daily, 1, "ana"),
		layer(t, "2026-02-01T00:00", Daily, 1, "ben"),
	}}
	checkAll(t, s, []check{
		{"2026-01-31T23:59:59Z", "ana"},
		{"2026-02-01T00:00:00Z", "ben"},
		{"2027-01-01T00:00:00Z", "ben"},
	})
}
