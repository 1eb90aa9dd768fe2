package watch

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// HeartbeatAlerter takes the alerts heartbeats raise and resolve: the alert
// service in production.
type HeartbeatAlerter interface {
	Ingest(ctx context.Context, actor auth.Principal, alerts []alert.Alert) (alert.Result, error)
}

var _ HeartbeatAlerter = (*alert.Service)(nil)

// Defaults of the heartbeat checker.
const (
	// DefaultHeartbeatCheckEvery is how often Run looks for missed deadlines:
	// a missed beat is noticed within this of its grace running out.
	DefaultHeartbeatCheckEvery = 5 * time.Second
	// DefaultOutageGap is the longest pause between two checks that sitrep
	// takes for normal. A longer one means no instance was checking, so
	// pings sent meanwhile were refused, not missed.
	DefaultOutageGap = time.Minute
)

// Heartbeats owns heartbeats: their settings and ping tokens, the pings
// themselves and the check that raises an alert when a deadline passes.
// Exported fields are configuration, set before use.
type Heartbeats struct {
	db     *store.DB
	log    *event.Log
	clock  clock.Clock
	alerts HeartbeatAlerter
	logger *slog.Logger

	// BaseURL is the public URL that ping URLs start with.
	BaseURL    string
	CheckEvery time.Duration
	OutageGap  time.Duration
}

// NewHeartbeats returns the heartbeat service, raising alerts through alerts.
func NewHeartbeats(db *store.DB, log *event.Log, c clock.Clock, alerts HeartbeatAlerter, logger *slog.Logger) *Heartbeats {
	return &Heartbeats{db: db, log: log, clock: c, alerts: alerts, logger: logger,
		CheckEvery: DefaultHeartbeatCheckEvery, OutageGap: DefaultOutageGap}
}

// PingURL is where the holder of secret pings.
func (s *Heartbeats) PingURL(secret string) string {
	return strings.TrimRight(s.BaseURL, "/") + "/hb/" + secret
}

// Create adds a heartbeat and returns it with its ping token, which is shown
// this once and stored only as a hash. It waits for its first ping: a new
// heartbeat raises nothing until then.
func (s *Heartbeats) Create(ctx context.Context, actor auth.Principal, n NewHeartbeat) (Heartbeat, string, error) {
	if !actor.Role.Allows(auth.Admin) {
		return Heartbeat{}, "", problem.Forbiddenf("only an admin can add heartbeats")
	}
	if err := n.normalize(); err != nil {
		return Heartbeat{}, "", err
	}
	secret, hash, err := newPingToken()
	if err != nil {
		return Heartbeat{}, "", fmt.Errorf("create heartbeat: %w", err)
	}
	var h Heartbeat
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := heartbeatService(ctx, tx, n.Service); err != nil {
			return err
		}
		now := s.clock.Now()
		if h, err = insertHeartbeat(ctx, tx, n, hash, secret[:7], now); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "heartbeat.created", map[string]any{"name": h.Name, "kind": h.Kind})
		return err
	})
	if err != nil {
		return Heartbeat{}, "", fmt.Errorf("create heartbeat: %w", err)
	}
	return h, secret, nil
}

// Heartbeat reads one heartbeat by name.
func (s *Heartbeats) Heartbeat(ctx context.Context, name string) (Heartbeat, error) {
	h, err := heartbeatNamed(ctx, s.db, name, "")
	return h.shown(s.clock.Now()), err
}

// List reads up to limit heartbeats (at most 200) created after the one with
// id after, and the cursor of the next page (0 at the end).
func (s *Heartbeats) List(ctx context.Context, after int64, limit int) ([]Heartbeat, int64, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	hs, err := listHeartbeats(ctx, s.db, after, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("list heartbeats: %w", err)
	}
	var next int64
	if len(hs) > limit {
		hs = hs[:limit]
		next = hs[limit-1].ID
	}
	now := s.clock.Now()
	for i := range hs {
		hs[i] = hs[i].shown(now)
	}
	return hs, next, nil
}

// Update changes the settings of a heartbeat; its token stays.
func (s *Heartbeats) Update(ctx context.Context, actor auth.Principal, name string, p HeartbeatPatch) (Heartbeat, error) {
	if !actor.Role.Allows(auth.Admin) {
		return Heartbeat{}, problem.Forbiddenf("only an admin can change heartbeats")
	}
	var h Heartbeat
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := heartbeatNamed(ctx, tx, name, tx.ForUpdate())
		if err != nil {
			return err
		}
		if h, err = p.apply(old); err != nil {
			return err
		}
		if h.Service != old.Service {
			if err := heartbeatService(ctx, tx, h.Service); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		if err := updateHeartbeat(ctx, tx, h, now); err != nil {
			return err
		}
		if h, err = heartbeatNamed(ctx, tx, name, ""); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "heartbeat.changed", map[string]any{"name": name})
		return err
	})
	if err != nil {
		return Heartbeat{}, fmt.Errorf("change heartbeat %s: %w", name, err)
	}
	return h.shown(s.clock.Now()), nil
}

// Delete removes a heartbeat. One that is down resolves its alert first, so
// that no alert is left firing for a heartbeat that no longer exists.
func (s *Heartbeats) Delete(ctx context.Context, actor auth.Principal, name string) error {
	if !actor.Role.Allows(auth.Admin) {
		return problem.Forbiddenf("only an admin can remove heartbeats")
	}
	h, err := heartbeatNamed(ctx, s.db, name, "")
	if err != nil {
		return err
	}
	if h.Status == HeartbeatDown {
		h.Status = HeartbeatUp
		if _, err := s.alerts.Ingest(ctx, auth.Principal{}, []alert.Alert{s.alertOf(h, s.clock.Now())}); err != nil {
			return fmt.Errorf("remove heartbeat %s: resolve its alert: %w", name, err)
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM heartbeats WHERE id = ?`, h.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.NotFoundf("name", "no heartbeat %q", name)
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, s.clock.Now(), "heartbeat.removed", map[string]any{"name": name})
		return err
	})
	if err != nil {
		return fmt.Errorf("remove heartbeat %s: %w", name, err)
	}
	return nil
}

// heartbeatService refuses a service that does not exist: its alert would
// page the default policy instead of the service's on-call, and nobody would
// notice the typo until the night it mattered.
func heartbeatService(ctx context.Context, tx *store.Tx, name string) error {
	if name == "" {
		return nil
	}
	_, err := catalog.Lookup(ctx, tx, "service", name)
	if problem.Is(err, problem.NotFound) {
		return problem.Invalidf("service", "no service %q; add it first (POST /api/v1/services) or leave service empty", name)
	}
	return err
}
