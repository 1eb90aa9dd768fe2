package watch

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/store"
)

// Scheduler defaults.
const (
	DefaultWorkers  = 64
	claimBatch      = 1000
	lookahead       = time.Second
	runEvery        = 250 * time.Millisecond
	syncEvery       = 5 * time.Second
	maintainEvery   = 10 * time.Minute
	recordBatchSize = 200
)

// Scheduler runs the local vantage point's due probes on a bounded pool of
// workers, records their results and raises the alerts their verdicts call
// for. Several instances on one database share the work: an instance owns
// a run by moving the probe's next_run_at past it.
type Scheduler struct {
	svc     *Service
	checker *Checker
	clock   clock.Clock
	log     *slog.Logger
	sem     chan struct{}
	// Observe, if set, is told when each check starts and when it was due
	// (benchmarks measure schedule jitter with it).
	Observe func(probe string, due, started time.Time)

	mu       sync.Mutex
	maintain time.Time
}

// NewScheduler returns a scheduler running at most workers checks at once.
func NewScheduler(svc *Service, checker *Checker, c clock.Clock, log *slog.Logger, workers int) *Scheduler {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	return &Scheduler{svc: svc, checker: checker, clock: c, log: log, sem: make(chan struct{}, workers)}
}

// claimed is a run of a probe this instance owns.
type claimed struct {
	p   Probe
	due time.Time
}

// claim takes the runs due by until and moves each probe's next run to its
// next slot. A probe that missed slots (sitrep was down) runs once, not
// once per missed slot.
func (s *Scheduler) claim(ctx context.Context, now, until time.Time) ([]claimed, error) {
	// Most calls find nothing due: look first on a read connection, so an
	// idle scheduler does not queue for SQLite's one writer.
	var any int
	err := s.svc.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM probes WHERE local = 1 AND enabled = 1 AND next_run_at <= ? LIMIT 1) due`,
		store.Micros(until)).Scan(&any)
	if err != nil || any == 0 {
		return nil, err
	}
	var out []claimed
	err = s.svc.db.Tx(ctx, func(tx *store.Tx) error {
		out = out[:0]
		rows, err := tx.Query(ctx, `SELECT `+probeColumns+`, next_run_at FROM probes WHERE local = 1 AND enabled = 1 AND next_run_at <= ?
			ORDER BY next_run_at, id LIMIT ?`, store.Micros(until), claimBatch)
		if err != nil {
			return err
		}
		var due []claimed
		for rows.Next() {
			var c claimed
			var next int64
			p, err := scanProbe(rowWith{rows, &next})
			if err != nil {
				rows.Close()
				return err
			}
			c.p, c.due = p, store.FromMicros(next)
			due = append(due, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range due {
			next := NextSlot(c.p.Name, c.p.Interval(), maxTime(c.due, now))
			res, err := tx.Exec(ctx, `UPDATE probes SET next_run_at = ? WHERE id = ? AND next_run_at = ?`,
				store.Micros(next), c.p.id, store.Micros(c.due))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// rowWith scans the probe columns and one more into extra.
type rowWith struct {
	r     scanner
	extra *int64
}

func (w rowWith) Scan(dest ...any) error { return w.r.Scan(append(dest, w.extra)...) }

// Tick runs every probe due now, waits for the checks, records their
// results and raises the alerts they call for. Tests drive the scheduler
// with it and a manual clock; it returns how many checks ran.
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	now := s.clock.Now()
	due, err := s.claim(ctx, now, now)
	if err != nil {
		return 0, err
	}
	rs := make([]ProbeResult, len(due))
	var wg sync.WaitGroup
	for i, c := range due {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.sem <- struct{}{}
			defer func() { <-s.sem }()
			rs[i] = s.check(ctx, c)
		}()
	}
	wg.Wait()
	if len(rs) > 0 {
		if _, err := s.svc.Record(ctx, Local, rs); err != nil {
			return len(rs), err
		}
	}
	if err := s.svc.Sync(ctx); err != nil {
		return len(rs), err
	}
	return len(rs), s.maybeMaintain(ctx, now)
}

func (s *Scheduler) check(ctx context.Context, c claimed) ProbeResult {
	started := s.clock.Now()
	if s.Observe != nil {
		s.Observe(c.p.Name, c.due, started)
	}
	return s.checker.Run(ctx, c.p, Local, started)
}

func (s *Scheduler) maybeMaintain(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	if now.Sub(s.maintain) < maintainEvery {
		s.mu.Unlock()
		return nil
	}
	s.maintain = now
	s.mu.Unlock()
	return s.svc.Maintain(ctx)
}
