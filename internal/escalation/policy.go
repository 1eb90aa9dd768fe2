package escalation

import "time"

// Policy says whom to page, in which order, and how long to wait for an
// acknowledgement before going on: step 0 fires at once, each later step
// when the previous one's delay has run out, and after the last step the
// whole list runs again Repeat more times.
type Policy struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Repeat      int       `json:"repeat"`
	Steps       []Step    `json:"steps"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Step pages every target at once, then waits DelaySeconds for an
// acknowledgement before the next step (or the next round, after the last).
type Step struct {
	DelaySeconds int      `json:"delay_seconds"`
	Targets      []Target `json:"targets"`
}

// Delay is how long the step waits for an acknowledgement.
func (s Step) Delay() time.Duration { return time.Duration(s.DelaySeconds) * time.Second }

// Target is who a step pages: a user by handle, a schedule by name (whoever
// is on call when the step fires), a dynamic group of the page's incident, or
// another policy that takes over from here.
type Target struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// The kinds of target.
const (
	KindUser     = "user"
	KindSchedule = "schedule"
	KindGroup    = "group"
	KindPolicy   = "policy"
)

// The dynamic groups. They are resolved when a step fires, not when the
// policy is saved, so that a page follows the handoffs made since: the lead
// who took over a workstream a minute ago is the one who gets paged.
const (
	// GroupIncidentLeads is every current workstream lead of the incident.
	GroupIncidentLeads = "incident-leads"
	// GroupIncidentResponders is everyone currently on the incident.
	GroupIncidentResponders = "incident-responders"
	// GroupFamilyCommanders is the commander of the incident, of its parent
	// and of every incident split off either: the regional commanders of
	// one large incident.
	GroupFamilyCommanders = "family-commanders"
	// GroupIncidentCommander is the incident's current commander.
	GroupIncidentCommander = "incident-commander"
)

// Groups lists the dynamic groups a target may name.
func Groups() []string {
	return []string{GroupIncidentLeads, GroupIncidentResponders, GroupFamilyCommanders, GroupIncidentCommander}
}

// IsGroup reports whether ref names a dynamic group.
func IsGroup(ref string) bool {
	switch ref {
	case GroupIncidentLeads, GroupIncidentResponders, GroupFamilyCommanders, GroupIncidentCommander:
		return true
	}
	return false
}

// Limits on a policy. They keep a timeline at most MaxSteps*(MaxRepeat+1)
// firings long and a step's fan-out within what one send can handle; a real
// escalation is a handful of steps with a few targets each.
const (
	MaxSteps       = 20
	MaxTargets     = 50
	MaxRepeat      = 9
	MaxDelay       = 86400
	MaxDescription = 1000
	MaxRef         = 100
)
