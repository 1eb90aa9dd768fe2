package oncall

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// querier is what reads need, so that the same SQL serves reads on the pool
// and checks inside a write transaction.
type querier interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

var (
	_ querier = (*store.DB)(nil)
	_ querier = (*store.Tx)(nil)
)

const scheduleColumns = `id, name, description, time_zone, layers, created_at, updated_at`

// maxRangeOverrides bounds the overrides one calculation reads. AddOverride
// keeps at most MaxOverrides from being current or upcoming at once, so only
// a long range in a busy past comes near it, and that caller is told to ask
// for less rather than being answered from a partial list.
const maxRangeOverrides = 20 * MaxOverrides

func scanDefinition(sc interface{ Scan(...any) error }) (Definition, error) {
	var d Definition
	var layers string
	var created, updated int64
	if err := sc.Scan(&d.ID, &d.Name, &d.Description, &d.TimeZone, &layers, &created, &updated); err != nil {
		return Definition{}, err
	}
	if err := json.Unmarshal([]byte(layers), &d.Layers); err != nil {
		return Definition{}, fmt.Errorf("schedule %s: stored layers do not decode: %w", d.Name, err)
	}
	d.CreatedAt, d.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return d, nil
}

// loadSchedule reads schedule name without its overrides. Inside a
// transaction on PostgreSQL it locks the row, so that overlap checks on its
// overrides still hold at commit; SQLite has a single writer already.
func loadSchedule(ctx context.Context, q querier, name string) (Definition, error) {
	query := `SELECT ` + scheduleColumns + ` FROM schedules WHERE name = ?`
	if tx, ok := q.(*store.Tx); ok && tx.Dialect() == store.Postgres {
		query += ` FOR UPDATE`
	}
	d, err := scanDefinition(q.QueryRow(ctx, query, name))
	if errors.Is(err, store.ErrNotFound) {
		return Definition{}, problem.NotFoundf("name", "no schedule %q; list schedules with `sitrep schedule list` or GET /api/v1/schedules", name)
	}
	if err != nil {
		return Definition{}, fmt.Errorf("read schedule %s: %w", name, err)
	}
	return d, nil
}

// loadOverrides returns the overrides of schedule id that touch [from, to),
// in start order.
func loadOverrides(ctx context.Context, q querier, id int64, from, to time.Time) ([]StoredOverride, error) {
	rows, err := q.Query(ctx, `SELECT o.id, o.user_handle, o.replaces_handle, o.start_at, o.end_at, COALESCE(u.handle, ''), o.created_at
		FROM schedule_overrides o LEFT JOIN users u ON u.id = o.created_by
		WHERE o.schedule_id = ? AND o.end_at > ? AND o.start_at < ? ORDER BY o.start_at, o.id LIMIT ?`,
		id, store.Micros(from), store.Micros(to), maxRangeOverrides+1)
	if err != nil {
		return nil, fmt.Errorf("read overrides: %w", err)
	}
	defer rows.Close()
	var out []StoredOverride
	for rows.Next() {
		var o StoredOverride
		var start, end, created int64
		if err := rows.Scan(&o.ID, &o.User, &o.Replaces, &start, &end, &o.CreatedBy, &created); err != nil {
			return nil, fmt.Errorf("read overrides: %w", err)
		}
		o.Start, o.End, o.CreatedAt = store.FromMicros(start), store.FromMicros(end), store.FromMicros(created)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read overrides: %w", err)
	}
	if len(out) > maxRangeOverrides {
		return nil, problem.Invalidf("to", "more than %d overrides fall in this range; ask for a shorter one", maxRangeOverrides)
	}
	return out, nil
}

// scheduleFor reads schedule name with the overrides that touch [from, to):
// all the calculator needs to answer for that range.
func scheduleFor(ctx context.Context, q querier, name string, from, to time.Time) (Definition, error) {
	d, err := loadSchedule(ctx, q, name)
	if err != nil {
		return Definition{}, err
	}
	d.Overrides, err = loadOverrides(ctx, q, d.ID, from, to)
	return d, err
}

// userID returns the id of the active user handle, or a refusal naming field.
// It is Invalid rather than NotFound because the handle is input inside a
// request body, not the resource the request is about.
func userID(ctx context.Context, q querier, field, handle string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM users WHERE handle = ? AND disabled_at IS NULL`, handle).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, problem.Invalidf(field, "no user %q; add them with `sitrep user add %s` or POST /api/v1/users", handle, handle)
	}
	if err != nil {
		return 0, fmt.Errorf("look up user %s: %w", handle, err)
	}
	return id, nil
}

func encodeLayers(layers []Layer) (string, error) {
	b, err := json.Marshal(layers)
	if err != nil {
		return "", fmt.Errorf("encode layers: %w", err)
	}
	return string(b), nil
}
