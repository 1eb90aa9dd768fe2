package watch

import (
	"context"
	"fmt"
	"sort"
	"time"

	"sitrep/internal/store"
)

// Retention of results.
const (
	RawRetention    = 24 * time.Hour
	RollupRetention = 90 * 24 * time.Hour
	maxResults      = 500
)

// ProbeRollup is an hour of a probe's results, across its vantage points.
type ProbeRollup struct {
	Hour     time.Time `json:"hour"`
	Checks   int       `json:"checks"`
	Failures int       `json:"failures"`
	P50Ms    float64   `json:"p50_ms"`
	P95Ms    float64   `json:"p95_ms"`
}

// ProbeVantage is a vantage point's latest verdict on a probe.
type ProbeVantage struct {
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	LastAt    time.Time `json:"last_at,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

// ProbeSummary is a probe's uptime and latency.
type ProbeSummary struct {
	State     string         `json:"state"`
	Uptime24h *float64       `json:"uptime_24h"`
	Uptime7d  *float64       `json:"uptime_7d"`
	Uptime30d *float64       `json:"uptime_30d"`
	P50Ms24h  float64        `json:"p50_ms_24h"`
	P95Ms24h  float64        `json:"p95_ms_24h"`
	Vantages  []ProbeVantage `json:"vantages"`
}

// ProbeHistory is what GET /api/v1/probes/{name}/results shows.
type ProbeHistory struct {
	Summary ProbeSummary  `json:"summary"`
	Recent  []ProbeResult `json:"recent"`
	Hourly  []ProbeRollup `json:"hourly"`
}

// History returns the probe's summary, its most recent raw results (newest
// first, at most limit) and its hourly rollups since the given time.
func (s *Service) History(ctx context.Context, name string, limit int, since time.Time) (ProbeHistory, error) {
	p, err := getProbe(ctx, s.db, name)
	if err != nil {
		return ProbeHistory{}, err
	}
	if limit <= 0 || limit > maxResults {
		limit = min(max(limit, 100), maxResults)
	}
	now := s.clock.Now()
	if since.IsZero() {
		since = now.Add(-7 * 24 * time.Hour)
	}
	h := ProbeHistory{Recent: []ProbeResult{}, Hourly: []ProbeRollup{}}
	if h.Recent, err = s.recent(ctx, p, limit); err != nil {
		return ProbeHistory{}, err
	}
	if h.Hourly, err = s.hourly(ctx, p.id, since, now); err != nil {
		return ProbeHistory{}, err
	}
	if h.Summary, err = s.summary(ctx, p, now); err != nil {
		return ProbeHistory{}, err
	}
	return h, nil
}

func (s *Service) recent(ctx context.Context, p Probe, limit int) ([]ProbeResult, error) {
	rows, err := s.db.Query(ctx, `SELECT vantage, at, ok, latency_us, error FROM probe_results WHERE probe_id = ? ORDER BY at DESC, id DESC LIMIT ?`, p.id, limit)
	if err != nil {
		return nil, fmt.Errorf("results of %s: %w", p.Name, err)
	}
	defer rows.Close()
	out := []ProbeResult{}
	for rows.Next() {
		r := ProbeResult{Probe: p.Name}
		var at, lat int64
		var ok int
		if err := rows.Scan(&r.Vantage, &at, &ok, &lat, &r.Error); err != nil {
			return nil, err
		}
		r.At, r.OK, r.LatencyMs = store.FromMicros(at), ok == 1, float64(lat)/1000
		out = append(out, r)
	}
	return out, rows.Err()
}

// hourly returns the stored rollups since since, and the hours not yet
// rolled up computed from the raw results.
func (s *Service) hourly(ctx context.Context, id int64, since, now time.Time) ([]ProbeRollup, error) {
	rows, err := s.db.Query(ctx, `SELECT hour, checks, failures, p50_us, p95_us FROM probe_rollups WHERE probe_id = ? AND hour >= ? ORDER BY hour`,
		id, store.Micros(since.Truncate(time.Hour)))
	if err != nil {
		return nil, fmt.Errorf("rollups: %w", err)
	}
	out := []ProbeRollup{}
	var last int64 = -1
	for rows.Next() {
		var r ProbeRollup
		var hour, p50, p95 int64
		if err := rows.Scan(&hour, &r.Checks, &r.Failures, &p50, &p95); err != nil {
			rows.Close()
			return nil, err
		}
		r.Hour, r.P50Ms, r.P95Ms, last = store.FromMicros(hour), float64(p50)/1000, float64(p95)/1000, hour
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Only the last day has raw results to roll up.
	from := max(store.Micros(since.Truncate(time.Hour)), last+int64(time.Hour/time.Microsecond), store.Micros(now.Add(-RawRetention-time.Hour).Truncate(time.Hour)))
	for h := from; h <= store.Micros(now); h += int64(time.Hour / time.Microsecond) {
		r, err := rollupOf(ctx, s.db, id, h)
		if err != nil {
			return nil, err
		}
		if r.Checks > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// rollupOf computes the rollup of the hour starting at hour (microseconds)
// from the raw results.
func rollupOf(ctx context.Context, db *store.DB, id, hour int64) (ProbeRollup, error) {
	rows, err := db.Query(ctx, `SELECT ok, latency_us FROM probe_results WHERE probe_id = ? AND at >= ? AND at < ?`,
		id, hour, hour+int64(time.Hour/time.Microsecond))
	if err != nil {
		return ProbeRollup{}, err
	}
	defer rows.Close()
	r := ProbeRollup{Hour: store.FromMicros(hour)}
	var lat []int64
	for rows.Next() {
		var ok int
		var us int64
		if err := rows.Scan(&ok, &us); err != nil {
			return ProbeRollup{}, err
		}
		r.Checks++
		if ok != 1 {
			r.Failures++
		}
		lat = append(lat, us)
	}
	r.P50Ms, r.P95Ms = float64(quantile(lat, 0.50))/1000, float64(quantile(lat, 0.95))/1000
	return r, rows.Err()
}

func quantile(v []int64, q float64) int64 {
	if len(v) == 0 {
		return 0
	}
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	return v[min(len(v)-1, int(q*float64(len(v))))]
}
