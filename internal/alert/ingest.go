package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// existing is the stored state of an alert the batch names again.
type existing struct {
	id      int64
	status  Status
	groupID *int64
}

// batch is the state of one Ingest call inside its transaction.
type batch struct {
	now    time.Time
	storm  bool
	byKey  map[string]*group
	byID   map[int64]*group
	result Result
	// staged are the batch's new alerts, stored together (commit_insert.go).
	staged []staged
	// routing is what the batch read of routes and services (route_cache.go).
	routing batchRoutes
}

// Ingest stores a batch of alerts all or nothing, in one transaction that it
// may share with concurrent batches: SQLite has one writer, so a transaction
// per alert, or per batch, would make a storm queue behind its own fsyncs.
// A repeat of a firing alert only updates it; the first firing alert of a
// group opens it and pages; the last one to resolve resolves the group and
// its page.
func (s *Service) Ingest(ctx context.Context, actor auth.Principal, alerts []Alert) (Result, error) {
	alerts, err := s.prepare(alerts)
	if err != nil {
		return Result{}, err
	}
	// Concurrent calls share one transaction and one commit (commit.go).
	return s.commit(ctx, actor, alerts)
}

// ingestTx is one batch's work inside a write transaction, which may hold
// other callers' batches before and after it.
func (s *Service) ingestTx(ctx context.Context, tx *store.Tx, actor auth.Principal, alerts []Alert, b *batch) error {
	// A batch tried again after its shared transaction failed starts over.
	*b = batch{now: b.now, byKey: map[string]*group{}, byID: map[int64]*group{}, staged: b.staged[:0]}
	old, err := lookup(ctx, tx, alerts)
	if err != nil {
		return err
	}
	if b.storm, err = s.inStorm(ctx, tx, alerts, old, b.now); err != nil {
		return err
	}
	for _, a := range alerts {
		if err := s.apply(ctx, tx, b, a, old[a.Fingerprint]); err != nil {
			return err
		}
	}
	if err := s.insertStaged(ctx, tx, b); err != nil {
		return err
	}
	return s.finish(ctx, tx, actor, b)
}

// prepare validates every alert before anything is written, fingerprints
// them, and keeps the last of several with one fingerprint in the batch.
func (s *Service) prepare(alerts []Alert) ([]Alert, error) {
	if len(alerts) > MaxBatch {
		return nil, problem.Invalidf("alerts", "at most %d alerts per request; split the batch", MaxBatch)
	}
	at := map[string]int{}
	out := make([]Alert, 0, len(alerts))
	for i, a := range alerts {
		if err := a.Validate(fmt.Sprintf("alerts[%d]", i)); err != nil {
			return nil, err
		}
		a.Fingerprint = a.fingerprint()
		if j, ok := at[a.Fingerprint]; ok {
			out[j] = a
			continue
		}
		at[a.Fingerprint] = len(out)
		out = append(out, a)
	}
	return out, nil
}

// lookup reads the stored state of the batch's alerts, in chunks that stay
// below both databases' limits on parameters.
func lookup(ctx context.Context, tx *store.Tx, alerts []Alert) (map[string]existing, error) {
	out := make(map[string]existing, len(alerts))
	for lo := 0; lo < len(alerts); lo += 500 {
		chunk := alerts[lo:min(lo+500, len(alerts))]
		args := make([]any, len(chunk))
		for i, a := range chunk {
			args[i] = a.Fingerprint
		}
		q := `SELECT fingerprint, id, status, group_id FROM alerts WHERE fingerprint IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)` + tx.ForUpdate()
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var fp string
			var e existing
			if err := rows.Scan(&fp, &e.id, &e.status, &e.groupID); err != nil {
				rows.Close()
				return nil, err
			}
			out[fp] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// inStorm reports whether the new firing alerts of this batch, with those
// first seen within the window, are more than the threshold.
func (s *Service) inStorm(ctx context.Context, tx *store.Tx, alerts []Alert, old map[string]existing, now time.Time) (bool, error) {
	fresh := 0
	for _, a := range alerts {
		if _, ok := old[a.Fingerprint]; !ok && a.Status == Firing {
			fresh++
		}
	}
	if fresh == 0 {
		return false, nil
	}
	// Counting past the threshold tells nothing more: the count stops
	// there, so that it costs the same in the storm's first minute as in
	// its tenth.
	var recent int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM alerts WHERE created_at >= ? LIMIT ?) AS recent`,
		store.Micros(now.Add(-s.StormWindow)), max(s.StormThreshold, 0)+1).Scan(&recent)
	return recent+fresh > s.StormThreshold, err
}

// apply writes one alert and counts what it changes in its group.
func (s *Service) apply(ctx context.Context, tx *store.Tx, b *batch, a Alert, e existing) error {
	if e.id == 0 {
		return s.stage(ctx, tx, b, a)
	}
	ann, _ := json.Marshal(nonNil(a.Annotations))
	switch {
	case a.Status == e.status:
		// A repeat: Alertmanager resends every alert each evaluation.
		_, err := tx.Exec(ctx, `UPDATE alerts SET last_seen_at = ?, annotations = ? WHERE id = ?`, store.Micros(b.now), string(ann), e.id)
		return err
	case a.Status == Resolved:
		b.result.Resolved++
		if _, err := tx.Exec(ctx, `UPDATE alerts SET status = 'resolved', ends_at = ?, last_seen_at = ?, annotations = ? WHERE id = ?`,
			store.Micros(endOf(a, b.now)), store.Micros(b.now), string(ann), e.id); err != nil {
			return err
		}
	default:
		if _, err := tx.Exec(ctx, `UPDATE alerts SET status = 'firing', ends_at = NULL, starts_at = ?, last_seen_at = ?, annotations = ? WHERE id = ?`,
			store.Micros(startOf(a, b.now)), store.Micros(b.now), string(ann), e.id); err != nil {
			return err
		}
	}
	g, err := s.groupOf(ctx, tx, b, a, e)
	if g == nil || err != nil {
		return err
	}
	g.delta += map[Status]int{Firing: 1, Resolved: -1}[a.Status]
	g.note(a)
	return nil
}

// groupOf is the group of a stored alert. One first stored resolved has
// none and joins one when it fires.
func (s *Service) groupOf(ctx context.Context, tx *store.Tx, b *batch, a Alert, e existing) (*group, error) {
	if e.groupID != nil {
		return b.groupByID(ctx, tx, *e.groupID)
	}
	if a.Status != Firing {
		return nil, nil
	}
	g, err := s.groupFor(ctx, tx, b, a)
	if err != nil {
		return nil, err
	}
	_, err = tx.Exec(ctx, `UPDATE alerts SET group_id = ? WHERE id = ?`, g.id, e.id)
	return g, err
}

func startOf(a Alert, now time.Time) time.Time {
	if a.StartsAt.IsZero() || a.StartsAt.After(now) {
		return now
	}
	return a.StartsAt
}

func endOf(a Alert, now time.Time) time.Time {
	if a.EndsAt.IsZero() || a.EndsAt.After(now) {
		return now
	}
	return a.EndsAt
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
