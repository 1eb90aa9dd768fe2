package page

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/store"
)

// escalateDue runs the next step of every triggered page whose step delay has
// passed without an acknowledgement.
func (s *Service) escalateDue(ctx context.Context) (int, error) {
	now := s.clock.Now()
	rows, err := s.db.Query(ctx, `SELECT id FROM pages WHERE next_escalation_at <= ? AND status = 'triggered' ORDER BY next_escalation_at LIMIT 100`, store.Micros(now))
	if err != nil {
		return 0, fmt.Errorf("find pages due to escalate: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	done := 0
	for _, id := range ids {
		err := s.db.Tx(ctx, func(tx *store.Tx) error { return s.escalate(ctx, tx, id) })
		if err != nil {
			return done, fmt.Errorf("escalate page %d: %w", id, err)
		}
		done++
	}
	if done > 0 {
		s.wake()
	}
	return done, nil
}

// escalate moves one page to its next step, re-checking under the row lock
// that it is still triggered and due (another instance may have done it).
func (s *Service) escalate(ctx context.Context, tx *store.Tx, id int64) error {
	var locked int64
	if err := tx.QueryRow(ctx, `SELECT id FROM pages WHERE id = ?`+tx.ForUpdate(), id).Scan(&locked); err != nil {
		return err
	}
	p, err := scanPage(tx.QueryRow(ctx, `SELECT `+pageColumns+` WHERE p.id = ?`, id))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	now := s.clock.Now()
	if p.Status != Triggered || p.NextStepAt.IsZero() || p.NextStepAt.After(now) {
		return nil
	}
	step, round := p.Step+1, p.Round
	if step >= len(p.Steps) {
		step, round = 0, round+1
	}
	return s.runStep(ctx, tx, p, step, round, now)
}
