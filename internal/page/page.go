// Package page owns pages: requests to reach people about something (an
// incident, later an alert group), with their lifecycle triggered ->
// acknowledged -> resolved; the escalation run of each page through its
// policy's steps; severity policies that page on declare and escalation;
// broadcasts to dynamic groups; signed single-use ack links; and the durable
// deliveries that carry every notification, with retries, backoff and limits
// computed from persisted history.
package page

import (
	"fmt"
	"strings"
	"time"

	"sitrep/internal/problem"
)

// Status is where a page stands.
type Status string

// The statuses of a page.
const (
	Triggered    Status = "triggered"
	Acknowledged Status = "acknowledged"
	Resolved     Status = "resolved"
)

// Target is who a step reaches: a user, a schedule's on-call, a dynamic group
// of the page's incident, or another escalation policy.
type Target struct {
	Kind string `json:"kind" enum:"user,schedule,group,policy"`
	Ref  string `json:"ref"`
}

func (t Target) String() string { return t.Kind + ":" + t.Ref }

// Groups resolve at send time to whoever holds the position then, so they
// follow handoffs.
var Groups = []string{"incident-leads", "incident-responders", "incident-commander", "family-commanders"}

// Step is one stage of an escalation: its targets are notified, and if
// nobody acknowledges within Delay the next step runs.
type Step struct {
	DelaySeconds int      `json:"delay_seconds"`
	Targets      []Target `json:"targets"`
}

// Page is one request to reach people.
type Page struct {
	ID         int64     `json:"id"`
	Incident   int64     `json:"incident,omitempty"`
	Kind       string    `json:"kind"`
	Summary    string    `json:"summary"`
	Details    string    `json:"details,omitempty"`
	Severity   string    `json:"severity,omitempty"`
	Source     string    `json:"source"`
	Policy     string    `json:"policy,omitempty"`
	Steps      []Step    `json:"steps"`
	Repeat     int       `json:"repeat"`
	Status     Status    `json:"status"`
	Step       int       `json:"step"`
	Round      int       `json:"round"`
	NextStepAt time.Time `json:"next_step_at,omitzero"`
	CreatedBy  string    `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	AckedAt    time.Time `json:"acknowledged_at,omitzero"`
	AckedBy    string    `json:"acknowledged_by,omitempty"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	ResolvedBy string    `json:"resolved_by,omitempty"`
}

// Request asks for a page. Either Policy names an escalation policy, or
// Targets are reached in one step.
type Request struct {
	Summary  string
	Details  string
	Incident int64
	Severity string
	Policy   string
	Targets  []Target
	// Source says what raised the page: manual, severity-policy, broadcast, alert.
	Source string
	// DedupKey, when set, makes the request a no-op if a page with the same
	// key exists (a severity policy pages once per incident and target).
	DedupKey string
}

// The size limits of a page.
const (
	MaxSummary = 300
	MaxDetails = 10000
	MaxTargets = 50
)

func (r *Request) validate() error {
	r.Summary = strings.TrimSpace(r.Summary)
	if r.Summary == "" || len([]rune(r.Summary)) > MaxSummary {
		return problem.Invalidf("summary", "must be 1-%d characters", MaxSummary)
	}
	if len([]rune(r.Details)) > MaxDetails {
		return problem.Invalidf("details", "must be at most %d characters", MaxDetails)
	}
	if (r.Policy == "") == (len(r.Targets) == 0) {
		return problem.Invalidf("targets", "name either an escalation policy or targets (such as schedule:major-incident or user:laura), not both")
	}
	if len(r.Targets) > MaxTargets {
		return problem.Invalidf("targets", "at most %d targets", MaxTargets)
	}
	for i, t := range r.Targets {
		if err := checkTarget(fmt.Sprintf("targets[%d]", i), t); err != nil {
			return err
		}
	}
	return nil
}

func checkTarget(field string, t Target) error {
	switch t.Kind {
	case "user", "schedule", "policy":
		if t.Ref == "" || len(t.Ref) > 100 {
			return problem.Invalidf(field+".ref", "must name a %s", t.Kind)
		}
	case "group":
		for _, g := range Groups {
			if t.Ref == g {
				return nil
			}
		}
		return problem.Invalidf(field+".ref", "%q is not a group; use one of %s", t.Ref, strings.Join(Groups, ", "))
	default:
		return problem.Invalidf(field+".kind", "%q is not a target kind; use user, schedule, group or policy", t.Kind)
	}
	return nil
}
