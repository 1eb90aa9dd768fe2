package page

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Ack acknowledges a page: escalation stops and notifications not yet sent
// (the SMS due two minutes after the email) are canceled.
func (s *Service) Ack(ctx context.Context, actor auth.Principal, id int64) (Page, error) {
	return s.act(ctx, actor, id, "ack")
}

// Resolve ends a page and everything still pending for it.
func (s *Service) Resolve(ctx context.Context, actor auth.Principal, id int64) (Page, error) {
	return s.act(ctx, actor, id, "resolve")
}

func (s *Service) act(ctx context.Context, actor auth.Principal, id int64, action string) (Page, error) {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return s.transition(ctx, tx, id, actor.UserID, action)
	})
	if err != nil {
		return Page{}, fmt.Errorf("%s page %d: %w", action, id, err)
	}
	return s.Get(ctx, id)
}

// transition moves page id on by action ("ack" or "resolve") for user.
// Acknowledging an acknowledged page, or resolving a resolved one, changes
// nothing: two responders pressing the link at once both see it handled.
func (s *Service) transition(ctx context.Context, tx *store.Tx, id, user int64, action string) error {
	var status string
	var incident *int64
	err := tx.QueryRow(ctx, `SELECT status, incident FROM pages WHERE id = ?`+tx.ForUpdate(), id).Scan(&status, &incident)
	if errors.Is(err, store.ErrNotFound) {
		return problem.NotFoundf("id", "no page %d", id)
	}
	if err != nil {
		return err
	}
	p := Page{ID: id}
	if incident != nil {
		p.Incident = *incident
	}
	now := s.clock.Now()
	switch {
	case status == string(Resolved), action == "ack" && status == string(Acknowledged):
		return nil
	case action == "ack":
		_, err = tx.Exec(ctx, `UPDATE pages SET status = 'acknowledged', acked_at = ?, acked_by = ?, next_escalation_at = NULL WHERE id = ?`,
			store.Micros(now), store.NullID(user), id)
	default:
		_, err = tx.Exec(ctx, `UPDATE pages SET status = 'resolved', resolved_at = ?, resolved_by = ?, next_escalation_at = NULL WHERE id = ?`,
			store.Micros(now), store.NullID(user), id)
	}
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE deliveries SET status = 'canceled', last_error = ? WHERE page_id = ? AND status = 'pending'`,
		"page "+map[string]string{"ack": "acknowledged", "resolve": "resolved"}[action]+" first", id)
	if err != nil {
		return err
	}
	canceled, _ := res.RowsAffected()
	kind := map[string]string{"ack": "page.acknowledged", "resolve": "page.resolved"}[action]
	return s.emit(ctx, tx, p, user, now, kind, map[string]any{"page": id, "canceled_notifications": canceled})
}
