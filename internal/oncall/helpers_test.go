package oncall

import (
	"strings"
	"testing"
	"time"
)

// utc reads an RFC 3339 instant, such as "2026-03-29T07:00:00Z".
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad instant in test: %v", err)
	}
	return v.UTC()
}

// wall reads a wall-clock time such as "2026-03-23T09:00".
func wall(t testing.TB, s string) LocalTime {
	t.Helper()
	v, err := ParseLocalTime(s)
	if err != nil {
		t.Fatalf("bad wall-clock time in test: %v", err)
	}
	return v
}

// zone loads an IANA zone.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

// inZone reads a wall-clock time in a zone, for writing instants the way the
// people on call would say them: "Tuesday 10:00 in Berlin".
func inZone(t testing.TB, name, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02T15:04", s, zone(t, name))
	if err != nil {
		t.Fatalf("bad wall-clock time in test: %v", err)
	}
	return v.UTC()
}

// people writes a list of handles as "ana,ben" (or "-" for nobody) so that
// failures read well.
func people(who []string) string {
	if len(who) == 0 {
		return "-"
	}
	return strings.Join(who, ",")
}

// check is one question for a schedule: who is on call at an instant.
type check struct {
	at   string // RFC 3339
	want string // as people writes it
}

func checkAll(t *testing.T, s Schedule, checks []check) {
	t.Helper()
	for _, c := range checks {
		if got := people(s.OnCallAt(utc(t, c.at))); got != c.want {
			t.Errorf("on call at %s: got %s, want %s", c.at, got, c.want)
		}
	}
}

// layer builds a layer tersely for tests.
func layer(t testing.TB, start string, kind ShiftKind, length int, members ...string) Layer {
	t.Helper()
	return Layer{Members: members, Start: wall(t, start), ShiftKind: kind, ShiftLength: length}
}

// starts lists the start instants of shifts in RFC 3339.
func starts(shifts []Shift) []string {
	var out []string
	for _, sh := range shifts {
		out = append(out, sh.Start.Format(time.RFC3339))
	}
	return out
}
