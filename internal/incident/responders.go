package incident

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Responder is a stint of one person on an incident. Hours are computed from
// stints, so every join and leave is kept.
type Responder struct {
	User     string    `json:"user"`
	Name     string    `json:"name"`
	JoinedAt time.Time `json:"joined_at"`
	LeftAt   time.Time `json:"left_at,omitzero"`
}

// Join puts handle on incident number. Responders may add others (a lead
// pulling in a colleague); joining twice is harmless and writes nothing.
func (s *Service) Join(ctx context.Context, actor auth.Principal, number int64, handle string) (Responder, error) {
	if handle == "" {
		handle = actor.Handle
	}
	var r Responder
	err := s.mutate(ctx, "join", actor, number, func(o *op) error {
		if handle != actor.Handle {
			if err := o.requireResponder(); err != nil {
				return err
			}
		}
		if err := o.requireOpen("join"); err != nil {
			return err
		}
		id, err := userID(ctx, o.tx, "user", handle)
		if err != nil {
			return err
		}
		if err := o.requireCanRespond("user", id, handle); err != nil {
			return err
		}
		if err := o.join(id, handle); err != nil {
			return err
		}
		r, err = o.stint(id)
		return err
	})
	return r, err
}

// requireCanRespond refuses to put a viewer on an incident, whichever way they
// would arrive (joining, or named commander): viewers read, they do not work it.
func (o *op) requireCanRespond(field string, user int64, handle string) error {
	var role string
	if err := o.tx.QueryRow(o.ctx, `SELECT role FROM users WHERE id = ?`, user).Scan(&role); err != nil {
		return err
	}
	if !auth.Role(role).Allows(auth.Responder) {
		return problem.Conflictf(field, "%s is a viewer and cannot respond; an admin can change their role to responder", handle)
	}
	return nil
}

// join starts a stint for user unless one is open.
func (o *op) join(user int64, handle string) error {
	on, err := o.isResponder(user)
	if err != nil || on {
		return err
	}
	_, err = o.tx.Exec(o.ctx, `INSERT INTO responder_stints (incident, user_id, joined_at) VALUES (?, ?, ?)`, o.inc.Number, user, store.Micros(o.now))
	if err != nil {
		return err
	}
	return o.emit("responder.joined", map[string]any{"user": handle})
}

func (o *op) stint(user int64) (Responder, error) {
	var r Responder
	var joined int64
	err := o.tx.QueryRow(o.ctx, `SELECT u.handle, u.name, s.joined_at FROM responder_stints s JOIN users u ON u.id = s.user_id
		WHERE s.incident = ? AND s.user_id = ? AND s.left_at IS NULL`, o.inc.Number, user).Scan(&r.User, &r.Name, &joined)
	r.JoinedAt = store.FromMicros(joined)
	return r, err
}

// Leave ends handle's stint. Their roles are released and the workstreams they
// led are left without a lead, so the board shows the gap instead of a lead
// who has gone to sleep.
func (s *Service) Leave(ctx context.Context, actor auth.Principal, number int64, handle string) error {
	return s.mutate(ctx, "leave", actor, number, func(o *op) error {
		if handle != actor.Handle {
			if err := o.requireResponder(); err != nil {
				return err
			}
		}
		id, err := userID(ctx, o.tx, "user", handle)
		if err != nil {
			return err
		}
		on, err := o.isResponder(id)
		if err != nil {
			return err
		}
		if !on {
			return problem.NotFoundf("user", "%s is not a responder of incident %d", handle, number)
		}
		return o.leave(id, handle)
	})
}

func (o *op) leave(user int64, handle string) error {
	roles, err := o.pairs(`SELECT role, role FROM role_holders WHERE incident = ? AND user_id = ? AND ended_at IS NULL`, o.inc.Number, user)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if err := o.releaseAll(r[0]); err != nil {
			return err
		}
	}
	led, err := o.pairs(`SELECT id, name FROM workstreams WHERE incident = ? AND lead = ?`, o.inc.Number, user)
	if err != nil {
		return err
	}
	for _, w := range led {
		if _, err := o.tx.Exec(o.ctx, `UPDATE workstreams SET lead = NULL, updated_at = ? WHERE id = ?`, store.Micros(o.now), w[0]); err != nil {
			return err
		}
		if err := o.emit("workstream.changed", map[string]any{"id": w[0], "name": w[1], "lead": "", "previous_lead": handle}); err != nil {
			return err
		}
	}
	if _, err := o.tx.Exec(o.ctx, `UPDATE responder_stints SET left_at = ? WHERE incident = ? AND user_id = ? AND left_at IS NULL`,
		store.Micros(o.now), o.inc.Number, user); err != nil {
		return err
	}
	return o.emit("responder.left", map[string]any{"user": handle})
}

// rejoinRoleHolders starts a stint for every current role holder not on the incident.
func (o *op) rejoinRoleHolders() error {
	holders, err := o.pairs(`SELECT DISTINCT u.handle, u.handle FROM role_holders r JOIN users u ON u.id = r.user_id
		WHERE r.incident = ? AND r.ended_at IS NULL ORDER BY u.handle`, o.inc.Number)
	if err != nil {
		return err
	}
	for _, h := range holders {
		id, err := userID(o.ctx, o.tx, "user", h[0])
		if err != nil {
			return err
		}
		if err := o.join(id, h[0]); err != nil {
			return err
		}
	}
	return nil
}

// endStints closes every open stint, when the incident is resolved or merged.
func (o *op) endStints() error {
	ended, err := o.pairs(`SELECT u.handle, u.handle FROM responder_stints s JOIN users u ON u.id = s.user_id
		WHERE s.incident = ? AND s.left_at IS NULL ORDER BY s.id`, o.inc.Number)
	if err != nil || len(ended) == 0 {
		return err
	}
	if _, err := o.tx.Exec(o.ctx, `UPDATE responder_stints SET left_at = ? WHERE incident = ? AND left_at IS NULL`, store.Micros(o.now), o.inc.Number); err != nil {
		return err
	}
	users := make([]string, len(ended))
	for i, e := range ended {
		users[i] = e[0]
	}
	return o.emit("responder.stints_ended", map[string]any{"users": users, "reason": string(o.inc.Status)})
}

// Responders lists the current responders of incident number in the order they
// joined, after the stint cursor, and returns the next cursor (0 at the end).
// With all set, past stints are listed too.
func (s *Service) Responders(ctx context.Context, number int64, all bool, after int64, limit int) ([]Responder, int64, error) {
	if _, err := s.incident(ctx, number); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	q := `SELECT s.id, u.handle, u.name, s.joined_at, s.left_at FROM responder_stints s JOIN users u ON u.id = s.user_id
		WHERE s.incident = ? AND s.id > ?`
	if !all {
		q += ` AND s.left_at IS NULL`
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY s.id LIMIT ?`, number, after, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("list responders of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []Responder{}
	var ids []int64
	for rows.Next() {
		var r Responder
		var id, joined int64
		var left *int64
		if err := rows.Scan(&id, &r.User, &r.Name, &joined, &left); err != nil {
			return nil, 0, fmt.Errorf("list responders of incident %d: %w", number, err)
		}
		r.JoinedAt, r.LeftAt = store.FromMicros(joined), store.FromNullMicros(left)
		out = append(out, r)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out, next = out[:limit], ids[limit-1]
	}
	return out, next, nil
}
