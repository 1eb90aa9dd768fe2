package watch

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/store"
)

func (s *Service) summary(ctx context.Context, p Probe, now time.Time) (ProbeSummary, error) {
	sm := ProbeSummary{State: p.State, Vantages: []ProbeVantage{}}
	hours, err := s.hourly(ctx, p.id, now.Add(-30*24*time.Hour), now)
	if err != nil {
		return ProbeSummary{}, err
	}
	sm.Uptime24h = uptime(hours, now.Add(-24*time.Hour))
	sm.Uptime7d = uptime(hours, now.Add(-7*24*time.Hour))
	sm.Uptime30d = uptime(hours, now.Add(-30*24*time.Hour))
	lat, err := s.latencies(ctx, p.id, now.Add(-24*time.Hour))
	if err != nil {
		return ProbeSummary{}, err
	}
	sm.P50Ms24h, sm.P95Ms24h = float64(quantile(lat, 0.5))/1000, float64(quantile(lat, 0.95))/1000
	rows, err := s.db.Query(ctx, `SELECT vantage, status, COALESCE(last_at, 0), last_error FROM probe_vantages WHERE probe_id = ? ORDER BY vantage`, p.id)
	if err != nil {
		return ProbeSummary{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var v ProbeVantage
		var at int64
		if err := rows.Scan(&v.Name, &v.Status, &at, &v.LastError); err != nil {
			return ProbeSummary{}, err
		}
		if at != 0 {
			v.LastAt = store.FromMicros(at)
		}
		sm.Vantages = append(sm.Vantages, v)
	}
	return sm, rows.Err()
}

// uptime is the share of successful checks in the hours since from, in
// percent, or nil when there were none.
func uptime(hours []ProbeRollup, from time.Time) *float64 {
	checks, failures := 0, 0
	for _, h := range hours {
		if !h.Hour.Before(from.Truncate(time.Hour)) {
			checks += h.Checks
			failures += h.Failures
		}
	}
	if checks == 0 {
		return nil
	}
	u := 100 * float64(checks-failures) / float64(checks)
	return &u
}

func (s *Service) latencies(ctx context.Context, id int64, since time.Time) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT latency_us FROM probe_results WHERE probe_id = ? AND at >= ? AND ok = 1`, id, store.Micros(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var us int64
		if err := rows.Scan(&us); err != nil {
			return nil, err
		}
		out = append(out, us)
	}
	return out, rows.Err()
}

// Maintain rolls up every finished hour of the last day not rolled up yet,
// and deletes raw results older than RawRetention and rollups older than
// RollupRetention. Rolling up an hour twice gives the same rows, so
// instances sharing a database may both do it.
func (s *Service) Maintain(ctx context.Context) error {
	now := s.clock.Now()
	hourUS := int64(time.Hour / time.Microsecond)
	last := store.Micros(now.Truncate(time.Hour)) // the current, unfinished hour
	s.mu.Lock()
	from := max(last-25*hourUS, s.rolledUntil-hourUS)
	s.mu.Unlock()
	for hour := from; hour < last; hour += hourUS {
		if err := s.rollUp(ctx, hour); err != nil {
			return fmt.Errorf("roll up probe results: %w", err)
		}
	}
	s.mu.Lock()
	s.rolledUntil = last
	s.mu.Unlock()
	if _, err := s.db.Exec(ctx, `DELETE FROM probe_results WHERE at < ?`, store.Micros(now.Add(-RawRetention))); err != nil {
		return fmt.Errorf("prune probe results: %w", err)
	}
	_, err := s.db.Exec(ctx, `DELETE FROM probe_rollups WHERE hour < ?`, store.Micros(now.Add(-RollupRetention)))
	return err
}

// rollUp writes the rollups of every probe with results in the hour
// starting at hour (microseconds): one read and one transaction per hour.
func (s *Service) rollUp(ctx context.Context, hour int64) error {
	rows, err := s.db.Query(ctx, `SELECT probe_id, ok, latency_us FROM probe_results WHERE at >= ? AND at < ? ORDER BY probe_id`,
		hour, hour+int64(time.Hour/time.Microsecond))
	if err != nil {
		return err
	}
	type acc struct {
		checks, failures int
		lat              []int64
	}
	by := map[int64]*acc{}
	var ids []int64
	for rows.Next() {
		var id, us int64
		var ok int
		if err := rows.Scan(&id, &ok, &us); err != nil {
			rows.Close()
			return err
		}
		a := by[id]
		if a == nil {
			a = &acc{}
			by[id] = a
			ids = append(ids, id)
		}
		a.checks++
		if ok != 1 {
			a.failures++
		}
		a.lat = append(a.lat, us)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			a := by[id]
			if _, err := tx.Exec(ctx, `INSERT INTO probe_rollups (probe_id, hour, checks, failures, p50_us, p95_us) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (probe_id, hour) DO UPDATE SET checks = excluded.checks, failures = excluded.failures, p50_us = excluded.p50_us, p95_us = excluded.p95_us`,
				id, hour, a.checks, a.failures, quantile(a.lat, 0.5), quantile(a.lat, 0.95)); err != nil {
				return err
			}
		}
		return nil
	})
}
