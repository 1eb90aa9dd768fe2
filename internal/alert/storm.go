package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"sitrep/internal/store"
)

// stormSample bounds how many alerts a storm page's summary reads: enough to
// name the top labels, and a fixed cost however large the storm.
const stormSample = 5000

type stormStats struct {
	alerts  int
	regions map[string]bool
	pairs   map[string]int
}

// stormStats describes the alerts first seen within the window, this batch's
// included.
func (s *Service) stormStats(ctx context.Context, tx *store.Tx, now time.Time) (stormStats, error) {
	st := stormStats{regions: map[string]bool{}, pairs: map[string]int{}}
	since := store.Micros(now.Add(-s.StormWindow))
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM alerts WHERE created_at >= ?`, since).Scan(&st.alerts); err != nil {
		return st, err
	}
	rows, err := tx.Query(ctx, `SELECT labels FROM alerts WHERE created_at >= ? ORDER BY id DESC LIMIT ?`, since, stormSample)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return st, err
		}
		var labels map[string]string
		_ = json.Unmarshal([]byte(raw), &labels)
		if r := labels["region"]; r != "" {
			st.regions[r] = true
		}
		for n, v := range labels {
			st.pairs[n+"="+v]++
		}
	}
	return st, rows.Err()
}

// summary reads like "412 alerts across 3 regions in 60 s; top labels
// alertname=NodeNotReady (412), cluster=c1 (30)". Labels that every alert
// has differently (a node name) say nothing and are left out.
func (st stormStats) summary(window time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "alert storm: %d alerts", st.alerts)
	if len(st.regions) > 0 {
		fmt.Fprintf(&b, " across %d regions", len(st.regions))
	}
	fmt.Fprintf(&b, " in %d s", int(window.Seconds()))
	type pair struct {
		label string
		n     int
	}
	var top []pair
	for l, n := range st.pairs {
		if n > 1 {
			top = append(top, pair{l, n})
		}
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].n != top[j].n {
			return top[i].n > top[j].n
		}
		return top[i].label < top[j].label
	})
	for i, p := range top[:min(3, len(top))] {
		sep := ", "
		if i == 0 {
			sep = "; top labels "
		}
		fmt.Fprintf(&b, "%s%s (%d)", sep, p.label, p.n)
	}
	return b.String()
}
