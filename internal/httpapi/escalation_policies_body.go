package httpapi

import (
	"time"

	"sitrep/internal/escalation"
)

// The wire form of a policy. It is separate from the domain types so that
// the OpenAPI document can say what is optional and which kinds exist, and so
// that its schema names (EscalationStep, not Step) cannot collide with other
// resources'. Whether users, schedules and policies exist, and whether
// policies loop, the escalation package checks, naming
// body.steps[1].targets[0].ref.
type escalationTarget struct {
	Kind string `json:"kind" enum:"user,schedule,group,policy"`
	Ref  string `json:"ref" example:"major-incident" doc:"User handle, schedule name, policy name, or group: incident-leads, incident-responders, incident-commander, family-commanders"`
}

type escalationStep struct {
	DelaySeconds int                `json:"delay_seconds" required:"false" minimum:"0" maximum:"86400" doc:"How long to wait for an acknowledgement before the next step (after the last: before the next round)"`
	Targets      []escalationTarget `json:"targets" doc:"Paged at once when the step fires"`
}

type escalationPolicy struct {
	ID          int64            `json:"id" readOnly:"true"`
	Name        string           `json:"name" example:"major-incident" doc:"Lowercase letters, digits, '.', '_' or '-'"`
	Description string           `json:"description" required:"false"`
	Repeat      int              `json:"repeat" required:"false" minimum:"0" maximum:"9" doc:"How many times to run the steps again after the last one"`
	Steps       []escalationStep `json:"steps" doc:"Step 0 fires at once; each later step when the one before has waited its delay without an acknowledgement"`
	CreatedAt   time.Time        `json:"created_at" readOnly:"true"`
	UpdatedAt   time.Time        `json:"updated_at" readOnly:"true"`
}

type newEscalationPolicy struct {
	Name        string           `json:"name" example:"major-incident" doc:"Lowercase letters, digits, '.', '_' or '-'"`
	Description string           `json:"description" required:"false"`
	Repeat      int              `json:"repeat" required:"false" minimum:"0" maximum:"9" doc:"How many times to run the steps again after the last one"`
	Steps       []escalationStep `json:"steps" doc:"Step 0 fires at once; each later step when the one before has waited its delay without an acknowledgement"`
}

type createPolicyIn struct {
	Body newEscalationPolicy
}

type PolicyPath struct {
	Name string `path:"name" doc:"Name of the escalation policy" example:"major-incident"`
}

type replacePolicyIn struct {
	PolicyPath
	Body struct {
		Name        string           `json:"name" required:"false" doc:"If given, the name in the path: policies cannot be renamed"`
		Description string           `json:"description" required:"false"`
		Repeat      int              `json:"repeat" required:"false" minimum:"0" maximum:"9"`
		Steps       []escalationStep `json:"steps"`
	}
}

func (b newEscalationPolicy) policy() escalation.Policy {
	return escalation.Policy{Name: b.Name, Description: b.Description, Repeat: b.Repeat, Steps: domainSteps(b.Steps)}
}

func domainSteps(in []escalationStep) []escalation.Step {
	out := make([]escalation.Step, len(in))
	for i, st := range in {
		out[i].DelaySeconds = st.DelaySeconds
		out[i].Targets = make([]escalation.Target, len(st.Targets))
		for j, t := range st.Targets {
			out[i].Targets[j] = escalation.Target(t)
		}
	}
	return out
}

func wirePolicy(p escalation.Policy) escalationPolicy {
	out := escalationPolicy{ID: p.ID, Name: p.Name, Description: p.Description, Repeat: p.Repeat,
		Steps: make([]escalationStep, len(p.Steps)), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for i, st := range p.Steps {
		out.Steps[i].DelaySeconds = st.DelaySeconds
		out.Steps[i].Targets = make([]escalationTarget, len(st.Targets))
		for j, t := range st.Targets {
			out.Steps[i].Targets[j] = escalationTarget(t)
		}
	}
	return out
}

func wirePolicies(ps []escalation.Policy) []escalationPolicy {
	out := make([]escalationPolicy, len(ps))
	for i, p := range ps {
		out[i] = wirePolicy(p)
	}
	return out
}
