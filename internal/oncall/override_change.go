package oncall

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// AddOverride changes who is on call for schedule name for a while: "take my
// shift now". User defaults to the caller and Start to now; End is required,
// because an override that never ends silently replaces the rotation. Any
// responder may add one for anyone, since the person taking a shift is often
// not the one at a keyboard.
func (s *Service) AddOverride(ctx context.Context, actor auth.Principal, name string, no NewOverride) (StoredOverride, error) {
	if err := requireResponder(actor, "add overrides"); err != nil {
		return StoredOverride{}, err
	}
	var out StoredOverride
	err := s.mutate(ctx, "add override to "+name, actor, func(o *op) error {
		ov := Override{User: no.User, Replaces: no.Replaces, Start: storedInstant(no.Start), End: storedInstant(no.End)}
		if ov.User == "" {
			ov.User = o.actor.Handle
		}
		if no.Start.IsZero() {
			ov.Start = storedInstant(o.now)
		}
		d, err := o.checkOverride(name, ov)
		if err != nil {
			return err
		}
		out = StoredOverride{User: ov.User, Replaces: ov.Replaces, Start: ov.Start, End: ov.End, CreatedBy: o.actor.Handle, CreatedAt: o.now}
		var creator any
		if o.actor.UserID != 0 {
			creator = o.actor.UserID
		}
		err = o.tx.QueryRow(o.ctx, `INSERT INTO schedule_overrides (schedule_id, user_handle, replaces_handle, start_at, end_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.ID, ov.User, ov.Replaces, store.Micros(ov.Start), store.Micros(ov.End),
			creator, store.Micros(o.now)).Scan(&out.ID)
		if err != nil {
			return err
		}
		return o.emit("schedule.override_added", overrideData(name, out))
	})
	if err != nil {
		return StoredOverride{}, err
	}
	return out, nil
}

// checkOverride validates ov against schedule name and returns the schedule.
// Errors name the request's own fields (user, replaces, start, end).
func (o *op) checkOverride(name string, ov Override) (Definition, error) {
	d, err := loadSchedule(o.ctx, o.tx, name)
	if err != nil {
		return Definition{}, err
	}
	if !ov.End.IsZero() && !ov.End.After(o.now) {
		return Definition{}, problem.Invalidf("end", "%s is already past; an override must end in the future", ov.End.Format(time.RFC3339))
	}
	sched := d.Schedule()
	sched.Overrides = []Override{ov}
	if err := sched.Validate(); err != nil {
		return Definition{}, requestField(err)
	}
	if ov.Replaces != "" && !d.hasMember(ov.Replaces) {
		return Definition{}, problem.Invalidf("replaces", "%s is in no layer of %s, so there is no shift to take; leave replaces empty to add %s on call instead", ov.Replaces, name, ov.User)
	}
	if _, err := userID(o.ctx, o.tx, "user", ov.User); err != nil {
		return Definition{}, err
	}
	var upcoming int
	if err := o.tx.QueryRow(o.ctx, `SELECT COUNT(*) FROM schedule_overrides WHERE schedule_id = ? AND end_at > ?`, d.ID, store.Micros(o.now)).Scan(&upcoming); err != nil {
		return Definition{}, err
	}
	if upcoming >= MaxOverrides {
		return Definition{}, problem.Conflictf("name", "schedule %s has %d current and upcoming overrides, the most it may have; remove some first", name, upcoming)
	}
	others, err := loadOverrides(o.ctx, o.tx, d.ID, ov.Start, ov.End)
	if err != nil {
		return Definition{}, err
	}
	return d, overlapsStored(others, ov)
}

// overlapsStored refuses ov when it clashes with a stored override, for the
// same reason Validate refuses overlaps, and names the stored one by id so
// that the caller can remove it.
func overlapsStored(others []StoredOverride, ov Override) error {
	for _, other := range others {
		x := other.Override()
		if x.key() != ov.key() || !x.Start.Before(ov.End) || !ov.Start.Before(x.End) {
			continue
		}
		field := "start"
		if !x.covers(ov.Start) {
			field = "end"
		}
		return problem.Invalidf(field, "overlaps override %d, which also %s from %s to %s; remove it first (`sitrep override remove SCHEDULE %d`) or end one before the other starts",
			other.ID, x.key(), x.Start.Format(time.RFC3339), x.End.Format(time.RFC3339), other.ID)
	}
	return nil
}

// requestField renames the calculator's "overrides[0].end" to the request's
// "end", since a request adds exactly one override.
func requestField(err error) error {
	p, ok := problem.As(err)
	if !ok || !strings.HasPrefix(p.Field, "overrides[0].") {
		return err
	}
	return &problem.Error{Kind: p.Kind, Field: strings.TrimPrefix(p.Field, "overrides[0]."), Message: p.Message, Value: p.Value}
}

// hasMember reports whether any layer names handle.
func (d Definition) hasMember(handle string) bool {
	for _, l := range d.Layers {
		if slices.Contains(l.Members, handle) {
			return true
		}
	}
	return false
}

// RemoveOverride deletes override id of schedule name, ended or not.
func (s *Service) RemoveOverride(ctx context.Context, actor auth.Principal, name string, id int64) error {
	if err := requireResponder(actor, "remove overrides"); err != nil {
		return err
	}
	return s.mutate(ctx, fmt.Sprintf("remove override %d from %s", id, name), actor, func(o *op) error {
		d, err := loadSchedule(o.ctx, o.tx, name)
		if err != nil {
			return err
		}
		var gone StoredOverride
		var start, end int64
		err = o.tx.QueryRow(o.ctx, `DELETE FROM schedule_overrides WHERE id = ? AND schedule_id = ?
			RETURNING id, user_handle, replaces_handle, start_at, end_at`, id, d.ID).Scan(&gone.ID, &gone.User, &gone.Replaces, &start, &end)
		if errors.Is(err, store.ErrNotFound) {
			return problem.NotFoundf("id", "schedule %s has no override %d; `sitrep schedule show %s` lists them", name, id, name)
		}
		if err != nil {
			return err
		}
		gone.Start, gone.End = store.FromMicros(start), store.FromMicros(end)
		return o.emit("schedule.override_removed", overrideData(name, gone))
	})
}

func overrideData(schedule string, o StoredOverride) map[string]any {
	data := map[string]any{"schedule": schedule, "id": o.ID, "user": o.User, "start": o.Start, "end": o.End}
	if o.Replaces != "" {
		data["replaces"] = o.Replaces
	}
	return data
}
