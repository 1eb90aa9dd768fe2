package watch

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// MaxReport bounds the results of one report.
const MaxReport = 5000

// vantageRow is a vantage point's stored verdict.
type vantageRow struct {
	name   string
	status string
	fails  int
	oks    int
	lastAt int64
	err    string
}

// Record stores results from vantage and moves each probe's verdict. A
// result for a probe that no longer exists or no longer runs at vantage is
// skipped: the probe changed while the check ran. It returns how many
// results were stored.
func (s *Service) Record(ctx context.Context, vantage string, rs []ProbeResult) (int, error) {
	if len(rs) > MaxReport {
		return 0, problem.Invalidf("results", "at most %d results per report", MaxReport)
	}
	for i := range rs {
		if err := checkResult(i, &rs[i]); err != nil {
			return 0, err
		}
	}
	now := s.clock.Now()
	stored := 0
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		stored = 0
		touched := map[int64]Probe{}
		byName := map[string]*Probe{}
		for _, r := range rs {
			p, ok := byName[r.Probe]
			if !ok {
				p = lookupFor(ctx, tx, r.Probe, vantage)
				byName[r.Probe] = p
			}
			if p == nil {
				continue
			}
			if r.At.After(now) {
				r.At = now // a vantage point's clock ahead of ours
			}
			if err := storeResult(ctx, tx, *p, vantage, r); err != nil {
				return err
			}
			touched[p.id] = *p
			stored++
		}
		ids := make([]int64, 0, len(touched))
		for id := range touched {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if err := judge(ctx, tx, touched[id], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("record results from %s: %w", vantage, err)
	}
	return stored, nil
}

func checkResult(i int, r *ProbeResult) error {
	if r.Probe == "" {
		return problem.Invalidf(fmt.Sprintf("results[%d].probe", i), "name the probe")
	}
	if r.At.IsZero() {
		return problem.Invalidf(fmt.Sprintf("results[%d].at", i), "give the time the check started")
	}
	if r.LatencyMs < 0 || r.LatencyMs > 3_600_000 {
		return problem.Invalidf(fmt.Sprintf("results[%d].latency_ms", i), "must be from 0 to 3600000")
	}
	r.Error = clip(r.Error)
	if !r.OK && r.Error == "" {
		r.Error = "failed"
	}
	r.At = r.At.UTC().Truncate(time.Microsecond)
	return nil
}

// lookupFor returns the enabled probe called name if vantage runs it.
func lookupFor(ctx context.Context, tx *store.Tx, name, vantage string) *Probe {
	p, err := scanProbe(tx.QueryRow(ctx, `SELECT `+probeColumns+` FROM probes WHERE name = ? AND enabled = 1 AND id IN
		(SELECT probe_id FROM probe_vantages WHERE vantage = ?)`, name, vantage))
	if err != nil {
		return nil
	}
	return &p
}

// storeResult keeps r and moves its vantage point's run of equal results:
// FailuresBeforeAlert failures in a row make it down, SuccessesBeforeRecovery
// successes make it up; its first success makes it up at once.
func storeResult(ctx context.Context, tx *store.Tx, p Probe, vantage string, r ProbeResult) error {
	if _, err := tx.Exec(ctx, `INSERT INTO probe_results (probe_id, vantage, at, ok, latency_us, error) VALUES (?, ?, ?, ?, ?, ?)`,
		p.id, vantage, store.Micros(r.At), flag(r.OK), int64(r.LatencyMs*1000), r.Error); err != nil {
		return err
	}
	var v vantageRow
	if err := tx.QueryRow(ctx, `SELECT status, fails, oks FROM probe_vantages WHERE probe_id = ? AND vantage = ?`+tx.ForUpdate(),
		p.id, vantage).Scan(&v.status, &v.fails, &v.oks); err != nil {
		return err
	}
	if r.OK {
		v.oks, v.fails = v.oks+1, 0
		if v.oks >= p.SuccessesBeforeRecovery || v.status == "unknown" {
			v.status = "up"
		}
	} else {
		v.fails, v.oks = v.fails+1, 0
		if v.fails >= p.FailuresBeforeAlert {
			v.status = "down"
		}
	}
	_, err := tx.Exec(ctx, `UPDATE probe_vantages SET status = ?, fails = ?, oks = ?, last_at = ?, last_error = ? WHERE probe_id = ? AND vantage = ?`,
		v.status, v.fails, v.oks, store.Micros(r.At), r.Error, p.id, vantage)
	return err
}

// judge sets the probe's verdict from its vantage points' verdicts: down
// when at least MinFailing of those heard from within two intervals are
// down, up when fewer are and at least one of them is up, and unchanged
// otherwise.
func judge(ctx context.Context, tx *store.Tx, p Probe, now time.Time) error {
	vs, err := vantageRows(ctx, tx, p.id)
	if err != nil {
		return err
	}
	fresh := store.Micros(now.Add(-2 * p.Interval()))
	var down []vantageRow
	up := 0
	for _, v := range vs {
		switch {
		case v.lastAt < fresh:
		case v.status == "down":
			down = append(down, v)
		case v.status == "up":
			up++
		}
	}
	state := p.State
	switch {
	case len(down) >= p.MinFailing:
		state = "down"
	case up > 0:
		state = "up"
	}
	if state == p.State {
		return nil
	}
	summary := ""
	if state == "down" {
		names := make([]string, len(down))
		for i, v := range down {
			names[i] = v.name
		}
		summary = fmt.Sprintf("%s failed from %s: %s", p.Name, strings.Join(names, ", "), down[0].err)
	}
	_, err = tx.Exec(ctx, `UPDATE probes SET state = ?, alert_summary = CASE WHEN ? = '' THEN alert_summary ELSE ? END WHERE id = ?`,
		state, summary, summary, p.id)
	return err
}

func vantageRows(ctx context.Context, tx *store.Tx, id int64) ([]vantageRow, error) {
	rows, err := tx.Query(ctx, `SELECT vantage, status, fails, oks, COALESCE(last_at, 0), last_error FROM probe_vantages WHERE probe_id = ? ORDER BY vantage`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []vantageRow
	for rows.Next() {
		var v vantageRow
		if err := rows.Scan(&v.name, &v.status, &v.fails, &v.oks, &v.lastAt, &v.err); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Report stores the results a remote vantage point sends and raises the
// alerts the new verdicts call for.
func (s *Service) Report(ctx context.Context, vantage string, rs []ProbeResult) (int, error) {
	if !vantageRE.MatchString(vantage) {
		return 0, problem.Invalidf("name", "a vantage point's name has 1 to 63 lowercase letters, digits or '-'")
	}
	if vantage == Local {
		return 0, problem.Invalidf("name", "%q is the server itself; give the agent another name", Local)
	}
	n, err := s.Record(ctx, vantage, rs)
	if err != nil {
		return 0, err
	}
	if err := s.Sync(ctx); err != nil && s.log != nil {
		// The results are stored; the next sync raises the alert.
		s.log.Warn("watch: raise probe alerts", "err", err)
	}
	return n, nil
}
