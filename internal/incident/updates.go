package incident

import (
	"context"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Audiences an incident update can be addressed to. Each audience reads only
// what was written for it: support and executives never see responder chatter,
// and the public status page shows only public updates.
var Audiences = []string{"responders", "support", "executives", "public"}

func validAudience(a string) bool {
	for _, v := range Audiences {
		if v == a {
			return true
		}
	}
	return false
}

// Update is a status update: incident-wide for an audience, or a workstream
// lead's report (audience responders).
type Update struct {
	ID         int64     `json:"id"`
	Incident   int64     `json:"incident"`
	Workstream int64     `json:"workstream,omitempty"`
	Audience   string    `json:"audience"`
	Body       string    `json:"body"`
	Author     string    `json:"author"`
	CreatedAt  time.Time `json:"created_at"`
}

// PostUpdate addresses an update about incident number to audience.
func (s *Service) PostUpdate(ctx context.Context, actor auth.Principal, number int64, audience, body string) (Update, error) {
	if !validAudience(audience) {
		return Update{}, problem.Invalidf("audience", "%q is not an audience; use one of %s", audience, strings.Join(Audiences, ", "))
	}
	if err := checkText("body", body, 1, MaxBody); err != nil {
		return Update{}, err
	}
	var u Update
	err := s.mutate(ctx, "post update", actor, number, func(o *op) (err error) {
		if err := o.requireResponder(); err != nil {
			return err
		}
		u, err = o.insertUpdate(0, audience, body)
		return err
	})
	return u, err
}

// PostWorkstreamUpdate records a workstream's latest state, optionally with a
// new status. The board sorts by how long ago each workstream last reported.
func (s *Service) PostWorkstreamUpdate(ctx context.Context, actor auth.Principal, number, id int64, body, status string) (Update, error) {
	if err := checkText("body", body, 1, MaxBody); err != nil {
		return Update{}, err
	}
	var change WorkstreamChange
	if status != "" {
		change.Status = &status
		if err := change.validate(); err != nil {
			return Update{}, err
		}
	}
	var u Update
	err := s.mutate(ctx, "post workstream update", actor, number, func(o *op) (err error) {
		if err := o.requireResponder(); err != nil {
			return err
		}
		if _, err := s.workstreamIn(ctx, o.tx, number, id); err != nil {
			return err
		}
		if err := o.changeWorkstream(id, change); err != nil {
			return err
		}
		if _, err := o.tx.Exec(ctx, `UPDATE workstreams SET last_update_at = ? WHERE id = ?`, store.Micros(o.now), id); err != nil {
			return err
		}
		u, err = o.insertUpdate(id, "responders", body)
		return err
	})
	return u, err
}

func (o *op) insertUpdate(workstream int64, audience, body string) (Update, error) {
	u := Update{Incident: o.inc.Number, Workstream: workstream, Audience: audience, Body: body, Author: o.actor.Handle, CreatedAt: o.now}
	err := o.tx.QueryRow(o.ctx, `INSERT INTO updates (incident, workstream, audience, body, author, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		o.inc.Number, store.NullID(workstream), audience, body, store.NullID(o.actor.UserID), store.Micros(o.now)).Scan(&u.ID)
	if err != nil {
		return Update{}, err
	}
	kind := "update.posted"
	if workstream != 0 {
		kind = "workstream.update_posted"
	}
	return u, o.emit(kind, u)
}

// UpdateFilter selects updates of one incident.
type UpdateFilter struct {
	Audience   string
	Workstream int64
	After      int64
	Limit      int
}

// Updates lists updates of incident number oldest first after the cursor, and
// the next cursor (0 at the end).
func (s *Service) Updates(ctx context.Context, number int64, f UpdateFilter) ([]Update, int64, error) {
	if f.Audience != "" && !validAudience(f.Audience) {
		return nil, 0, problem.Invalidf("audience", "%q is not an audience; use one of %s", f.Audience, strings.Join(Audiences, ", "))
	}
	if _, err := s.incident(ctx, number); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT p.id, COALESCE(p.workstream, 0), p.audience, p.body, COALESCE(u.handle, ''), p.created_at
		FROM updates p LEFT JOIN users u ON u.id = p.author WHERE p.incident = ? AND p.id > ?`
	args := []any{number, f.After}
	if f.Audience != "" {
		q += ` AND p.audience = ?`
		args = append(args, f.Audience)
	}
	if f.Workstream != 0 {
		q += ` AND p.workstream = ?`
		args = append(args, f.Workstream)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY p.id LIMIT ?`, append(args, f.Limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list updates of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []Update{}
	for rows.Next() {
		u := Update{Incident: number}
		var at int64
		if err := rows.Scan(&u.ID, &u.Workstream, &u.Audience, &u.Body, &u.Author, &at); err != nil {
			return nil, 0, fmt.Errorf("list updates of incident %d: %w", number, err)
		}
		u.CreatedAt = store.FromMicros(at)
		out = append(out, u)
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}
