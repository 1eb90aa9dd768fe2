package incident

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// RoleCommander is the incident commander's role slug.
const RoleCommander = "commander"

// Role is a kind of responsibility in a response. The defaults are commander,
// comms-lead, scribe and roving-troubleshooter; admins can add more.
type Role struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// RoleHolder says who holds (or held) a role of an incident, and since when.
type RoleHolder struct {
	Role       string    `json:"role"`
	User       string    `json:"user"`
	Name       string    `json:"name"`
	AssignedBy string    `json:"assigned_by,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
}

// AssignRole hands role to handle, ending the current holder's tenure. The new
// holder must be a responder of the incident. Command is handed over only by
// the current commander or an admin, so that nobody takes it by accident; when
// nobody commands, any responder may take it.
func (s *Service) AssignRole(ctx context.Context, actor auth.Principal, number int64, role, handle string) (RoleHolder, error) {
	var h RoleHolder
	err := s.mutate(ctx, "assign role", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		if err := o.requireRole(role); err != nil {
			return err
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
			return problem.Conflictf("user", "%s is not a responder of incident %d; add them first with `sitrep join %d --user %s`", handle, number, number, handle)
		}
		if role == RoleCommander && !actor.Role.Allows(auth.Admin) {
			cur, err := o.holder(role)
			if err != nil {
				return err
			}
			if cur != 0 && cur != actor.UserID {
				return problem.Forbiddenf("only the current commander or an admin can hand over command of incident %d", number)
			}
		}
		h, err = o.assign(role, id, handle)
		return err
	})
	return h, err
}

func (o *op) requireRole(role string) error {
	var n int64
	if err := o.tx.QueryRow(o.ctx, `SELECT COUNT(*) FROM roles WHERE slug = ?`, role).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return problem.NotFoundf("role", "no role %q; the roles are listed at GET /api/v1/roles (commander, comms-lead, scribe, roving-troubleshooter, ...)", role)
	}
	return nil
}

// holder returns the user holding role now, or 0.
func (o *op) holder(role string) (int64, error) {
	var id int64
	err := o.tx.QueryRow(o.ctx, `SELECT user_id FROM role_holders WHERE incident = ? AND role = ? AND ended_at IS NULL`, o.inc.Number, role).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return id, err
}

// assign ends the current tenure of role and starts handle's. The partial
// unique index on role_holders guarantees at most one holder even if two
// handovers race on a database without row locks.
func (o *op) assign(role string, user int64, handle string) (RoleHolder, error) {
	prev, err := o.holder(role)
	if err != nil {
		return RoleHolder{}, err
	}
	h := RoleHolder{Role: role, User: handle, AssignedBy: o.actor.Handle, StartedAt: o.now}
	if err := o.tx.QueryRow(o.ctx, `SELECT name FROM users WHERE id = ?`, user).Scan(&h.Name); err != nil {
		return RoleHolder{}, err
	}
	if prev == user {
		return h, nil
	}
	data := map[string]any{"role": role, "user": handle}
	if prev != 0 {
		var prevHandle string
		if err := o.tx.QueryRow(o.ctx, `SELECT handle FROM users WHERE id = ?`, prev).Scan(&prevHandle); err != nil {
			return RoleHolder{}, err
		}
		data["previous"] = prevHandle
		if _, err := o.tx.Exec(o.ctx, `UPDATE role_holders SET ended_at = ? WHERE incident = ? AND role = ? AND ended_at IS NULL`,
			store.Micros(o.now), o.inc.Number, role); err != nil {
			return RoleHolder{}, err
		}
	}
	var by any
	if o.actor.UserID != 0 {
		by = o.actor.UserID
	}
	if _, err := o.tx.Exec(o.ctx, `INSERT INTO role_holders (incident, role, user_id, assigned_by, started_at) VALUES (?, ?, ?, ?, ?)`,
		o.inc.Number, role, user, by, store.Micros(o.now)); err != nil {
		return RoleHolder{}, err
	}
	return h, o.emit("role.assigned", data)
}

// ReleaseRole leaves role without a holder.
func (s *Service) ReleaseRole(ctx context.Context, actor auth.Principal, number int64, role string) error {
	return s.mutate(ctx, "release role", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		if err := o.requireRole(role); err != nil {
			return err
		}
		cur, err := o.holder(role)
		if err != nil || cur == 0 {
			return err
		}
		if role == RoleCommander && cur != actor.UserID && !actor.Role.Allows(auth.Admin) {
			return problem.Forbiddenf("only the current commander or an admin can step down from command")
		}
		return o.releaseAll(role)
	})
}

// releaseAll ends the tenure of role, or of every role when role is empty.
func (o *op) releaseAll(role string) error {
	q := `SELECT r.role, u.handle FROM role_holders r JOIN users u ON u.id = r.user_id WHERE r.incident = ? AND r.ended_at IS NULL`
	args := []any{o.inc.Number}
	if role != "" {
		q += ` AND r.role = ?`
		args = append(args, role)
	}
	released, err := o.pairs(q, args...)
	if err != nil {
		return err
	}
	for _, p := range released {
		if _, err := o.tx.Exec(o.ctx, `UPDATE role_holders SET ended_at = ? WHERE incident = ? AND role = ? AND ended_at IS NULL`,
			store.Micros(o.now), o.inc.Number, p[0]); err != nil {
			return err
		}
		if err := o.emit("role.released", map[string]any{"role": p[0], "user": p[1]}); err != nil {
			return err
		}
	}
	return nil
}

// pairs runs a query of two text columns inside the transaction.
func (o *op) pairs(q string, args ...any) ([][2]string, error) {
	rows, err := o.tx.Query(o.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

var roleSlug = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

// CreateRole configures an additional role, such as "customer-liaison".
func (s *Service) CreateRole(ctx context.Context, actor auth.Principal, r Role) (Role, error) {
	if !actor.Role.Allows(auth.Admin) {
		return Role{}, problem.Forbiddenf("only an admin can configure roles")
	}
	if !roleSlug.MatchString(r.Slug) {
		return Role{}, problem.Invalidf("slug", "must be 2-40 lowercase letters, digits or '-', starting with a letter")
	}
	if err := checkText("name", r.Name, 1, MaxName); err != nil {
		return Role{}, err
	}
	if err := checkText("description", r.Description, 0, 1000); err != nil {
		return Role{}, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO roles (slug, name, description, position) VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM roles))`,
			r.Slug, r.Name, r.Description)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("slug", "role %q already exists", r.Slug)
		}
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, s.clock.Now(), "role.created", r)
		return err
	})
	if err != nil {
		return Role{}, fmt.Errorf("create role %s: %w", r.Slug, err)
	}
	return r, nil
}
