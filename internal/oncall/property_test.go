package oncall

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// propertyZones include the awkward ones: half-hour DST (Lord Howe), changes
// at midnight (Santiago), a skipped day (Samoa, 2011), and no DST (Kolkata).
var propertyZones = []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Apia"}

// randomSchedule builds a valid schedule around base with 1-3 layers,
// restriction windows and overrides.
func randomSchedule(r *rand.Rand, zoneName string, base time.Time) Schedule {
	pool := []string{"ana", "ben", "cho", "dan", "eve"}
	s := Schedule{Name: "random", TimeZone: zoneName}
	for range 1 + r.IntN(3) {
		start := base.AddDate(0, 0, r.IntN(60)-40)
		l := Layer{
			Start: LocalTime{start.Year(), start.Month(), start.Day(), r.IntN(24), 30 * r.IntN(2)},
		}
		switch r.IntN(3) {
		case 0:
			l.ShiftKind, l.ShiftLength = Daily, 1+r.IntN(3)
		case 1:
			l.ShiftKind, l.ShiftLength = Weekly, 1+r.IntN(2)
		default:
			l.ShiftKind, l.ShiftLength = Custom, 1+r.IntN(30)
		}
		for range 1 + r.IntN(4) {
			l.Members = append(l.Members, pool[r.IntN(len(pool))])
		}
		for range r.IntN(3) {
			w := Window{Start: TimeOfDay(30 * r.IntN(48)), End: TimeOfDay(30 * r.IntN(48))}
			for d := range 7 {
				if r.IntN(2) == 0 {
					w.Days = append(w.Days, [7]Day{Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday}[d])
				}
			}
			l.Restrictions = append(l.Restrictions, w)
		}
		s.Layers = append(s.Layers, l)
	}
	for range r.IntN(6) {
		o := Override{User: pool[r.IntN(len(pool))]}
		if r.IntN(2) == 0 {
			o.Replaces = pool[r.IntN(len(pool))]
		}
		o.Start = base.Add(time.Duration(r.IntN(30*24*4)-10*24*4) * 15 * time.Minute)
		o.End = o.Start.Add(time.Duration(1+r.IntN(4*48)) * 15 * time.Minute)
		s.Overrides = append(s.Overrides, o)
		if s.Validate() != nil { // a clash or a self-replacement: leave it out
			s.Overrides = s.Overrides[:len(s.Overrides)-1]
		}
	}
	return s
}

// Shifts tiles its range with shifts that differ from their neighbours, and
// OnCallAt and NextHandoff agree with it at random instants. The seed is fixed
// so a failure can be replayed.
func TestShiftsAgreeWithOnCallAt(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 3))
	for n := range 200 {
		zoneName := propertyZones[r.IntN(len(propertyZones))]
		base := time.Date(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		if zoneName == "Pacific/Apia" {
			base = time.Date(2011, time.December, 20+r.IntN(15), 0, 0, 0, 0, time.UTC)
		}
		s := randomSchedule(r, zoneName, base)
		if err := s.Validate(); err != nil {
			t.Fatalf("schedule %d: generated an invalid schedule: %v", n, err)
		}
		from := base.Add(time.Duration(r.IntN(20*24*60)-5*24*60) * time.Minute).Add(time.Duration(r.Int64N(int64(time.Minute))))
		to := from.Add(time.Duration(1+r.IntN(40*24*60)) * time.Minute)
		shifts := s.Shifts(from, to)

		if len(shifts) == 0 || !shifts[0].Start.Equal(from) || !shifts[len(shifts)-1].End.Equal(to) {
			t.Fatalf("schedule %d (%s): shifts do not cover %s to %s: %s", n, zoneName, from, to, shiftsString(shifts))
		}
		for i, sh := range shifts {
			if !sh.Start.Before(sh.End) {
				t.Fatalf("schedule %d: empty shift %d: %s", n, i, shiftsString(shifts))
			}
			if i > 0 && (!shifts[i-1].End.Equal(sh.Start) || slices.Equal(shifts[i-1].OnCall, sh.OnCall)) {
				t.Fatalf("schedule %d: shifts %d and %d are not contiguous and distinct: %s", n, i-1, i, shiftsString(shifts))
			}
			for _, at := range []time.Time{sh.Start, sh.End.Add(-time.Nanosecond)} {
				if got := s.OnCallAt(at); !slices.Equal(got, sh.OnCall) {
					t.Fatalf("schedule %d (%s) %+v:\nOnCallAt(%s) = %v, shift %d says %v", n, zoneName, s, at, got, i, sh.OnCall)
				}
			}
		}
		for range 20 {
			at := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
			i := slices.IndexFunc(shifts, func(sh Shift) bool { return sh.End.After(at) })
			sh := shifts[i]
			if at.Before(sh.Start) || !at.Before(sh.End) {
				t.Fatalf("search found the wrong shift for %s", at)
			}
			if got := s.OnCallAt(at); !slices.Equal(got, sh.OnCall) {
				t.Fatalf("schedule %d (%s) %+v:\nOnCallAt(%s) = %v, shift %d says %v", n, zoneName, s, at, got, i, sh.OnCall)
			}
			next, ok := s.NextHandoff(at)
			if i+1 < len(shifts) && (!ok || !next.Equal(sh.End)) {
				t.Fatalf("schedule %d: NextHandoff(%s) = %s, %v; the shift ends %s", n, at, next, ok, sh.End)
			}
			if i+1 == len(shifts) && ok && next.Before(sh.End) {
				t.Fatalf("schedule %d: NextHandoff(%s) = %s, inside the last shift ending %s", n, at, next, sh.End)
			}
		}
	}
}
