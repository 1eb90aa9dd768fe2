package alert

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// updateStorm rewrites the page of an open storm group as alerts join it,
// at most once per StormUpdateEvery: the page says how big the storm has
// grown without a new page, and without a timeline entry per batch.
func (s *Service) updateStorm(ctx context.Context, tx *store.Tx, actor auth.Principal, b *batch, g *group) error {
	if g.pageID == nil {
		return nil
	}
	if g.pageUpdatedAt != nil && b.now.Sub(store.FromMicros(*g.pageUpdatedAt)) < s.StormUpdateEvery {
		return nil
	}
	summary, details, err := s.describe(ctx, tx, b, g)
	if err != nil {
		return err
	}
	var total int
	if err := tx.QueryRow(ctx, `SELECT firing FROM alert_groups WHERE id = ?`, g.id).Scan(&total); err != nil {
		return err
	}
	details = clip(fmt.Sprintf("%d alerts firing in this storm now.\n%s", total, details), 10000)
	if err := s.pages.UpdateTx(ctx, tx, actor, *g.pageID, summary, details); err != nil {
		if _, refused := problem.As(err); !refused {
			return err
		}
	}
	now := store.Micros(b.now)
	g.pageUpdatedAt = &now
	_, err = tx.Exec(ctx, `UPDATE alert_groups SET page_updated_at = ? WHERE id = ?`, now, g.id)
	return err
}

// declareLater declares the incident a group's route asks for, once, after
// the transaction that opened the group commits: declaring is the incident
// service's own transaction. The group is claimed first (incident = 0), so
// a group that opens again, or a second instance, never declares twice; a
// crash between the claim and the declaration leaves the group without an
// incident rather than with two.
func (s *Service) declareLater(ctx context.Context, tx *store.Tx, actor auth.Principal, g *group) error {
	if g.declare == "" || g.incident != nil || s.Declare == nil {
		return nil
	}
	res, err := tx.Exec(ctx, `UPDATE alert_groups SET incident = 0 WHERE id = ? AND incident IS NULL`, g.id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return err
	}
	claimed := int64(0)
	g.incident = &claimed
	title := groupTitle(g)
	if g.storm {
		title = "alert storm"
		if g.service != "" {
			title = "alert storm: " + g.service
		}
	}
	ctx = context.WithoutCancel(ctx)
	id, sev := g.id, g.declare
	tx.AfterCommit(func() { s.declare(ctx, actor, id, clip(title, 200), sev) })
	return nil
}

// declare runs after commit; the Declare hook logs its own failures, as
// the alerts that caused it are already stored and answered.
func (s *Service) declare(ctx context.Context, actor auth.Principal, group int64, title, severity string) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	number, err := s.Declare(ctx, actor, title, "Declared automatically by alert group "+strconv.FormatInt(group, 10)+".", severity)
	if err != nil || number == 0 {
		return
	}
	_, _ = s.db.Exec(ctx, `UPDATE alert_groups SET incident = ? WHERE id = ? AND incident = 0`, number, group)
}
