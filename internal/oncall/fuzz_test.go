package oncall

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// FuzzSchedule builds schedules from arbitrary input, as a careless API
// client might send them. Validate, OnCallAt, Shifts and NextHandoff must
// never panic or hang. For schedules that Validate accepts, OnCallAt must
// agree with Shifts. The seeds run as ordinary tests.
func FuzzSchedule(f *testing.F) {
	f.Add("Europe/Berlin", "ana,ben", "2026-03-23T09:00", "daily", 1, "mon,tue", "09:00", "17:00", "cho", "ana", int64(1774260000), int64(3600), int64(1774300000))
	f.Add("America/New_York", "ana", "2026-03-08T02:30", "weekly", 2, "", "22:00", "06:00", "ben", "", int64(1772900000), int64(86400), int64(1772950000))
	f.Add("Mars/Olympus_Mons", "", "", "fortnightly", 0, "funday", "24:00", "9:00", "", "", int64(0), int64(-1), int64(0))
	f.Add("Pacific/Apia", "ana,ben,cho", "2011-12-29T23:30", "custom", 7, "sat,sun", "00:00", "00:00", "dan", "ben", int64(1325200000), int64(7200), int64(1325250000))
	f.Add("Australia/Lord_Howe", "ana,ana", "2026-10-04T02:15", "daily", 365, "fri", "02:00", "02:30", "ana", "ana", int64(1791000000), int64(60), int64(1791050000))
	f.Add("UTC", "ana", "9999-12-31T23:59", "custom", 8760, "", "23:59", "00:00", "ben", "", int64(253402300000), int64(1), int64(253402300799))
	f.Add("Local", "Ana", "1900-01-01T00:00", "weekly", 52, "mon,mon", "00:00", "00:00", "ben", "cho", int64(-2208988800), int64(1<<40), int64(-1<<62))
	f.Fuzz(func(t *testing.T, zoneName, members, start, kind string, length int, days, windowStart, windowEnd, user, replaces string, overrideStart, overrideLength, at int64) {
		l := Layer{ShiftKind: ShiftKind(kind), ShiftLength: length}
		if members != "" {
			l.Members = strings.Split(members, ",")
		}
		var err error
		if l.Start, err = ParseLocalTime(start); err != nil {
			// Fields no parser would produce, to exercise what Validate and
			// the calculator make of a hand-built value.
			l.Start = LocalTime{length, time.Month(length % 100), length % 40, length % 30, length % 70}
		}
		w := Window{}
		if days != "" {
			for _, d := range strings.Split(days, ",") {
				w.Days = append(w.Days, Day(d))
			}
		}
		if w.Start, err = ParseTimeOfDay(windowStart); err != nil {
			w.Start = TimeOfDay(length)
		}
		if w.End, err = ParseTimeOfDay(windowEnd); err != nil {
			w.End = TimeOfDay(-length)
		}
		if len(days)%2 == 0 {
			l.Restrictions = []Window{w}
		}
		o := Override{User: user, Replaces: replaces, Start: time.Unix(overrideStart, 0)}
		o.End = time.Unix(overrideStart+overrideLength, 0)
		s := Schedule{Name: "fuzz", TimeZone: zoneName, Layers: []Layer{l, l}, Overrides: []Override{o, o}}
		s.Layers[1].Members = slices.Clone(l.Members)
		slices.Reverse(s.Layers[1].Members)
		s.Overrides[1].Start = o.End
		s.Overrides[1].End = o.End.Add(time.Hour)

		valid := s.Validate() == nil
		instant := time.Unix(at, 0)
		who := s.OnCallAt(instant)
		if who == nil {
			t.Fatal("OnCallAt returned nil")
		}
		s.NextHandoff(instant)
		if !valid || instant.Before(minTime) || !instant.Before(maxTime.Add(-72*time.Hour)) {
			return
		}
		shifts := s.Shifts(instant.Add(-24*time.Hour), instant.Add(48*time.Hour))
		i := slices.IndexFunc(shifts, func(sh Shift) bool { return sh.End.After(instant) })
		if i < 0 || !slices.Equal(shifts[i].OnCall, who) {
			t.Fatalf("OnCallAt(%s) = %v, but Shifts says %s", instant, who, shiftsString(shifts))
		}
	})
}
