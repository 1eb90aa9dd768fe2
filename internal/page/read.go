package page

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const pageColumns = `p.id, COALESCE(p.incident, 0), p.kind, p.summary, p.details, p.severity, p.source, p.policy, p.steps, p.repeat,
	p.status, p.step, p.round, p.next_escalation_at, COALESCE(c.handle, ''), p.created_at, p.acked_at, COALESCE(a.handle, ''),
	p.resolved_at, COALESCE(r.handle, '')
	FROM pages p LEFT JOIN users c ON c.id = p.created_by LEFT JOIN users a ON a.id = p.acked_by LEFT JOIN users r ON r.id = p.resolved_by`

func scanPage(sc interface{ Scan(...any) error }) (Page, error) {
	var p Page
	var steps, status string
	var next, acked, resolved *int64
	var created int64
	err := sc.Scan(&p.ID, &p.Incident, &p.Kind, &p.Summary, &p.Details, &p.Severity, &p.Source, &p.Policy, &steps, &p.Repeat,
		&status, &p.Step, &p.Round, &next, &p.CreatedBy, &created, &acked, &p.AckedBy, &resolved, &p.ResolvedBy)
	if err != nil {
		return Page{}, err
	}
	p.Status = Status(status)
	p.CreatedAt = store.FromMicros(created)
	p.NextStepAt, p.AckedAt, p.ResolvedAt = store.FromNullMicros(next), store.FromNullMicros(acked), store.FromNullMicros(resolved)
	if err := json.Unmarshal([]byte(steps), &p.Steps); err != nil {
		return Page{}, fmt.Errorf("page %d steps: %w", p.ID, err)
	}
	return p, nil
}

// Get returns page id.
func (s *Service) Get(ctx context.Context, id int64) (Page, error) {
	p, err := scanPage(s.db.QueryRow(ctx, `SELECT `+pageColumns+` WHERE p.id = ?`, id))
	if errors.Is(err, store.ErrNotFound) {
		return Page{}, problem.NotFoundf("id", "no page %d", id)
	}
	return p, err
}

// Filter narrows a list of pages.
type Filter struct {
	Status   string
	Incident int64
	Before   int64
	Limit    int
}

// List returns pages newest first and the next cursor (0 at the end).
func (s *Service) List(ctx context.Context, f Filter) ([]Page, int64, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := `SELECT ` + pageColumns + ` WHERE 1 = 1`
	var args []any
	if f.Status != "" {
		switch Status(f.Status) {
		case Triggered, Acknowledged, Resolved:
		default:
			return nil, 0, problem.Invalidf("status", "%q is not a page status; use triggered, acknowledged or resolved", f.Status)
		}
		q += ` AND p.status = ?`
		args = append(args, f.Status)
	}
	if f.Incident != 0 {
		q += ` AND p.incident = ?`
		args = append(args, f.Incident)
	}
	if f.Before > 0 {
		q += ` AND p.id < ?`
		args = append(args, f.Before)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY p.id DESC LIMIT ?`, append(args, f.Limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list pages: %w", err)
	}
	defer rows.Close()
	out := []Page{}
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}

// Delivery is one notification's state: pending, sent, failed or canceled.
type Delivery struct {
	ID        int64     `json:"id"`
	Page      int64     `json:"page"`
	User      string    `json:"user,omitempty"`
	Channel   string    `json:"channel"`
	Address   string    `json:"address"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	NextTry   time.Time `json:"next_attempt_at,omitzero"`
	LastError string    `json:"last_error,omitempty"`
	SentAt    time.Time `json:"sent_at,omitzero"`
}

// Deliveries lists notifications of one page (page != 0) or, with status
// "failed", every failed one, newest first, after the cursor.
func (s *Service) Deliveries(ctx context.Context, page int64, status string, before int64, limit int) ([]Delivery, int64, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT d.id, d.page_id, COALESCE(u.handle, ''), d.channel, d.address, d.status, d.attempts, d.not_before, d.last_error, d.sent_at
		FROM deliveries d LEFT JOIN users u ON u.id = d.user_id WHERE 1 = 1`
	var args []any
	if page != 0 {
		q += ` AND d.page_id = ?`
		args = append(args, page)
	}
	if status != "" {
		q += ` AND d.status = ?`
		args = append(args, status)
	}
	if before > 0 {
		q += ` AND d.id < ?`
		args = append(args, before)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY d.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list deliveries: %w", err)
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		var d Delivery
		var due int64
		var sent *int64
		if err := rows.Scan(&d.ID, &d.Page, &d.User, &d.Channel, &d.Address, &d.Status, &d.Attempts, &due, &d.LastError, &sent); err != nil {
			return nil, 0, err
		}
		if d.Status == "pending" {
			d.NextTry = store.FromMicros(due)
		}
		d.SentAt = store.FromNullMicros(sent)
		out = append(out, d)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}
