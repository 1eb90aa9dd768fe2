package page

import (
	"context"
	"fmt"

	"sitrep/internal/auth"
	"sitrep/internal/store"
)

// TriggerTx raises a page inside the caller's transaction, so that whatever
// caused it (an alert group opening) and the page commit together or not at
// all. It returns 0 when DedupKey matched an existing page.
func (s *Service) TriggerTx(ctx context.Context, tx *store.Tx, actor auth.Principal, r Request) (int64, error) {
	if err := r.validate(); err != nil {
		return 0, err
	}
	id, err := s.trigger(ctx, tx, actor, r)
	if err != nil {
		return 0, fmt.Errorf("trigger page: %w", err)
	}
	return id, nil
}

// ResolveTx resolves page id inside the caller's transaction; resolving a
// resolved page changes nothing.
func (s *Service) ResolveTx(ctx context.Context, tx *store.Tx, actor auth.Principal, id int64) error {
	if err := s.transition(ctx, tx, id, actor.UserID, "resolve"); err != nil {
		return fmt.Errorf("resolve page %d: %w", id, err)
	}
	return nil
}
