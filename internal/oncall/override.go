package oncall

import (
	"slices"
	"time"
)

// Override changes who is on call for a while without touching the rotation.
// If Replaces is set, User stands in for Replaces whenever the layers put
// Replaces on call between Start and End: "take my shift now". If the layers
// do not put Replaces on call then, the override does nothing. If Replaces is
// empty, User is on call in addition to whoever the layers name. Start and
// End are instants, in UTC when stored. End is exclusive.
//
// Replacements apply to the layers' answer only. They do not chain, so the
// answer does not depend on the order in which overrides are stored.
type Override struct {
	User     string    `json:"user"`
	Replaces string    `json:"replaces,omitempty"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
}

func (o Override) covers(t time.Time) bool { return !t.Before(o.Start) && t.Before(o.End) }

// key groups overrides that may not overlap: two stand-ins for the same
// person, or two additions of the same person.
func (o Override) key() string {
	if o.Replaces != "" {
		return "replaces " + o.Replaces
	}
	return "adds " + o.User
}

// standIn returns who is on call at t in place of user. It is user unless an
// override replaces them.
func standIn(overrides []Override, user string, t time.Time) string {
	for _, o := range overrides {
		if o.Replaces == user && o.covers(t) {
			return o.User
		}
	}
	return user
}

// withAdditions appends to who the people added by overrides at t, sorted and
// without repeats. They go after the layers' answer because the person the
// rotation names is the primary, the one a page should name first.
func withAdditions(overrides []Override, who []string, t time.Time) []string {
	n := len(who)
	for _, o := range overrides {
		if o.Replaces == "" && o.covers(t) && !slices.Contains(who, o.User) {
			who = append(who, o.User)
		}
	}
	slices.Sort(who[n:])
	return who
}

// within returns the overrides that touch [from, to). Shifts scans many
// instants, so it is worth dropping the rest first.
func within(overrides []Override, from, to time.Time) []Override {
	var out []Override
	for _, o := range overrides {
		if o.Start.Before(to) && o.End.After(from) {
			out = append(out, o)
		}
	}
	return out
}
