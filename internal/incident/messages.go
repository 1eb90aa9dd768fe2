package incident

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/store"
)

// Message is a line in an incident's channel or in one workstream's channel.
// The war room lives in sitrep so that it works while the chat service is down.
type Message struct {
	ID         int64     `json:"id"`
	Incident   int64     `json:"incident"`
	Workstream int64     `json:"workstream,omitempty"`
	Body       string    `json:"body"`
	Author     string    `json:"author"`
	CreatedAt  time.Time `json:"created_at"`
}

// PostMessage posts to the incident channel (workstream 0) or a workstream's.
func (s *Service) PostMessage(ctx context.Context, actor auth.Principal, number, workstream int64, body string) (Message, error) {
	if err := checkText("body", body, 1, MaxBody); err != nil {
		return Message{}, err
	}
	m := Message{Incident: number, Workstream: workstream, Body: body, Author: actor.Handle}
	err := s.mutate(ctx, "post message", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		if workstream != 0 {
			if _, err := s.workstreamIn(ctx, o.tx, number, workstream); err != nil {
				return err
			}
		}
		m.CreatedAt = o.now
		err := o.tx.QueryRow(ctx, `INSERT INTO messages (incident, workstream, body, author, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			number, store.NullID(workstream), body, store.NullID(actor.UserID), store.Micros(o.now)).Scan(&m.ID)
		if err != nil {
			return err
		}
		return o.emit("message.posted", m)
	})
	return m, err
}

// Messages lists one channel of incident number, oldest first after the
// cursor, with the next cursor (0 at the end).
func (s *Service) Messages(ctx context.Context, number, workstream, after int64, limit int) ([]Message, int64, error) {
	if _, err := s.incident(ctx, number); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT m.id, m.body, COALESCE(u.handle, ''), m.created_at FROM messages m LEFT JOIN users u ON u.id = m.author
		WHERE m.incident = ? AND m.id > ?`
	args := []any{number, after}
	if workstream == 0 {
		q += ` AND m.workstream IS NULL`
	} else {
		q += ` AND m.workstream = ?`
		args = append(args, workstream)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY m.id LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list messages of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		m := Message{Incident: number, Workstream: workstream}
		var at int64
		if err := rows.Scan(&m.ID, &m.Body, &m.Author, &at); err != nil {
			return nil, 0, fmt.Errorf("list messages of incident %d: %w", number, err)
		}
		m.CreatedAt = store.FromMicros(at)
		out = append(out, m)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}
