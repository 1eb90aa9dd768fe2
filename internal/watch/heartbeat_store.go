package watch

import (
	"context"
	"errors"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const hbColumns = `SELECT id, name, kind, interval_us, grace_us, service, severity, description, token_prefix,
	status, failed, last_ping_at, next_due_at, down_since, pings, created_at FROM heartbeats `

// hbQuerier is a transaction or the database: reads run on either.
type hbQuerier interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

func scanHeartbeat(row interface{ Scan(...any) error }) (Heartbeat, error) {
	var h Heartbeat
	var interval, grace, failed, created int64
	var last, due, down *int64
	err := row.Scan(&h.ID, &h.Name, &h.Kind, &interval, &grace, &h.Service, &h.Severity, &h.Description, &h.TokenPrefix,
		&h.Status, &failed, &last, &due, &down, &h.Pings, &created)
	if err != nil {
		return Heartbeat{}, err
	}
	h.Interval, h.Grace = time.Duration(interval)*time.Microsecond, time.Duration(grace)*time.Microsecond
	h.Failed = failed != 0
	h.LastPingAt, h.NextDueAt, h.DownSince = store.FromNullMicros(last), store.FromNullMicros(due), store.FromNullMicros(down)
	h.CreatedAt = store.FromMicros(created)
	return h, nil
}

// heartbeatNamed reads one heartbeat by name, locked for update inside a
// transaction on PostgreSQL.
func heartbeatNamed(ctx context.Context, q hbQuerier, name, suffix string) (Heartbeat, error) {
	h, err := scanHeartbeat(q.QueryRow(ctx, hbColumns+`WHERE name = ?`+suffix, name))
	if errors.Is(err, store.ErrNotFound) {
		return Heartbeat{}, problem.NotFoundf("name", "no heartbeat %q; list them with GET /api/v1/heartbeats", name)
	}
	return h, err
}

func insertHeartbeat(ctx context.Context, tx *store.Tx, n NewHeartbeat, hash, prefix string, now time.Time) (Heartbeat, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO heartbeats (name, kind, interval_us, grace_us, service, severity, description, token_hash, token_prefix,
		status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?) RETURNING id`,
		n.Name, string(n.Kind), n.Interval.Microseconds(), n.Grace.Microseconds(), n.Service, n.Severity, n.Description,
		hash, prefix, store.Micros(now), store.Micros(now)).Scan(&id)
	if errors.Is(err, store.ErrConflict) {
		return Heartbeat{}, problem.Conflictf("name", "a heartbeat named %q exists; pick another name or change that one", n.Name)
	}
	if err != nil {
		return Heartbeat{}, err
	}
	return scanHeartbeat(tx.QueryRow(ctx, hbColumns+`WHERE id = ?`, id))
}

// updateHeartbeat writes the settings of h. A heartbeat that is up gets the
// deadline its new interval and grace give from its last ping.
func updateHeartbeat(ctx context.Context, tx *store.Tx, h Heartbeat, now time.Time) error {
	var due any
	if h.Status == HeartbeatUp {
		due = store.Micros(h.LastPingAt.Add(h.Interval + h.Grace))
	} else {
		due = store.NullMicros(h.NextDueAt)
	}
	_, err := tx.Exec(ctx, `UPDATE heartbeats SET kind = ?, interval_us = ?, grace_us = ?, service = ?, severity = ?, description = ?,
		next_due_at = ?, updated_at = ? WHERE id = ?`,
		string(h.Kind), h.Interval.Microseconds(), h.Grace.Microseconds(), h.Service, h.Severity, h.Description, due, store.Micros(now), h.ID)
	return err
}

// listHeartbeats reads up to limit heartbeats after id, in creation order.
func listHeartbeats(ctx context.Context, db *store.DB, after int64, limit int) ([]Heartbeat, error) {
	rows, err := db.Query(ctx, hbColumns+`WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Heartbeat{}
	for rows.Next() {
		h, err := scanHeartbeat(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// heartbeatIDs reads up to limit ids that query selects.
func heartbeatIDs(ctx context.Context, db *store.DB, query string, args ...any) ([]int64, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
