package incident

import (
	"context"
	"errors"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Milestone is a moment in the life of an incident.
type Milestone struct {
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
	SetBy  string    `json:"set_by,omitempty"`
}

// MilestoneKinds lists the milestones, in the order they usually happen.
var MilestoneKinds = []string{"started", "detected", "declared", "mitigated", "resolved"}

func validMilestone(kind string) bool {
	for _, k := range MilestoneKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// setMilestone records kind at at, replacing an earlier value, with an event.
func (o *op) setMilestone(kind string, at time.Time, reason string) error {
	var prev *int64
	err := o.tx.QueryRow(o.ctx, `SELECT at FROM milestones WHERE incident = ? AND kind = ?`, o.inc.Number, kind).Scan(&prev)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var setBy any
	if o.actor.UserID != 0 {
		setBy = o.actor.UserID
	}
	_, err = o.tx.Exec(o.ctx, `INSERT INTO milestones (incident, kind, at, set_by, reason) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (incident, kind) DO UPDATE SET at = excluded.at, set_by = excluded.set_by, reason = excluded.reason`,
		o.inc.Number, kind, store.Micros(at), setBy, reason)
	if err != nil {
		return err
	}
	data := map[string]any{"kind": kind, "at": at}
	if prev != nil {
		data["previous"] = store.FromMicros(*prev)
	}
	if reason != "" {
		data["reason"] = reason
	}
	return o.emit("milestone.set", data)
}

// setMilestoneOnce records kind now unless it is already set.
func (o *op) setMilestoneOnce(kind string) error {
	var n int64
	if err := o.tx.QueryRow(o.ctx, `SELECT COUNT(*) FROM milestones WHERE incident = ? AND kind = ?`, o.inc.Number, kind).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return o.setMilestone(kind, o.now, "")
}

// SetMilestone corrects when something happened ("we detected it at 01:22, not
// when we declared"). A reason is required: the timeline keeps both values and
// why one replaced the other, because postmortems read it.
func (s *Service) SetMilestone(ctx context.Context, actor auth.Principal, number int64, kind string, at time.Time, reason string) (Incident, error) {
	if !validMilestone(kind) {
		return Incident{}, problem.Invalidf("kind", "%q is not a milestone; use one of %s", kind, strings.Join(MilestoneKinds, ", "))
	}
	if at.IsZero() {
		return Incident{}, problem.Invalidf("at", "must be a time such as 2023-03-08T01:22:00Z")
	}
	if at.After(s.clock.Now().Add(time.Minute)) {
		return Incident{}, problem.Invalidf("at", "must not be in the future")
	}
	reason = strings.TrimSpace(reason)
	if err := checkText("reason", reason, 1, 1000); err != nil {
		return Incident{}, problem.Invalidf("reason", "say why the time is corrected (1-1000 characters)")
	}
	err := s.mutate(ctx, "set milestone", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		return o.setMilestone(kind, at.UTC(), reason)
	})
	if err != nil {
		return Incident{}, err
	}
	return s.incident(ctx, number)
}
