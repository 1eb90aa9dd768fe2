package page

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Trigger raises a page and runs its first escalation step in the same
// transaction: the page, its recipients, every delivery and the timeline
// event commit together, and the first sends start right after commit.
func (s *Service) Trigger(ctx context.Context, actor auth.Principal, r Request) (Page, error) {
	if err := r.validate(); err != nil {
		return Page{}, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *store.Tx) (err error) {
		id, err = s.trigger(ctx, tx, actor, r)
		return err
	})
	if err != nil {
		return Page{}, fmt.Errorf("trigger page: %w", err)
	}
	return s.Get(ctx, id)
}

// trigger does the work of Trigger inside tx. It returns 0 when DedupKey
// matched an existing page.
func (s *Service) trigger(ctx context.Context, tx *store.Tx, actor auth.Principal, r Request) (int64, error) {
	steps, repeat := []Step{{Targets: r.Targets}}, 0
	if r.Policy != "" {
		var err error
		if s.deps.Policies == nil {
			return 0, problem.NotFoundf("policy", "no escalation policy %q", r.Policy)
		}
		if steps, repeat, err = s.deps.Policies(ctx, r.Policy); err != nil {
			return 0, relabel(err, "policy")
		}
	}
	if r.Source == "" {
		r.Source = "manual"
	}
	if r.Source == "manual" {
		if err := s.checkTargets(ctx, tx, r.Targets); err != nil {
			return 0, err
		}
	}
	if r.Incident != 0 {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM incidents WHERE number = ?`, r.Incident).Scan(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, problem.NotFoundf("incident", "no incident %d", r.Incident)
		}
	}
	now := s.clock.Now()
	stepsJSON, _ := json.Marshal(steps)
	var dedup any
	if r.DedupKey != "" {
		dedup = r.DedupKey
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO pages (incident, kind, summary, details, severity, source, policy, steps, repeat, status, dedup_key, created_by, created_at)
		VALUES (?, 'page', ?, ?, ?, ?, ?, ?, ?, 'triggered', ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
		store.NullID(r.Incident), r.Summary, r.Details, r.Severity, r.Source, r.Policy, string(stepsJSON), repeat, dedup, store.NullID(actor.UserID), store.Micros(now)).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // the dedup key matched: this target was already paged
	}
	if err != nil {
		return 0, err
	}
	p := Page{ID: id, Incident: r.Incident, Kind: "page", Summary: r.Summary, Details: r.Details, Severity: r.Severity, Steps: steps, Repeat: repeat, Status: Triggered}
	if err := s.emit(ctx, tx, p, actor.UserID, now, "page.triggered", map[string]any{"page": id, "summary": r.Summary, "source": r.Source, "policy": r.Policy, "targets": r.Targets}); err != nil {
		return 0, err
	}
	if err := s.runStep(ctx, tx, p, 0, 0, now); err != nil {
		return 0, err
	}
	tx.AfterCommit(s.wake)
	return id, nil
}

// emit appends a page event to its incident's timeline, or to the global log.
func (s *Service) emit(ctx context.Context, tx *store.Tx, p Page, actor int64, now time.Time, kind string, data any) error {
	_, err := s.log.Append(ctx, tx, p.Incident, actor, now, kind, data)
	return err
}

// runStep notifies the targets of step in round, then schedules the next
// step: after the last step the page starts another round while rounds
// remain, and otherwise stays triggered with nothing more to escalate.
func (s *Service) runStep(ctx context.Context, tx *store.Tx, p Page, step, round int, now time.Time) error {
	rs, err := s.resolve(ctx, tx, p.Incident, p.Steps[step].Targets, now, 0)
	if err != nil {
		return err
	}
	notified := 0
	for _, r := range rs {
		fresh, err := s.notify(ctx, tx, p, r, step, round, now)
		if err != nil {
			return err
		}
		if fresh {
			notified++
		}
	}
	next := any(nil)
	nextStep, nextRound := step+1, round
	if nextStep == len(p.Steps) {
		nextStep, nextRound = 0, round+1
	}
	if nextRound <= p.Repeat {
		next = store.Micros(now.Add(time.Duration(p.Steps[step].DelaySeconds) * time.Second))
	}
	if _, err := tx.Exec(ctx, `UPDATE pages SET step = ?, round = ?, next_escalation_at = ? WHERE id = ?`, step, round, next, p.ID); err != nil {
		return err
	}
	kind := "page.escalated"
	if len(rs) == 0 {
		// Nobody to reach is the worst silent failure of paging: say so on
		// the timeline where the commander will see it.
		kind = "page.unrouted"
	}
	return s.emit(ctx, tx, p, 0, now, kind, map[string]any{"page": p.ID, "step": step, "round": round, "people": handles(rs), "notified": notified})
}

func handles(rs []recipient) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.handle
	}
	return out
}
