// Package oncall owns on-call schedules: rotation layers with their
// hand-offs, restriction windows and temporary overrides. It also owns the
// pure calculation of who is on call at an instant or over a range.
//
// It knows nothing of storage, HTTP or the clock. Its types are plain values
// that marshal to JSON, so the store can keep them as rows or as one document,
// and callers pass in the instants they care about.
//
// Instants go in and come out in UTC. The schedule's time zone is used only
// to find wall-clock boundaries. A hand-off "at 09:00" or a window "weekdays
// 09:00 to 17:00" means 09:00 on the clocks of the people on call, whatever
// the UTC offset is that day.
package oncall

import (
	"errors"
	"time"

	// The calculator must work with any zone, including on a host or in a
	// container without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Schedule says who is on call. Layers are ordered from the bottom up: where
// a later layer has someone on call, that person replaces whoever the layers
// below name. Where it has nobody, for example outside its restriction
// windows, the layers below show through. Overrides then adjust the answer.
type Schedule struct {
	Name      string     `json:"name"`
	TimeZone  string     `json:"time_zone"`
	Layers    []Layer    `json:"layers"`
	Overrides []Override `json:"overrides,omitempty"`
}

// OnCallAt returns the handles of the people on call at t. The layers' answer
// comes first, then the people added by overrides in alphabetical order. The
// result is never nil, so it marshals as [].
//
// OnCallAt expects a schedule that passed Validate. Given one that did not,
// it ignores the layers and overrides that are invalid on their own, reads an
// unknown zone as UTC, and never panics.
func (s Schedule) OnCallAt(t time.Time) []string {
	p := s.compile()
	return p.at(t.UTC())
}

// plan is a schedule prepared for calculation: its zone loaded once, and its
// invalid parts dropped so that the arithmetic never meets them.
type plan struct {
	layers    []rotation
	overrides []Override
}

func (s Schedule) compile() plan {
	loc, err := loadZone(s.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	var p plan
	for _, l := range s.Layers {
		if l.validate("") == nil {
			p.layers = append(p.layers, newRotation(l, loc))
		}
	}
	for _, o := range s.Overrides {
		if o.validate("") == nil {
			o.Start, o.End = o.Start.UTC(), o.End.UTC()
			p.overrides = append(p.overrides, o)
		}
	}
	return p
}

// at answers OnCallAt for a prepared schedule.
func (p *plan) at(t time.Time) []string {
	who := []string{}
	for i := len(p.layers) - 1; i >= 0; i-- {
		if u, ok := p.layers[i].at(t); ok {
			who = append(who, standIn(p.overrides, u, t))
			break
		}
	}
	return withAdditions(p.overrides, who, t)
}

// loadZone loads an IANA zone. It refuses "Local", whose meaning depends on
// the machine the server runs on. It also refuses "", which time.LoadLocation
// would quietly read as UTC, so a forgotten field does not look like a
// choice.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, errors.New("not an IANA zone")
	}
	return time.LoadLocation(name)
}
