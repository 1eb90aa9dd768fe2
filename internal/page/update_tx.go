package page

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// UpdateTx rewrites the summary and details of a page that is still open,
// inside the caller's transaction, and notes the change on its timeline. It
// notifies no one: a storm's page grows as alerts join it, and each update
// sending a message would bring back the flood the storm page exists to
// stop. A resolved page is left as it is.
func (s *Service) UpdateTx(ctx context.Context, tx *store.Tx, actor auth.Principal, id int64, summary, details string) error {
	summary = strings.TrimSpace(summary)
	if summary == "" || len([]rune(summary)) > MaxSummary {
		return problem.Invalidf("summary", "must be 1-%d characters", MaxSummary)
	}
	if len([]rune(details)) > MaxDetails {
		return problem.Invalidf("details", "must be at most %d characters", MaxDetails)
	}
	var status string
	var incident *int64
	err := tx.QueryRow(ctx, `SELECT status, incident FROM pages WHERE id = ?`+tx.ForUpdate(), id).Scan(&status, &incident)
	if errors.Is(err, store.ErrNotFound) {
		return problem.NotFoundf("id", "no page %d", id)
	}
	if err != nil || status == string(Resolved) {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE pages SET summary = ?, details = ? WHERE id = ?`, summary, details, id); err != nil {
		return fmt.Errorf("update page %d: %w", id, err)
	}
	p := Page{ID: id}
	if incident != nil {
		p.Incident = *incident
	}
	return s.emit(ctx, tx, p, actor.UserID, s.clock.Now(), "page.updated", map[string]any{"page": id, "summary": summary})
}
