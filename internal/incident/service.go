package incident

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Service runs incidents. Each exported mutation is one transaction.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
	// onSeverity runs inside the transaction that declares an incident or
	// raises its severity, so that the pages a severity policy sends commit
	// with the change that caused them.
	onSeverity SeverityHook
}

// SeverityHook is told, inside the transaction, that incident number was
// declared at or escalated to sev.
type SeverityHook func(ctx context.Context, tx *store.Tx, number int64, sev string, actor auth.Principal) error

// SetSeverityHook installs the hook (the paging service's severity policies).
func (s *Service) SetSeverityHook(h SeverityHook) { s.onSeverity = h }

func (o *op) severityReached() error {
	if o.s.onSeverity == nil {
		return nil
	}
	return o.s.onSeverity(o.ctx, o.tx, o.inc.Number, string(o.inc.Severity), o.actor)
}

// NewService returns the incident service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c}
}

// Log returns the event log the service writes to.
func (s *Service) Log() *event.Log { return s.log }

// op is one mutation of one incident in progress: the transaction, the locked
// incident row, the actor and the time every row and event of it shares.
type op struct {
	s     *Service
	ctx   context.Context
	tx    *store.Tx
	inc   Incident
	actor auth.Principal
	now   time.Time
}

// emit appends an event of this incident to the log.
func (o *op) emit(kind string, data any) error {
	_, err := o.s.log.Append(o.ctx, o.tx, o.inc.Number, o.actor.UserID, o.now, kind, data)
	return err
}

// mutate locks incident number for the length of one transaction and runs fn.
// The lock (FOR UPDATE on PostgreSQL; SQLite has a single writer) serializes
// every change to one incident, so checks made in fn still hold at commit and
// events commit in sequence order.
func (s *Service) mutate(ctx context.Context, what string, actor auth.Principal, number int64, fn func(*op) error) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		inc, err := lockIncident(ctx, tx, number)
		if err != nil {
			return err
		}
		return fn(&op{s: s, ctx: ctx, tx: tx, inc: inc, actor: actor, now: s.clock.Now()})
	})
	if err != nil {
		return fmt.Errorf("%s in incident %d: %w", what, number, err)
	}
	return nil
}

func lockIncident(ctx context.Context, tx *store.Tx, number int64) (Incident, error) {
	inc, err := scanIncident(tx.QueryRow(ctx, `SELECT `+incidentColumns+` FROM incidents i WHERE number = ?`+tx.ForUpdate(), number))
	if errors.Is(err, store.ErrNotFound) {
		return Incident{}, problem.NotFoundf("number", "no incident %d; list incidents with GET /api/v1/incidents", number)
	}
	if err != nil {
		return Incident{}, err
	}
	return inc, nil
}

// loadTags reads the locked incident's tags, for the changes that need them
// (a tag update compares against them, a split copies them). Other changes
// skip the read: every change to an incident holds its row lock meanwhile.
func (o *op) loadTags() error {
	rows, err := o.tx.Query(o.ctx, `SELECT tag FROM incident_tags WHERE incident = ? ORDER BY tag`, o.inc.Number)
	if err != nil {
		return err
	}
	defer rows.Close()
	o.inc.Tags = []string{}
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return err
		}
		o.inc.Tags = append(o.inc.Tags, tag)
	}
	return rows.Err()
}

// userID resolves a handle to a user id inside tx, naming field when unknown.
func userID(ctx context.Context, tx *store.Tx, field, handle string) (int64, error) {
	if handle == "" {
		return 0, problem.Invalidf(field, "must name a user by handle")
	}
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM users WHERE handle = ? AND disabled_at IS NULL`, handle).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, problem.NotFoundf(field, "no user %q; add them with `sitrep user add` or POST /api/v1/users", handle)
	}
	return id, err
}

// isResponder reports whether user is currently on the incident.
func (o *op) isResponder(user int64) (bool, error) {
	var n int64
	err := o.tx.QueryRow(o.ctx, `SELECT COUNT(*) FROM responder_stints WHERE incident = ? AND user_id = ? AND left_at IS NULL`, o.inc.Number, user).Scan(&n)
	return n > 0, err
}

// requireResponder refuses a change by someone who has not joined the incident.
// Admins may act on any incident: on the worst day, the person who can fix a
// mistake should not first have to join.
func (o *op) requireResponder() error {
	if o.actor.Role.Allows(auth.Admin) {
		return nil
	}
	ok, err := o.isResponder(o.actor.UserID)
	if err != nil {
		return err
	}
	if !ok {
		return problem.Forbiddenf("you are not a responder of incident %d; join it first with `sitrep join %d`", o.inc.Number, o.inc.Number)
	}
	return nil
}

func (o *op) requireOpen(action string) error {
	if o.inc.Status == Resolved {
		if o.inc.MergedInto != 0 {
			return problem.Conflictf("number", "incident %d was merged into %d; %s there", o.inc.Number, o.inc.MergedInto, action)
		}
		return problem.Conflictf("number", "incident %d is resolved; reopen it (status investigating) to %s", o.inc.Number, action)
	}
	return nil
}
