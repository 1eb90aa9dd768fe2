// Package escalation owns escalation policies: ordered steps, each with
// targets (users, schedules, dynamic groups, other policies) and a delay,
// repeated a number of times, and the validation that keeps them acyclic.
// It also owns the pure timeline of a policy that the paging engine follows.
package escalation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Service stores escalation policies. Each exported mutation is one
// transaction that also appends its event (to no incident).
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
	// Referrers name what outside this package pages a policy by name
	// (services, alert routes); Delete refuses a policy they still use. They
	// are set once at wiring, before the first request.
	Referrers []Referrer
}

// NewService returns the escalation policy service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c}
}

// write runs fn in one transaction in which no other policy write runs, so
// that two policies saved at once cannot each close half of a cycle, and a
// policy cannot gain a reference while it is being deleted.
func (s *Service) write(ctx context.Context, actor auth.Principal, what string, fn func(tx *store.Tx, now time.Time) error) error {
	if !actor.Role.Allows(auth.Admin) {
		return problem.Forbiddenf("only admins manage escalation policies; you are %s", actor.Role)
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		// SQLite has a single writer already. On PostgreSQL this lock mode
		// conflicts with itself but not with readers, and policy writes are
		// rare enough that queueing them costs nothing.
		if tx.Dialect() == store.Postgres {
			if _, err := tx.Exec(ctx, `LOCK TABLE escalation_policies IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		return fn(tx, s.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Create saves a new policy.
func (s *Service) Create(ctx context.Context, actor auth.Principal, p Policy) (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	err := s.write(ctx, actor, "create escalation policy "+p.Name, func(tx *store.Tx, now time.Time) error {
		if err := checkTargets(ctx, tx, p); err != nil {
			return err
		}
		steps, err := json.Marshal(p.Steps)
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO escalation_policies (name, description, repeat, steps, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.Name, p.Description, p.Repeat, string(steps), store.Micros(now), store.Micros(now)).Scan(&id)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "an escalation policy named %q exists; change it with PUT /api/v1/escalation-policies/%s", p.Name, p.Name)
		}
		if err != nil {
			return err
		}
		if err := writeRefs(ctx, tx, id, p); err != nil {
			return err
		}
		return s.emit(ctx, tx, actor, now, "escalation_policy.created", p)
	})
	if err != nil {
		return Policy{}, err
	}
	return s.Get(ctx, p.Name)
}

// Update replaces the description, repeat and steps of policy name. The name
// stays: other policies and pages refer to it.
func (s *Service) Update(ctx context.Context, actor auth.Principal, name string, p Policy) (Policy, error) {
	if p.Name == "" {
		p.Name = name
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	if p.Name != name {
		return Policy{}, problem.Invalidf("name", "a policy cannot be renamed (other policies hand on to it by name); create %q and delete %q instead", p.Name, name)
	}
	err := s.write(ctx, actor, "update escalation policy "+name, func(tx *store.Tx, now time.Time) error {
		old, err := getPolicy(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := checkTargets(ctx, tx, p); err != nil {
			return err
		}
		steps, err := json.Marshal(p.Steps)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE escalation_policies SET description = ?, repeat = ?, steps = ?, updated_at = ? WHERE id = ?`,
			p.Description, p.Repeat, string(steps), store.Micros(now), old.ID); err != nil {
			return err
		}
		if err := writeRefs(ctx, tx, old.ID, p); err != nil {
			return err
		}
		return s.emit(ctx, tx, actor, now, "escalation_policy.updated", p)
	})
	if err != nil {
		return Policy{}, err
	}
	return s.Get(ctx, name)
}

// Delete removes policy name, unless another policy hands on to it.
func (s *Service) Delete(ctx context.Context, actor auth.Principal, name string) error {
	return s.write(ctx, actor, "delete escalation policy "+name, func(tx *store.Tx, now time.Time) error {
		p, err := getPolicy(ctx, tx, name)
		if err != nil {
			return err
		}
		users, err := Referencing(ctx, tx, KindPolicy, name)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return problem.Conflictf("name", "policy %q is used by %s; remove it from their steps first", name, strings.Join(users, ", "))
		}
		for _, ref := range s.Referrers {
			if users, err = ref(ctx, tx, name); err != nil {
				return err
			}
			if len(users) > 0 {
				return problem.Conflictf("name", "policy %q is used by %s; point them at another policy first", name, strings.Join(users, ", "))
			}
		}
		// The references go first rather than by ON DELETE CASCADE alone, so
		// the delete does not depend on SQLite's foreign_keys pragma being on.
		if _, err := tx.Exec(ctx, `DELETE FROM escalation_policy_refs WHERE policy_id = ?`, p.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM escalation_policies WHERE id = ?`, p.ID); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "escalation_policy.deleted", map[string]any{"name": name})
		return err
	})
}

func (s *Service) emit(ctx context.Context, tx *store.Tx, actor auth.Principal, now time.Time, kind string, p Policy) error {
	_, err := s.log.Append(ctx, tx, 0, actor.UserID, now, kind, map[string]any{
		"name": p.Name, "description": p.Description, "repeat": p.Repeat, "steps": p.Steps})
	return err
}
