package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/notify"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Page sizes of probe lists.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// Service stores probes and their results.
type Service struct {
	db    *store.DB
	evlog *event.Log
	clock clock.Clock
	guard notify.Guard

	sink     AlertSink
	canaries *Canaries
	log      *slog.Logger
	mu       sync.Mutex
	isCutOff bool
	// rolledUntil is the hour (microseconds) up to which Maintain rolled up.
	rolledUntil int64
}

// NewService returns the probe service; changes to probes go to log as
// audit events. Probe targets are checked against g
// when they are saved.
func NewService(db *store.DB, log *event.Log, c clock.Clock, g notify.Guard) *Service {
	return &Service{db: db, evlog: log, clock: c, guard: g}
}

// Guard is the outbound guard probes' connections pass.
func (s *Service) Guard() notify.Guard { return s.guard }

// settings is how a probe's kind-specific settings are stored.
type settings struct {
	HTTP *HTTPSettings `json:"http,omitempty"`
	DNS  *DNSSettings  `json:"dns,omitempty"`
	TLS  *TLSSettings  `json:"tls,omitempty"`
}

const probeColumns = `id, name, kind, target, settings, interval_s, timeout_ms, failures_before_alert, successes_before_recovery,
	service, severity, min_failing, enabled, state, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanProbe(r scanner) (Probe, error) {
	var p Probe
	var set string
	var timeoutMs, created, updated int64
	var enabled int
	err := r.Scan(&p.id, &p.Name, &p.Kind, &p.Target, &set, &p.IntervalSeconds, &timeoutMs, &p.FailuresBeforeAlert,
		&p.SuccessesBeforeRecovery, &p.Service, &p.Severity, &p.MinFailing, &enabled, &p.State, &created, &updated)
	if err != nil {
		return p, err
	}
	var st settings
	if err := json.Unmarshal([]byte(set), &st); err != nil {
		return p, fmt.Errorf("probe %s: settings: %w", p.Name, err)
	}
	p.HTTP, p.DNS, p.TLS = st.HTTP, st.DNS, st.TLS
	p.TimeoutSeconds = float64(timeoutMs) / 1000
	p.Enabled = enabled != 0
	p.CreatedAt, p.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return p, nil
}

// Create stores a new probe. Its first check runs within one interval.
func (s *Service) Create(ctx context.Context, actor auth.Principal, p Probe) (Probe, error) {
	if err := p.Normalize(s.guard); err != nil {
		return Probe{}, err
	}
	now := s.clock.Now()
	set, _ := json.Marshal(settings{HTTP: p.HTTP, DNS: p.DNS, TLS: p.TLS})
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO probes (name, kind, target, settings, interval_s, timeout_ms, failures_before_alert,
			successes_before_recovery, service, severity, min_failing, enabled, local, next_run_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.Name, p.Kind, p.Target, string(set), p.IntervalSeconds, int64(p.TimeoutSeconds*1000), p.FailuresBeforeAlert,
			p.SuccessesBeforeRecovery, p.Service, p.Severity, p.MinFailing, flag(p.Enabled), flag(p.HasVantage(Local)),
			store.Micros(NextSlot(p.Name, p.Interval(), now)), store.Micros(now), store.Micros(now)).Scan(&p.id)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "a probe named %q exists; choose another name or change that one", p.Name)
		}
		if err != nil {
			return err
		}
		if err := setVantages(ctx, tx, p.id, p.Vantages); err != nil {
			return err
		}
		_, err = s.evlog.Append(ctx, tx, 0, actor.UserID, now, "probe.created", map[string]any{"name": p.Name, "kind": p.Kind, "target": p.Target})
		return err
	})
	if err != nil {
		if _, ok := problem.As(err); ok {
			return Probe{}, err
		}
		return Probe{}, fmt.Errorf("create probe %s: %w", p.Name, err)
	}
	p.State, p.CreatedAt, p.UpdatedAt = "unknown", now, now
	return p, nil
}

// setVantages makes the probe's vantage points vs, keeping the state of
// those it already had.
func setVantages(ctx context.Context, tx *store.Tx, id int64, vs []string) error {
	args := []any{id}
	for _, v := range vs {
		args = append(args, v)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM probe_vantages WHERE probe_id = ? AND vantage NOT IN (`+store.Placeholders(len(vs))+`)`, args...); err != nil {
		return err
	}
	for _, v := range vs {
		if _, err := tx.Exec(ctx, `INSERT INTO probe_vantages (probe_id, vantage) VALUES (?, ?) ON CONFLICT (probe_id, vantage) DO NOTHING`, id, v); err != nil {
			return err
		}
	}
	return nil
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// NextSlot is the first run of a probe after t. Each probe runs at a fixed
// phase of its interval, derived from its name, so thousands of probes with
// one interval spread over it instead of all starting at once, and a
// probe's runs do not drift however late one of them started.
func NextSlot(name string, interval time.Duration, t time.Time) time.Time {
	iv := interval.Microseconds()
	if iv <= 0 {
		return t
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	phase := int64(h.Sum64() % uint64(iv))
	us := store.Micros(t)
	k := (us - phase) / iv
	if us-phase < 0 {
		k--
	}
	return store.FromMicros(phase + (k+1)*iv)
}
