package statuspage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const componentColumns = `SELECT id, name, grp, description, position, status, service, created_at, updated_at FROM status_components`

// Components lists every component by group, then position, then name.
func (s *Service) Components(ctx context.Context) ([]Component, error) {
	rows, err := s.db.Query(ctx, componentColumns+` ORDER BY grp, position, name LIMIT ?`, MaxComponents)
	if err != nil {
		return nil, fmt.Errorf("list components: %w", err)
	}
	defer rows.Close()
	out := []Component{}
	for rows.Next() {
		var c Component
		var created, updated int64
		if err := rows.Scan(&c.ID, &c.Name, &c.Group, &c.Description, &c.Position, &c.Status, &c.Service, &created, &updated); err != nil {
			return nil, fmt.Errorf("list components: %w", err)
		}
		c.CreatedAt, c.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CreateComponent adds a component; its history starts with its status.
func (s *Service) CreateComponent(ctx context.Context, actor auth.Principal, c ComponentChange) (Component, error) {
	if c.Name == nil {
		return Component{}, problem.Invalidf("name", "a component needs a name, such as \"API\"")
	}
	if c.Status == nil {
		st := CompOperational
		c.Status = &st
	}
	if c.Incident != 0 {
		return Component{}, problem.Invalidf("incident", "create the component first, then tie it to the incident")
	}
	if err := c.validate(); err != nil {
		return Component{}, err
	}
	out := Component{Name: *c.Name, Status: *c.Status}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&out.Group, c.Group}, {&out.Description, c.Description}, {&out.Service, c.Service}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if c.Position != nil {
		out.Position = *c.Position
	}
	now := s.clock.Now()
	out.CreatedAt, out.UpdatedAt = now, now
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM status_components`).Scan(&n); err != nil {
			return err
		}
		if n >= MaxComponents {
			return problem.Conflictf("name", "the status page has %d components, the most it shows; remove one first", MaxComponents)
		}
		err := tx.QueryRow(ctx, `INSERT INTO status_components (name, grp, description, position, status, service, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, out.Name, out.Group, out.Description, out.Position, out.Status, out.Service,
			store.Micros(now), store.Micros(now)).Scan(&out.ID)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "there is already a component named %q", out.Name)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO status_component_history (component, status, from_at) VALUES (?, ?, ?)`,
			out.ID, out.Status, store.Micros(now)); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "status.component_created", out)
		return err
	})
	if err != nil {
		return Component{}, fmt.Errorf("create component: %w", err)
	}
	return out, nil
}

// UpdateComponent changes component id. A new status closes the current
// history span and opens one; tied to an incident, it is also on the
// incident's timeline, in the same transaction.
func (s *Service) UpdateComponent(ctx context.Context, actor auth.Principal, id int64, c ComponentChange) (Component, error) {
	if err := c.validate(); err != nil {
		return Component{}, err
	}
	var out Component
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		cur, err := lockComponent(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		set := func(dst *string, src *string) {
			if src != nil {
				*dst = *src
			}
		}
		next := cur
		set(&next.Name, c.Name)
		set(&next.Group, c.Group)
		set(&next.Description, c.Description)
		set(&next.Service, c.Service)
		if c.Position != nil {
			next.Position = *c.Position
		}
		next.UpdatedAt = now
		_, err = tx.Exec(ctx, `UPDATE status_components SET name = ?, grp = ?, description = ?, position = ?, service = ?, updated_at = ? WHERE id = ?`,
			next.Name, next.Group, next.Description, next.Position, next.Service, store.Micros(now), id)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "there is already a component named %q", next.Name)
		}
		if err != nil {
			return err
		}
		if c.Status != nil {
			if err := s.changeStatus(ctx, tx, actor, &next, *c.Status, c.Incident, now); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	if err != nil {
		return Component{}, fmt.Errorf("update component %d: %w", id, err)
	}
	return out, nil
}

// DeleteComponent removes component id with its history.
func (s *Service) DeleteComponent(ctx context.Context, actor auth.Principal, id int64) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := lockComponent(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM status_components WHERE id = ?`, id); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, s.clock.Now(), "status.component_deleted", map[string]any{"id": id, "name": c.Name})
		return err
	})
	if err != nil {
		return fmt.Errorf("delete component %d: %w", id, err)
	}
	return nil
}

// changeStatus moves c to status at now, recording the span in the history
// and, when incident is set, the change on the incident's timeline.
func (s *Service) changeStatus(ctx context.Context, tx *store.Tx, actor auth.Principal, c *Component, status string, incident int64, now time.Time) error {
	from := c.Status
	if incident != 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO status_incident_components (incident, component) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			incident, c.ID); err != nil {
			return err
		}
	}
	if from != status {
		if _, err := tx.Exec(ctx, `UPDATE status_component_history SET to_at = ? WHERE component = ? AND to_at IS NULL`, store.Micros(now), c.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO status_component_history (component, status, from_at, incident) VALUES (?, ?, ?, ?)`,
			c.ID, status, store.Micros(now), store.NullID(incident)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE status_components SET status = ?, updated_at = ? WHERE id = ?`, status, store.Micros(now), c.ID); err != nil {
			return err
		}
		c.Status = status
	}
	_, err := s.log.Append(ctx, tx, incident, actor.UserID, now, "status.component_changed",
		map[string]any{"component": c.ID, "name": c.Name, "from": from, "to": status})
	return err
}

func lockComponent(ctx context.Context, tx *store.Tx, id int64) (Component, error) {
	var c Component
	var created, updated int64
	err := tx.QueryRow(ctx, componentColumns+` WHERE id = ?`+tx.ForUpdate(), id).
		Scan(&c.ID, &c.Name, &c.Group, &c.Description, &c.Position, &c.Status, &c.Service, &created, &updated)
	if errors.Is(err, store.ErrNotFound) {
		return Component{}, problem.NotFoundf("id", "no component %d; list them with GET /api/v1/status/components", id)
	}
	c.CreatedAt, c.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return c, err
}

// SetIncidentComponents puts components ids in status because of incident
// number: each change is in the history and on the incident's timeline, and
// the components are listed as affected, all in one transaction.
func (s *Service) SetIncidentComponents(ctx context.Context, actor auth.Principal, number int64, ids []int64, status string) ([]Component, error) {
	if len(ids) == 0 || len(ids) > MaxComponents {
		return nil, problem.Invalidf("component_ids", "name 1-%d components", MaxComponents)
	}
	if err := checkStatus("status", status); err != nil {
		return nil, err
	}
	var out []Component
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT number FROM incidents WHERE number = ?`+tx.ForUpdate(), number).Scan(&n); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return problem.NotFoundf("number", "no incident %d", number)
			}
			return err
		}
		now := s.clock.Now()
		seen := map[int64]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := lockComponent(ctx, tx, id)
			if problem.Is(err, problem.NotFound) {
				return problem.Invalidf("component_ids", "no component %d", id)
			}
			if err != nil {
				return err
			}
			if err := s.changeStatus(ctx, tx, actor, &c, status, number, now); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set components of incident %d: %w", number, err)
	}
	return out, nil
}
