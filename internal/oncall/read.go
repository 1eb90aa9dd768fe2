package oncall

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// MaxList is the most schedules one list returns.
const MaxList = 200

// GetSchedule returns schedule name with its current and upcoming overrides.
func (s *Service) GetSchedule(ctx context.Context, name string) (Definition, error) {
	d, err := scheduleFor(ctx, s.db, name, s.clock.Now(), maxTime)
	if err != nil {
		return Definition{}, err
	}
	if d.Overrides == nil {
		d.Overrides = []StoredOverride{}
	}
	return d, nil
}

// ListSchedules returns up to limit schedules named after `after`, by name,
// without their overrides, and the cursor of the next page ("" at the end).
func (s *Service) ListSchedules(ctx context.Context, after string, limit int) ([]Definition, string, error) {
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	rows, err := s.db.Query(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE name > ? ORDER BY name LIMIT ?`, after, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list schedules: %w", err)
	}
	defer rows.Close()
	out := []Definition{}
	for rows.Next() {
		d, err := scanDefinition(rows)
		if err != nil {
			return nil, "", fmt.Errorf("list schedules: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list schedules: %w", err)
	}
	next := ""
	if len(out) == limit {
		next = out[len(out)-1].Name
	}
	return out, next, nil
}

// OnCall returns the handles of the people on call for schedule name at at:
// the layers' answer first, then people added by overrides. Nobody on call is
// an empty list, not an error; the caller decides what a gap means.
func (s *Service) OnCall(ctx context.Context, name string, at time.Time) ([]string, error) {
	at = storedInstant(at)
	d, err := scheduleFor(ctx, s.db, name, at, at.Add(time.Microsecond))
	if err != nil {
		return nil, err
	}
	return d.Schedule().OnCallAt(at), nil
}

// Shifts lists who is on call for schedule name from `from` to `to`, as the
// calculator's Schedule.Shifts does; the range is cut to MaxSpan.
func (s *Service) Shifts(ctx context.Context, name string, from, to time.Time) ([]Shift, error) {
	from, to = storedInstant(from), storedInstant(to)
	if !to.After(from) {
		return nil, problem.Invalidf("to", "must be after from (%s)", from.Format(time.RFC3339))
	}
	to = earlier(to, from.Add(MaxSpan))
	d, err := scheduleFor(ctx, s.db, name, from, to)
	if err != nil {
		return nil, err
	}
	shifts := d.Schedule().Shifts(from, to)
	if shifts == nil {
		shifts = []Shift{}
	}
	return shifts, nil
}

// Rota says who is on call for one schedule at one instant.
type Rota struct {
	Schedule string   `json:"schedule"`
	Users    []string `json:"users"`
}

// OnCallAll answers OnCall for up to limit schedules named after `after`, by
// name, with the cursor of the next page. It reads the overrides of the whole
// page in one query, so that "who is on call everywhere" stays cheap.
func (s *Service) OnCallAll(ctx context.Context, at time.Time, after string, limit int) ([]Rota, string, error) {
	at = storedInstant(at)
	defs, next, err := s.ListSchedules(ctx, after, limit)
	if err != nil || len(defs) == 0 {
		return []Rota{}, next, err
	}
	ids := make([]any, len(defs))
	byID := make(map[int64]*Definition, len(defs))
	for i := range defs {
		ids[i] = defs[i].ID
		byID[defs[i].ID] = &defs[i]
	}
	rows, err := s.db.Query(ctx, `SELECT schedule_id, user_handle, replaces_handle, start_at, end_at FROM schedule_overrides
		WHERE start_at <= ? AND end_at > ? AND schedule_id IN (`+store.Placeholders(len(ids))+`)`,
		append([]any{store.Micros(at), store.Micros(at)}, ids...)...)
	if err != nil {
		return nil, "", fmt.Errorf("read overrides: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, start, end int64
		var o StoredOverride
		if err := rows.Scan(&id, &o.User, &o.Replaces, &start, &end); err != nil {
			return nil, "", fmt.Errorf("read overrides: %w", err)
		}
		o.Start, o.End = store.FromMicros(start), store.FromMicros(end)
		byID[id].Overrides = append(byID[id].Overrides, o)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("read overrides: %w", err)
	}
	out := make([]Rota, len(defs))
	for i, d := range defs {
		out[i] = Rota{Schedule: d.Name, Users: d.Schedule().OnCallAt(at)}
	}
	return out, next, nil
}

// storedInstant drops what the database cannot keep below a microsecond, so
// that an answer computed now agrees with one computed from stored rows.
func storedInstant(t time.Time) time.Time { return store.FromMicros(store.Micros(t)) }
