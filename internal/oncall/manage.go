package oncall

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// CreateSchedule stores a new schedule. Every layer member must be an active
// user, so that a page never goes to a handle nobody holds.
func (s *Service) CreateSchedule(ctx context.Context, actor auth.Principal, sp Spec) (Definition, error) {
	if err := requireAdmin(actor, "create schedules"); err != nil {
		return Definition{}, err
	}
	if err := sp.validate(); err != nil {
		return Definition{}, err
	}
	err := s.mutate(ctx, "create schedule "+sp.Name, actor, func(o *op) error {
		if err := o.checkMembers(sp); err != nil {
			return err
		}
		layers, err := encodeLayers(sp.Layers)
		if err != nil {
			return err
		}
		_, err = o.tx.Exec(o.ctx, `INSERT INTO schedules (name, description, time_zone, layers, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, sp.Name, sp.Description, sp.TimeZone, layers, store.Micros(o.now), store.Micros(o.now))
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "a schedule named %q exists; change it with PUT /api/v1/schedules/%s or pick another name", sp.Name, sp.Name)
		}
		if err != nil {
			return err
		}
		return o.emit("schedule.created", specData(sp))
	})
	if err != nil {
		return Definition{}, err
	}
	return s.GetSchedule(ctx, sp.Name)
}

// UpdateSchedule replaces the description, time zone and layers of schedule
// name. Its overrides stay: they are instants, which a new zone does not move.
func (s *Service) UpdateSchedule(ctx context.Context, actor auth.Principal, name string, sp Spec) (Definition, error) {
	if err := requireAdmin(actor, "change schedules"); err != nil {
		return Definition{}, err
	}
	sp.Name = name
	if err := sp.validate(); err != nil {
		return Definition{}, err
	}
	err := s.mutate(ctx, "update schedule "+name, actor, func(o *op) error {
		d, err := loadSchedule(o.ctx, o.tx, name)
		if err != nil {
			return err
		}
		if err := o.checkMembers(sp); err != nil {
			return err
		}
		layers, err := encodeLayers(sp.Layers)
		if err != nil {
			return err
		}
		_, err = o.tx.Exec(o.ctx, `UPDATE schedules SET description = ?, time_zone = ?, layers = ?, updated_at = ? WHERE id = ?`,
			sp.Description, sp.TimeZone, layers, store.Micros(o.now), d.ID)
		if err != nil {
			return err
		}
		return o.emit("schedule.updated", specData(sp))
	})
	if err != nil {
		return Definition{}, err
	}
	return s.GetSchedule(ctx, name)
}

// DeleteSchedule removes schedule name and its overrides. It refuses while an
// escalation policy pages the schedule: the policy would page nobody, and
// nobody would find out until the night it mattered.
func (s *Service) DeleteSchedule(ctx context.Context, actor auth.Principal, name string) error {
	if err := requireAdmin(actor, "delete schedules"); err != nil {
		return err
	}
	return s.mutate(ctx, "delete schedule "+name, actor, func(o *op) error {
		d, err := loadSchedule(o.ctx, o.tx, name)
		if err != nil {
			return err
		}
		if err := o.refuseIfPaged(name); err != nil {
			return err
		}
		if _, err := o.tx.Exec(o.ctx, `DELETE FROM schedule_overrides WHERE schedule_id = ?`, d.ID); err != nil {
			return err
		}
		if _, err := o.tx.Exec(o.ctx, `DELETE FROM schedules WHERE id = ?`, d.ID); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return problem.Conflictf("name", "schedule %s is still referenced; remove it from escalation policies first", name)
			}
			return err
		}
		return o.emit("schedule.deleted", map[string]any{"name": name})
	})
}

// refuseIfPaged refuses while an escalation policy targets schedule name.
// The caller has locked the schedule row first: a policy being saved
// share-locks the schedules it pages, so the lock waits for it and the
// lookup below then sees it.
func (o *op) refuseIfPaged(name string) error {
	policies, err := escalation.Referencing(o.ctx, o.tx, escalation.KindSchedule, name)
	if err != nil {
		return err
	}
	if len(policies) > 0 {
		return problem.Conflictf("name", "escalation policies page schedule %s (%s); change them first", name, strings.Join(policies, ", "))
	}
	return nil
}

// checkMembers refuses a layer member who is not an active user, naming where
// they first appear. One query covers every member, since a large rotation
// names hundreds.
func (o *op) checkMembers(sp Spec) error {
	handles, fields := sp.members()
	if len(handles) == 0 {
		return nil
	}
	args := make([]any, len(handles))
	for i, h := range handles {
		args[i] = h
	}
	rows, err := o.tx.Query(o.ctx, `SELECT handle FROM users WHERE disabled_at IS NULL AND handle IN (`+store.Placeholders(len(handles))+`)`, args...)
	if err != nil {
		return fmt.Errorf("check layer members: %w", err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return err
		}
		known[h] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, h := range handles {
		if !known[h] {
			return problem.Invalidf(fields[i], "no user %q; add them with `sitrep user add %s` or POST /api/v1/users", h, h)
		}
	}
	return nil
}

// specData is the event payload of a created or changed schedule: all of it,
// so that the log alone says who was on the rotation when.
func specData(sp Spec) map[string]any {
	return map[string]any{"name": sp.Name, "description": sp.Description, "time_zone": sp.TimeZone, "layers": sp.Layers}
}
