package statuspage

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// CreateMaintenance schedules a window and tells subscribers, in one
// transaction.
func (s *Service) CreateMaintenance(ctx context.Context, actor auth.Principal, c MaintenanceChange) (Maintenance, error) {
	if c.Title == nil {
		return Maintenance{}, problem.Invalidf("title", "a maintenance window needs a title")
	}
	if c.StartsAt == nil || c.EndsAt == nil {
		return Maintenance{}, problem.Invalidf("starts_at", "give starts_at and ends_at")
	}
	if err := c.validate(); err != nil {
		return Maintenance{}, err
	}
	now := s.clock.Now()
	m := Maintenance{Title: *c.Title, StartsAt: c.StartsAt.UTC(), EndsAt: c.EndsAt.UTC(), Components: []int64{}}
	if c.Body != nil {
		m.Body = *c.Body
	}
	if c.Components != nil {
		m.Components = *c.Components
	}
	if err := checkWindow(m, now); err != nil {
		return Maintenance{}, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO status_maintenance (title, body, starts_at, ends_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			m.Title, m.Body, store.Micros(m.StartsAt), store.Micros(m.EndsAt), store.Micros(now), store.Micros(now)).Scan(&m.ID)
		if err != nil {
			return err
		}
		if err := setMaintenanceComponents(ctx, tx, m.ID, m.Components); err != nil {
			return err
		}
		m.setState(false, now)
		if _, err := s.log.Append(ctx, tx, 0, actor.UserID, now, "status.maintenance_scheduled", m); err != nil {
			return err
		}
		return s.notice(ctx, tx, nil, "maintenance.scheduled", 0, "Scheduled maintenance: "+m.Title, maintenanceText(m), now)
	})
	if err != nil {
		return Maintenance{}, fmt.Errorf("schedule maintenance: %w", err)
	}
	s.nudge()
	return m, nil
}

func maintenanceText(m Maintenance) string {
	when := fmt.Sprintf("From %s to %s.", m.StartsAt.Format("Jan 2, 2006 15:04 UTC"), m.EndsAt.Format("Jan 2, 2006 15:04 UTC"))
	if m.Body == "" {
		return when
	}
	return m.Body + "\n\n" + when
}

func setMaintenanceComponents(ctx context.Context, tx *store.Tx, id int64, ids []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM status_maintenance_components WHERE maintenance = ?`, id); err != nil {
		return err
	}
	for _, c := range ids {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM status_components WHERE id = ?`, c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return problem.Invalidf("components", "no component %d; list them with GET /api/v1/status/components", c)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO status_maintenance_components (maintenance, component) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, c); err != nil {
			return err
		}
	}
	return nil
}

// UpdateMaintenance changes a window that has not ended.
func (s *Service) UpdateMaintenance(ctx context.Context, actor auth.Principal, id int64, c MaintenanceChange) (Maintenance, error) {
	if err := c.validate(); err != nil {
		return Maintenance{}, err
	}
	var m Maintenance
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock.Now()
		cur, err := s.maintenanceIn(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if cur.State == MaintCancelled || cur.State == MaintCompleted {
			return problem.Conflictf("id", "maintenance %d is %s and can no longer change", id, cur.State)
		}
		m = cur
		if c.Title != nil {
			m.Title = *c.Title
		}
		if c.Body != nil {
			m.Body = *c.Body
		}
		if c.StartsAt != nil {
			m.StartsAt = c.StartsAt.UTC()
		}
		if c.EndsAt != nil {
			m.EndsAt = c.EndsAt.UTC()
		}
		if err := checkWindow(m, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE status_maintenance SET title = ?, body = ?, starts_at = ?, ends_at = ?, updated_at = ? WHERE id = ?`,
			m.Title, m.Body, store.Micros(m.StartsAt), store.Micros(m.EndsAt), store.Micros(now), id); err != nil {
			return err
		}
		if c.Components != nil {
			m.Components = *c.Components
			if err := setMaintenanceComponents(ctx, tx, id, m.Components); err != nil {
				return err
			}
		}
		m.setState(false, now)
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "status.maintenance_changed", m)
		return err
	})
	if err != nil {
		return Maintenance{}, fmt.Errorf("change maintenance %d: %w", id, err)
	}
	return m, nil
}

// CancelMaintenance cancels a window; a window in progress ends now.
func (s *Service) CancelMaintenance(ctx context.Context, actor auth.Principal, id int64) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock.Now()
		m, err := s.maintenanceIn(ctx, tx, id, now)
		if err != nil {
			return err
		}
		switch m.State {
		case MaintCancelled, MaintCompleted:
			return problem.Conflictf("id", "maintenance %d is already %s", id, m.State)
		case MaintInProgress:
			// It ran: keep it, ending now, so the notifier says it ended.
			_, err = tx.Exec(ctx, `UPDATE status_maintenance SET ends_at = ?, updated_at = ? WHERE id = ?`, store.Micros(now), store.Micros(now), id)
		default:
			_, err = tx.Exec(ctx, `UPDATE status_maintenance SET cancelled = 1, started_noticed = 1, ended_noticed = 1, updated_at = ? WHERE id = ?`, store.Micros(now), id)
			if err == nil {
				// Subscribers heard it was scheduled; they hear it is off.
				err = s.notice(ctx, tx, nil, "maintenance.cancelled", 0, "Cancelled: "+m.Title, "This maintenance will not take place.", now)
			}
		}
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "status.maintenance_cancelled", map[string]any{"id": id, "title": m.Title})
		return err
	})
	if err != nil {
		return fmt.Errorf("cancel maintenance %d: %w", id, err)
	}
	s.nudge()
	return nil
}

func (s *Service) maintenanceIn(ctx context.Context, tx *store.Tx, id int64, now time.Time) (Maintenance, error) {
	ms, err := s.scanMaintenance(ctx, tx.Query, `WHERE m.id = ?`+tx.ForUpdate(), now, id)
	if err != nil {
		return Maintenance{}, err
	}
	if len(ms) == 0 {
		return Maintenance{}, problem.NotFoundf("id", "no maintenance window %d; list them with GET /api/v1/status/maintenance", id)
	}
	return ms[0], nil
}
