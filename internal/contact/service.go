// Package contact owns how to reach a person: their contact methods (email,
// SMS, voice, Slack, webhook) and notification rules ("email at once, SMS
// after 2 minutes if not acknowledged"), and the plan the paging engine
// follows to notify one person.
package contact

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/notify"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Service stores contact methods and notification rules. Each exported
// mutation is one transaction that writes its rows and one event.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
	// guard decides which webhook and Slack URLs may be saved. The zero
	// Guard, the strictest, refuses loopback, private, link-local and
	// cloud-metadata addresses.
	guard notify.Guard
}

// Option changes how NewService builds the service.
type Option func(*Service)

// WithGuard checks configured URLs with g instead of the strictest guard, for
// deployments whose webhooks live on the private network. Pass the same Guard
// the senders dial through, so that what is accepted here can be delivered.
func WithGuard(g notify.Guard) Option { return func(s *Service) { s.guard = g } }

// NewService returns the contact service.
func NewService(db *store.DB, log *event.Log, c clock.Clock, opts ...Option) *Service {
	s := &Service{db: db, log: log, clock: c}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Self names the caller in place of a handle, so that a person can manage
// their own contact methods without knowing how the server spells them. It
// is not a valid handle, so it can never name someone else.
const Self = "@me"

// owner is the user whose contact methods a request touches, as locked in
// the request's transaction.
type owner struct {
	id     int64
	handle string
}

// op is one mutation in progress: its transaction, the caller, the owner of
// the methods it touches, and the time its rows and event share.
type op struct {
	ctx   context.Context
	tx    *store.Tx
	actor auth.Principal
	owner owner
	now   time.Time
}

// mutate runs fn in one transaction on handle's contact methods, after
// checking that actor may manage them and locking the owner's row.
func (s *Service) mutate(ctx context.Context, what string, actor auth.Principal, handle string, fn func(*op) error) error {
	handle, err := allowed(actor, handle, "change")
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		o, err := lockOwner(ctx, tx, handle)
		if err != nil {
			return err
		}
		return fn(&op{ctx: ctx, tx: tx, actor: actor, owner: o, now: s.clock.Now()})
	})
	if err != nil {
		return fmt.Errorf("%s of %s: %w", what, handle, err)
	}
	return nil
}

// emit appends an event about the owner's contact settings. They belong to
// no incident.
func (s *Service) emit(o *op, kind string, data map[string]any) error {
	data["user"] = o.owner.handle
	_, err := s.log.Append(o.ctx, o.tx, 0, o.actor.UserID, o.now, kind, data)
	return err
}

// allowed resolves Self and refuses a caller who is neither the owner nor an
// admin. Contact addresses are personal (phone numbers, private webhooks),
// so reading them takes the same right as changing them. The check comes
// before any lookup, so a refusal does not tell whether the handle exists.
func allowed(actor auth.Principal, handle, verb string) (string, error) {
	switch handle {
	case Self:
		handle = actor.Handle
	case "":
		// Never read as "yourself": a caller that lost the handle on the way
		// must not quietly change the wrong person's pager.
		return "", problem.Invalidf("handle", "name a user by handle, or %s for yourself", Self)
	}
	if handle != actor.Handle && !actor.Role.Allows(auth.Admin) {
		return "", problem.Forbiddenf("you can only %s your own contact methods and rules; an admin can %s anyone's", verb, verb)
	}
	return handle, nil
}

// lockOwner finds the active user handle and locks their row until the
// transaction ends, so that concurrent changes to one person's methods and
// rules run one after another and the caps and ownership checks hold at
// commit. NO KEY UPDATE does not block rows elsewhere that reference the
// user (responders, tokens) from being written meanwhile.
func lockOwner(ctx context.Context, tx *store.Tx, handle string) (owner, error) {
	q := `SELECT id, handle FROM users WHERE handle = ? AND disabled_at IS NULL`
	if tx.Dialect() == store.Postgres {
		q += ` FOR NO KEY UPDATE`
	}
	var o owner
	err := tx.QueryRow(ctx, q, handle).Scan(&o.id, &o.handle)
	if errors.Is(err, store.ErrNotFound) {
		return owner{}, noUser(handle)
	}
	return o, err
}

// lookupOwner finds the active user handle for a read.
func (s *Service) lookupOwner(ctx context.Context, handle string) (owner, error) {
	var o owner
	err := s.db.QueryRow(ctx, `SELECT id, handle FROM users WHERE handle = ? AND disabled_at IS NULL`, handle).Scan(&o.id, &o.handle)
	if errors.Is(err, store.ErrNotFound) {
		return owner{}, noUser(handle)
	}
	return o, err
}

func noUser(handle string) error {
	return problem.NotFoundf("handle", "no user %q; list users with GET /api/v1/users", handle)
}
