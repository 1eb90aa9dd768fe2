package oncall

import (
	"slices"
	"time"
)

// MaxSpan is the longest range one Shifts call covers. It is a year and a day,
// enough for an iCal feed or a year at a glance. A caller that wants more asks
// again from the End of the last shift. The limit keeps a 1-hour rotation over
// a careless range from building a list without bound.
const MaxSpan = 366 * 24 * time.Hour

// Shift is a stretch of time during which the same people are on call.
// OnCall is in OnCallAt's order and is empty, not nil, for stretches with
// nobody on call.
type Shift struct {
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	OnCall []string  `json:"on_call"`
}

// Shifts lists who is on call from `from` to `to`, as shifts that tile the
// range with no gaps. Neighbouring shifts always differ, because contiguous
// stretches with the same people are merged. Stretches with nobody on call are
// included, since a gap in cover is what a schedule's owner most needs to see;
// a calendar feed drops them. The range is cut to MaxSpan. The first shift
// starts at from, not at the hand-off before it.
func (s Schedule) Shifts(from, to time.Time) []Shift {
	from, to = from.UTC(), to.UTC()
	if to.Sub(from) > MaxSpan {
		to = from.Add(MaxSpan)
	}
	if !from.Before(to) {
		return nil
	}
	p := s.compile()
	return p.shifts(from, to)
}

// NextHandoff returns the first instant after t at which the people on call
// change, for "on call until" displays. This includes changes made by
// overrides and restriction windows, not only rotation hand-offs. It reports
// false if nothing changes within MaxSpan, for example in a one-person
// rotation.
func (s Schedule) NextHandoff(t time.Time) (time.Time, bool) {
	t = t.UTC()
	p := s.compile()
	now := p.at(t)
	// Most hand-offs come within a day or a week. So look ahead in widening
	// steps, and stop at the first change rather than computing a year of
	// shifts for every call.
	from := t
	for span := 24 * time.Hour; ; span *= 4 {
		to := t.Add(min(span, MaxSpan))
		q := plan{layers: p.layers, overrides: within(p.overrides, from, to)}
		points := q.changes(from, to)
		if from.Equal(t) {
			points = points[1:] // t itself
		}
		for _, c := range points {
			if !slices.Equal(q.at(c), now) {
				return c, true
			}
		}
		if span >= MaxSpan {
			return time.Time{}, false
		}
		from = to
	}
}

// ForUser picks out of shifts the stretches when user is on call, merged
// where they touch. Each result's OnCall is just user. This is the shape of a
// personal calendar: someone joining Ana's shift is no reason to split her
// calendar entry in two.
func ForUser(shifts []Shift, user string) []Shift {
	var out []Shift
	for _, sh := range shifts {
		if !slices.Contains(sh.OnCall, user) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].End.Equal(sh.Start) {
			out[n-1].End = sh.End
			continue
		}
		out = append(out, Shift{Start: sh.Start, End: sh.End, OnCall: []string{user}})
	}
	return out
}

// shifts answers Shifts for a prepared schedule. It evaluates the schedule
// once at each instant where the answer may change, so it agrees with
// OnCallAt by construction.
func (p *plan) shifts(from, to time.Time) []Shift {
	q := plan{layers: p.layers, overrides: within(p.overrides, from, to)}
	points := q.changes(from, to)
	var out []Shift
	for i, start := range points {
		end := to
		if i+1 < len(points) {
			end = points[i+1]
		}
		who := q.at(start)
		if n := len(out); n > 0 && slices.Equal(out[n-1].OnCall, who) {
			out[n-1].End = end
			continue
		}
		out = append(out, Shift{Start: start, End: end, OnCall: who})
	}
	return out
}

// changes returns from and every instant in (from, to) at which the answer
// may change, sorted and without repeats. It may include instants at which
// nothing changes; shifts merges those away.
func (p *plan) changes(from, to time.Time) []time.Time {
	points := []time.Time{from}
	add := func(t time.Time) {
		if t.After(from) && t.Before(to) {
			points = append(points, t)
		}
	}
	add(minTime)
	add(maxTime)
	for i := range p.layers {
		p.layers[i].changes(from, to, add)
	}
	for _, o := range p.overrides {
		add(o.Start)
		add(o.End)
	}
	slices.SortFunc(points, time.Time.Compare)
	return slices.CompactFunc(points, time.Time.Equal)
}
