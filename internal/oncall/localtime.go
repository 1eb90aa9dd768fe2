package oncall

import (
	"fmt"
	"time"
)

// LocalTime is a date and a wall-clock time with no zone, such as
// 2026-03-23T09:00. It gets its meaning from the schedule's time zone. A
// rotation start is stored this way, not as an instant, because people agree
// to "hand over at 09:00". An instant would move to 08:00 or 10:00 on the
// clocks at the next DST change.
type LocalTime struct {
	Year   int
	Month  time.Month
	Day    int
	Hour   int
	Minute int
}

// The range of years a schedule may use. It keeps the arithmetic far from
// overflow. It also keeps out dates that only appear by mistake, like year 0
// from an unset field.
const (
	minYear = 1900
	maxYear = 9999
)

// minTime and maxTime bound the instants the calculator answers for. Outside
// them nobody is on call from a layer. minTime is a year earlier than minYear
// so that a start at 1900-01-01 00:00 east of UTC still lies inside.
var (
	minTime = time.Date(minYear-1, time.January, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(maxYear+1, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// ParseLocalTime reads "2006-01-02T15:04", with two digits in every field.
// It also accepts a zero seconds field ("2006-01-02T15:04:00") because many
// clients send one. It refuses a zone suffix: the schedule's time zone gives
// the meaning, and a second zone would contradict it.
func ParseLocalTime(s string) (LocalTime, error) {
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil || len(s) != len("2006-01-02T15:04") {
		t, err = time.Parse("2006-01-02T15:04:05", s)
		if err == nil && (t.Second() != 0 || len(s) != len("2006-01-02T15:04:05")) {
			err = fmt.Errorf("seconds must be 00")
		}
	}
	if err != nil {
		return LocalTime{}, fmt.Errorf("%q is not a wall-clock time like 2026-03-23T09:00 (no zone; the schedule's time_zone applies)", s)
	}
	return LocalTime{t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute()}, nil
}

// IsZero reports whether l was never set.
func (l LocalTime) IsZero() bool { return l == LocalTime{} }

func (l LocalTime) String() string {
	if l.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d", l.Year, int(l.Month), l.Day, l.Hour, l.Minute)
}

// MarshalText writes the ParseLocalTime form. The zero value becomes "".
func (l LocalTime) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads the ParseLocalTime form. "" gives the zero value, which
// Validate refuses as missing.
func (l *LocalTime) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*l = LocalTime{}
		return nil
	}
	v, err := ParseLocalTime(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// valid reports whether l names a real calendar minute in the supported years.
func (l LocalTime) valid() bool {
	if l.Year < minYear || l.Year > maxYear || l.Month < 1 || l.Month > 12 ||
		l.Day < 1 || l.Day > 31 || l.Hour < 0 || l.Hour > 23 || l.Minute < 0 || l.Minute > 59 {
		return false
	}
	// time.Date moves February 30 to March 2. A day that moved did not exist.
	return time.Date(l.Year, l.Month, l.Day, 0, 0, 0, 0, time.UTC).Day() == l.Day
}

// plusDays returns l's wall clock days later. The result is a UTC time that
// carries wall-clock fields, ready for resolve.
func (l LocalTime) plusDays(days int) time.Time {
	return time.Date(l.Year, l.Month, l.Day+days, l.Hour, l.Minute, 0, 0, time.UTC)
}

// TimeOfDay is a wall-clock time of day in minutes after midnight. In JSON it
// is written as "09:00".
type TimeOfDay int

// At returns the time of day h:m.
func At(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

// ParseTimeOfDay reads "15:04". It wants both digits of the hour, as
// time.Parse alone would also take "9:00". One spelling per value keeps
// stored schedules comparable.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != len("15:04") {
		return 0, fmt.Errorf("%q is not a time of day like 09:00", s)
	}
	return At(t.Hour(), t.Minute()), nil
}

func (d TimeOfDay) valid() bool { return d >= 0 && d < 24*60 }

func (d TimeOfDay) String() string {
	if !d.valid() {
		return fmt.Sprintf("TimeOfDay(%d)", int(d))
	}
	return fmt.Sprintf("%02d:%02d", int(d)/60, int(d)%60)
}

// MarshalText writes "15:04". It refuses an out-of-range value instead of
// storing something that could not be read back.
func (d TimeOfDay) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("time of day %d minutes is out of range", int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads "15:04".
func (d *TimeOfDay) UnmarshalText(b []byte) error {
	v, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// resolve returns the instant at which clocks in loc show the wall time w.
// Only w's fields count; its location is ignored.
//
// The hard cases are the hour the clocks skip and the hour they repeat.
// time.Date leaves both unspecified, and in practice it resolves them
// differently east and west of UTC. We follow RFC 5545 (iCalendar), so that
// our feeds agree with the calendars that read them. A repeated time means
// its first occurrence. A skipped time is read with the offset in force
// before the jump, so 02:30 on the spring-forward night in Berlin is 03:30
// CEST.
func resolve(w time.Time, loc *time.Location) time.Time {
	wall := w.Unix()
	var first, latest time.Time
	found := false
	// The true instant lies within 14 hours of the wall time read as UTC.
	// Looking up the offset every 12 hours across a 3-day span therefore sees
	// every offset that could apply, including both sides of a transition.
	var seen [7]int
	for k := range len(seen) {
		_, off := time.Unix(wall+int64(k-3)*12*3600, 0).In(loc).Zone()
		seen[k] = off
		if k > 0 && off == seen[k-1] {
			continue
		}
		u := time.Unix(wall-int64(off), 0).UTC()
		if _, got := u.In(loc).Zone(); got == off {
			if !found || u.Before(first) {
				first, found = u, true
			}
		}
		if u.After(latest) || latest.IsZero() {
			latest = u
		}
	}
	if found {
		return first
	}
	// No offset round-trips, so w is in a gap. The offset before the jump is
	// the smaller one, and it gives the later of the candidate instants.
	return latest
}
