package incident

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Workstream is one line of work in an incident ("eu1-compute", "certificates"),
// with a lead who posts its updates and a channel of its own.
type Workstream struct {
	ID           int64     `json:"id"`
	Incident     int64     `json:"incident"`
	Name         string    `json:"name"`
	Lead         string    `json:"lead,omitempty"`
	Status       string    `json:"status"`
	Priority     int       `json:"priority"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	LastUpdateAt time.Time `json:"last_update_at,omitzero"`
}

// Workstream statuses.
const (
	WorkActive  = "active"
	WorkBlocked = "blocked"
	WorkDone    = "done"
)

// WorkstreamChange creates or changes a workstream. Nil fields stay as they
// are; an empty Lead removes the lead.
type WorkstreamChange struct {
	Name     *string
	Lead     *string
	Status   *string
	Priority *int
}

func (c *WorkstreamChange) validate() error {
	if c.Name != nil {
		n := strings.TrimSpace(*c.Name)
		c.Name = &n
		if err := checkText("name", n, 1, MaxName); err != nil {
			return err
		}
	}
	if c.Status != nil {
		switch *c.Status {
		case WorkActive, WorkBlocked, WorkDone:
		default:
			return problem.Invalidf("status", "%q is not a workstream status; use active, blocked or done", *c.Status)
		}
	}
	if c.Priority != nil && (*c.Priority < 1 || *c.Priority > 5) {
		return problem.Invalidf("priority", "must be 1 (highest) to 5 (lowest)")
	}
	return nil
}

// AddWorkstream opens a workstream. Its lead must be a responder of the incident.
func (s *Service) AddWorkstream(ctx context.Context, actor auth.Principal, number int64, c WorkstreamChange) (Workstream, error) {
	if c.Name == nil {
		return Workstream{}, problem.Invalidf("name", "must not be empty")
	}
	if c.Status == nil {
		st := WorkActive
		c.Status = &st
	}
	if c.Priority == nil {
		p := 3
		c.Priority = &p
	}
	if err := c.validate(); err != nil {
		return Workstream{}, err
	}
	var id int64
	err := s.mutate(ctx, "add workstream", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		lead, err := o.leadID(c.Lead)
		if err != nil {
			return err
		}
		err = o.tx.QueryRow(ctx, `INSERT INTO workstreams (incident, name, lead, status, priority, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, number, *c.Name, lead, *c.Status, *c.Priority, store.Micros(o.now), store.Micros(o.now)).Scan(&id)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "incident %d already has a workstream named %q", number, *c.Name)
		}
		if err != nil {
			return err
		}
		return o.emit("workstream.created", map[string]any{"id": id, "name": *c.Name, "lead": deref(c.Lead), "status": *c.Status, "priority": *c.Priority})
	})
	if err != nil {
		return Workstream{}, err
	}
	return s.workstream(ctx, number, id)
}

// leadID resolves a lead handle, which must be a current responder; nil or
// empty means no lead.
func (o *op) leadID(handle *string) (any, error) {
	if handle == nil || *handle == "" {
		return nil, nil
	}
	id, err := userID(o.ctx, o.tx, "lead", *handle)
	if err != nil {
		return nil, err
	}
	on, err := o.isResponder(id)
	if err != nil {
		return nil, err
	}
	if !on {
		return nil, problem.Conflictf("lead", "%s is not a responder of incident %d; add them first with `sitrep join %d --user %s`", *handle, o.inc.Number, o.inc.Number, *handle)
	}
	return id, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// UpdateWorkstream changes a workstream's name, lead, status or priority.
func (s *Service) UpdateWorkstream(ctx context.Context, actor auth.Principal, number, id int64, c WorkstreamChange) (Workstream, error) {
	if err := c.validate(); err != nil {
		return Workstream{}, err
	}
	err := s.mutate(ctx, "update workstream", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		return o.changeWorkstream(id, c)
	})
	if err != nil {
		return Workstream{}, err
	}
	return s.workstream(ctx, number, id)
}

func (o *op) changeWorkstream(id int64, c WorkstreamChange) error {
	w, err := o.s.workstreamIn(o.ctx, o.tx, o.inc.Number, id)
	if err != nil {
		return err
	}
	data := map[string]any{"id": id, "name": w.Name}
	set := func(col string, v any) error {
		_, err := o.tx.Exec(o.ctx, `UPDATE workstreams SET `+col+` = ?, updated_at = ? WHERE id = ?`, v, store.Micros(o.now), id)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "incident %d already has a workstream named %q", o.inc.Number, deref(c.Name))
		}
		return err
	}
	if c.Name != nil && *c.Name != w.Name {
		if err := set("name", *c.Name); err != nil {
			return err
		}
		data["name"], data["previous_name"] = *c.Name, w.Name
	}
	if c.Lead != nil && *c.Lead != w.Lead {
		lead, err := o.leadID(c.Lead)
		if err != nil {
			return err
		}
		if err := set("lead", lead); err != nil {
			return err
		}
		data["lead"], data["previous_lead"] = *c.Lead, w.Lead
	}
	if c.Status != nil && *c.Status != w.Status {
		if err := set("status", *c.Status); err != nil {
			return err
		}
		data["status"], data["previous_status"] = *c.Status, w.Status
	}
	if c.Priority != nil && *c.Priority != w.Priority {
		if err := set("priority", *c.Priority); err != nil {
			return err
		}
		data["priority"], data["previous_priority"] = *c.Priority, w.Priority
	}
	if len(data) == 2 {
		return nil
	}
	return o.emit("workstream.changed", data)
}

const workstreamColumns = `w.id, w.incident, w.name, COALESCE(u.handle, ''), w.status, w.priority, w.created_at, w.updated_at, w.last_update_at
	FROM workstreams w LEFT JOIN users u ON u.id = w.lead`

func scanWorkstream(sc scanner) (Workstream, error) {
	var w Workstream
	var created, updated int64
	var last *int64
	if err := sc.Scan(&w.ID, &w.Incident, &w.Name, &w.Lead, &w.Status, &w.Priority, &created, &updated, &last); err != nil {
		return Workstream{}, err
	}
	w.CreatedAt, w.UpdatedAt, w.LastUpdateAt = store.FromMicros(created), store.FromMicros(updated), store.FromNullMicros(last)
	return w, nil
}

type rowQuerier interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

func (s *Service) workstreamIn(ctx context.Context, q rowQuerier, number, id int64) (Workstream, error) {
	w, err := scanWorkstream(q.QueryRow(ctx, `SELECT `+workstreamColumns+` WHERE w.id = ? AND w.incident = ?`, id, number))
	if errors.Is(err, store.ErrNotFound) {
		return Workstream{}, problem.NotFoundf("id", "incident %d has no workstream %d", number, id)
	}
	return w, err
}

func (s *Service) workstream(ctx context.Context, number, id int64) (Workstream, error) {
	return s.workstreamIn(ctx, s.db, number, id)
}

// Workstreams lists the workstreams of incident number, highest priority first.
func (s *Service) Workstreams(ctx context.Context, number int64) ([]Workstream, error) {
	rows, err := s.db.Query(ctx, `SELECT `+workstreamColumns+` WHERE w.incident = ? ORDER BY w.priority, w.id`, number)
	if err != nil {
		return nil, fmt.Errorf("list workstreams of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []Workstream{}
	for rows.Next() {
		w, err := scanWorkstream(rows)
		if err != nil {
			return nil, fmt.Errorf("list workstreams of incident %d: %w", number, err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
