package oncall

import "time"

// ShiftKind says how a rotation measures a shift.
type ShiftKind string

// The kinds of shift. Daily and weekly shifts end at a wall-clock time: a
// daily 09:00 hand-off stays at 09:00 local, so the shift across a DST change
// lasts 23 or 25 hours. A custom shift is a fixed number of hours, because
// people on a 12-hour pattern count hours worked, not clock readings.
const (
	Daily  ShiftKind = "daily"
	Weekly ShiftKind = "weekly"
	Custom ShiftKind = "custom"
)

// Layer is one rotation in a schedule. The members take turns in order. The
// first shift goes to Members[0] and begins at Start, read in the schedule's
// zone. Start also fixes the hand-off: its time of day for daily and weekly
// shifts, and its weekday too for weekly ones.
//
// With Restrictions, the layer covers only those windows. The rotation keeps
// turning outside them, so whoever's shift it is when a window opens is on
// call. This is the PagerDuty meaning: "Ana's week, but only 09:00 to 17:00."
type Layer struct {
	Name    string    `json:"name,omitempty"`
	Members []string  `json:"members"`
	Start   LocalTime `json:"start"`
	// ShiftKind is "daily", "weekly" or "custom". ShiftLength counts days,
	// weeks or hours.
	ShiftKind    ShiftKind `json:"shift_kind"`
	ShiftLength  int       `json:"shift_length"`
	Restrictions []Window  `json:"restrictions,omitempty"`
}

// rotation is a Layer prepared for calculation in one zone.
type rotation struct {
	members []string
	start   LocalTime
	kind    ShiftKind
	length  int
	loc     *time.Location
	first   time.Time // the instant shift 0 begins
	windows windows
}

func newRotation(l Layer, loc *time.Location) rotation {
	r := rotation{
		members: l.Members,
		start:   l.Start,
		kind:    l.ShiftKind,
		length:  l.ShiftLength,
		loc:     loc,
		windows: newWindows(l.Restrictions, loc),
	}
	r.first = resolve(l.Start.plusDays(0), loc)
	return r
}

// days is the number of calendar days in a daily or weekly shift.
func (r *rotation) days() int {
	if r.kind == Weekly {
		return 7 * r.length
	}
	return r.length
}

// period is the nominal length of a shift in seconds. It is exact for custom
// shifts and off by at most a DST jump for the others.
func (r *rotation) period() int64 {
	if r.kind == Custom {
		return int64(r.length) * 3600
	}
	return int64(r.days()) * 86400
}

// shiftStart returns the instant shift i begins. It works in Unix seconds
// rather than time.Duration, which overflows after 292 years.
func (r *rotation) shiftStart(i int64) time.Time {
	if r.kind == Custom {
		return time.Unix(r.first.Unix()+i*r.period(), 0).UTC()
	}
	return resolve(r.start.plusDays(int(i)*r.days()), r.loc)
}

// index returns the number of the shift under way at t, or -1 before the
// first shift.
func (r *rotation) index(t time.Time) int64 {
	if t.Before(r.first) {
		return -1
	}
	// A wall-clock shift starts at most a day's worth of UTC offset away from
	// its nominal start. So the division lands within a shift or two of the
	// answer, and the loops below close the gap. Shift starts never go
	// backwards (a skipped day, as in Samoa in 2011, gives a zero-length
	// shift), so the loops end.
	i := (t.Unix() - r.first.Unix()) / r.period()
	for i > 0 && r.shiftStart(i).After(t) {
		i--
	}
	for !r.shiftStart(i + 1).After(t) {
		i++
	}
	return i
}

// at returns who this layer puts on call at t, if anyone.
func (r *rotation) at(t time.Time) (string, bool) {
	if t.Before(minTime) || !t.Before(maxTime) {
		return "", false
	}
	i := r.index(t)
	if i < 0 || !r.windows.contain(t) {
		return "", false
	}
	return r.members[i%int64(len(r.members))], true
}

// changes calls add with every instant between from and to at which this
// layer's answer may change: its hand-offs and its window edges. It may call
// add with instants outside the range, and add drops them.
func (r *rotation) changes(from, to time.Time, add func(time.Time)) {
	lo, hi := later(from, minTime), earlier(to, maxTime)
	if !lo.Before(hi) {
		return
	}
	for j := max(r.index(lo)+1, 0); ; j++ {
		s := r.shiftStart(j)
		if !s.Before(hi) {
			break
		}
		add(s)
	}
	r.windows.edges(lo, hi, add)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
