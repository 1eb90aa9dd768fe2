package statuspage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sitrep/internal/store"
)

type queryFunc func(ctx context.Context, q string, args ...any) (*sql.Rows, error)

const maintenanceColumns = `SELECT m.id, m.title, m.body, m.starts_at, m.ends_at, m.cancelled FROM status_maintenance m `

// Maintenance lists windows that have not ended or ended within the last
// week, soonest first; with all, cancelled ones too.
func (s *Service) Maintenance(ctx context.Context, all bool) ([]Maintenance, error) {
	now := s.clock.Now()
	where := `WHERE m.ends_at >= ?`
	if !all {
		where += ` AND m.cancelled = 0`
	}
	ms, err := s.scanMaintenance(ctx, s.db.Query, where+` ORDER BY m.starts_at, m.id LIMIT ?`, now, store.Micros(now.Add(-7*24*time.Hour)), MaxMaintenanceList)
	if err != nil {
		return nil, fmt.Errorf("list maintenance: %w", err)
	}
	return ms, nil
}

// scanMaintenance reads windows matching where, then their components.
func (s *Service) scanMaintenance(ctx context.Context, query queryFunc, where string, now time.Time, args ...any) ([]Maintenance, error) {
	rows, err := query(ctx, maintenanceColumns+where, args...)
	if err != nil {
		return nil, err
	}
	out := []Maintenance{}
	for rows.Next() {
		var m Maintenance
		var starts, ends, cancelled int64
		if err := rows.Scan(&m.ID, &m.Title, &m.Body, &starts, &ends, &cancelled); err != nil {
			rows.Close()
			return nil, err
		}
		m.StartsAt, m.EndsAt = store.FromMicros(starts), store.FromMicros(ends)
		m.setState(cancelled != 0, now)
		m.Components, m.Names = []int64{}, []string{}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		rows, err := query(ctx, `SELECT c.id, c.name FROM status_maintenance_components mc JOIN status_components c ON c.id = mc.component
			WHERE mc.maintenance = ? ORDER BY c.grp, c.position, c.name`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[i].Components = append(out[i].Components, id)
			out[i].Names = append(out[i].Names, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
