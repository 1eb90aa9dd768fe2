package page

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// recipient is a person a step reaches, and why.
type recipient struct {
	id     int64
	handle string
	via    string
}

// resolve turns targets into distinct people at time now. Schedules are asked
// who is on call now; groups are read from the incident as it is now, so a
// broadcast to leads reaches whoever leads each workstream at this moment.
func (s *Service) resolve(ctx context.Context, tx *store.Tx, incident int64, targets []Target, now time.Time, depth int) ([]recipient, error) {
	seen := map[int64]bool{}
	var out []recipient
	add := func(rs []recipient) {
		for _, r := range rs {
			if !seen[r.id] {
				seen[r.id] = true
				out = append(out, r)
			}
		}
	}
	for _, t := range targets {
		rs, err := s.resolveOne(ctx, tx, incident, t, now, depth)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", t, err)
		}
		add(rs)
	}
	return out, nil
}

func (s *Service) resolveOne(ctx context.Context, tx *store.Tx, incident int64, t Target, now time.Time, depth int) ([]recipient, error) {
	switch t.Kind {
	case "user":
		return usersByHandle(ctx, tx, []string{t.Ref}, t.String())
	case "schedule":
		if s.deps.OnCall == nil {
			return nil, nil
		}
		handles, err := s.deps.OnCall(ctx, t.Ref, now)
		if problem.Is(err, problem.NotFound) {
			// A severity policy may name a schedule nobody created yet; the
			// step then reaches nobody and the timeline says so.
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return usersByHandle(ctx, tx, handles, t.String())
	case "policy":
		// A policy named as a target hands on to that policy's first step.
		// Validation refuses cycles; the depth bound is a second guard.
		if depth > 4 || s.deps.Policies == nil {
			return nil, nil
		}
		steps, _, err := s.deps.Policies(ctx, t.Ref)
		if err != nil || len(steps) == 0 {
			return nil, err
		}
		return s.resolve(ctx, tx, incident, steps[0].Targets, now, depth+1)
	case "group":
		return groupMembers(ctx, tx, incident, t)
	}
	return nil, nil
}

func usersByHandle(ctx context.Context, tx *store.Tx, handles []string, via string) ([]recipient, error) {
	var out []recipient
	for _, h := range handles {
		r := recipient{handle: h, via: via}
		err := tx.QueryRow(ctx, `SELECT id FROM users WHERE handle = ? AND disabled_at IS NULL`, h).Scan(&r.id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// groupQueries read each group from the incident's current state.
var groupQueries = map[string]string{
	"incident-leads": `SELECT DISTINCT u.id, u.handle FROM workstreams w JOIN users u ON u.id = w.lead
		WHERE w.incident = ? AND w.status <> 'done' ORDER BY u.handle`,
	"incident-responders": `SELECT u.id, u.handle FROM responder_stints s JOIN users u ON u.id = s.user_id
		WHERE s.incident = ? AND s.left_at IS NULL ORDER BY s.id`,
	"incident-commander": `SELECT u.id, u.handle FROM role_holders r JOIN users u ON u.id = r.user_id
		WHERE r.incident = ? AND r.role = 'commander' AND r.ended_at IS NULL`,
	// The family is the root incident (the parent, or the incident itself)
	// and every incident split off it: one commander per region.
	"family-commanders": `SELECT DISTINCT u.id, u.handle FROM role_holders r JOIN users u ON u.id = r.user_id
		JOIN incidents i ON i.number = r.incident
		WHERE r.role = 'commander' AND r.ended_at IS NULL AND i.status <> 'resolved'
		AND (i.number = ? OR i.parent = ?) ORDER BY u.handle`,
}

func groupMembers(ctx context.Context, tx *store.Tx, incident int64, t Target) ([]recipient, error) {
	if incident == 0 {
		return nil, nil
	}
	args := []any{incident}
	if t.Ref == "family-commanders" {
		var parent *int64
		if err := tx.QueryRow(ctx, `SELECT parent FROM incidents WHERE number = ?`, incident).Scan(&parent); err != nil {
			return nil, err
		}
		root := incident
		if parent != nil {
			root = *parent
		}
		args = []any{root, root}
	}
	rows, err := tx.Query(ctx, groupQueries[t.Ref], args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recipient
	for rows.Next() {
		r := recipient{via: t.String()}
		if err := rows.Scan(&r.id, &r.handle); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// checkTargets refuses a page by hand to a user, schedule or policy that does
// not exist, naming the target.
func (s *Service) checkTargets(ctx context.Context, tx *store.Tx, targets []Target) error {
	for i, t := range targets {
		field := fmt.Sprintf("targets[%d].ref", i)
		switch t.Kind {
		case "user":
			rs, err := usersByHandle(ctx, tx, []string{t.Ref}, "")
			if err != nil {
				return err
			}
			if len(rs) == 0 {
				return problem.NotFoundf(field, "no user %q", t.Ref)
			}
		case "schedule":
			if s.deps.OnCall == nil {
				return problem.NotFoundf(field, "no schedule %q", t.Ref)
			}
			if _, err := s.deps.OnCall(ctx, t.Ref, s.clock.Now()); err != nil {
				return relabel(err, field)
			}
		case "policy":
			if s.deps.Policies == nil {
				return problem.NotFoundf(field, "no escalation policy %q", t.Ref)
			}
			if _, _, err := s.deps.Policies(ctx, t.Ref); err != nil {
				return relabel(err, field)
			}
		}
	}
	return nil
}

// relabel points a not-found refusal from another domain at this request's field.
func relabel(err error, field string) error {
	if p, ok := problem.As(err); ok && p.Kind == problem.NotFound {
		cp := *p
		cp.Field = field
		return &cp
	}
	return err
}
