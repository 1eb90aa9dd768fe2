package oncall

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Service stores schedules and their overrides and answers who is on call.
// Each exported mutation is one transaction that also appends its event to
// the log, under no incident (0).
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
}

// NewService returns the schedule service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c}
}

// op is one mutation in progress: its transaction, caller and time.
type op struct {
	s     *Service
	ctx   context.Context
	tx    *store.Tx
	actor auth.Principal
	now   time.Time
}

// emit appends an event that belongs to no incident.
func (o *op) emit(kind string, data any) error {
	_, err := o.s.log.Append(o.ctx, o.tx, 0, o.actor.UserID, o.now, kind, data)
	return err
}

// mutate runs fn in one transaction, wrapping its error with what was tried.
func (s *Service) mutate(ctx context.Context, what string, actor auth.Principal, fn func(*op) error) error {
	now := s.clock.Now()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return fn(&op{s: s, ctx: ctx, tx: tx, actor: actor, now: now})
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// requireAdmin keeps the shape of a rotation with admins. Who gets woken at
// night for months is a decision for the people who run the team; moving a
// single shift is not, which is why overrides only need a responder.
func requireAdmin(actor auth.Principal, action string) error {
	if !actor.Role.Allows(auth.Admin) {
		return problem.Forbiddenf("only admins may %s; ask one, or add an override with `sitrep override add` to change a shift", action)
	}
	return nil
}

// requireResponder keeps viewers, who may read who is on call, from changing it.
func requireResponder(actor auth.Principal, action string) error {
	if !actor.Role.Allows(auth.Responder) {
		return problem.Forbiddenf("only responders and admins may %s; you are a %s", action, actor.Role)
	}
	return nil
}
