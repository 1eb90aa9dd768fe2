package incident

import (
	"context"
	"strconv"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Merge closes duplicate as a duplicate of target: the duplicate is resolved
// and points at the target, its responders join the target, and its open
// workstreams move there with their channels, so nobody keeps working in the
// wrong room.
func (s *Service) Merge(ctx context.Context, actor auth.Principal, duplicate, target int64) error {
	if duplicate == target {
		return problem.Invalidf("other", "an incident cannot be merged into itself")
	}
	return s.pair(ctx, "merge", actor, duplicate, target, func(d, t *op) error {
		if err := d.requireResponder(); err != nil {
			return err
		}
		if err := d.requireOpen("merge it"); err != nil {
			return err
		}
		if t.inc.Status == Resolved {
			return problem.Conflictf("other", "incident %d is resolved; reopen it before merging %d into it", target, duplicate)
		}
		responders, err := d.pairs(`SELECT u.handle, u.handle FROM responder_stints s JOIN users u ON u.id = s.user_id
			WHERE s.incident = ? AND s.left_at IS NULL ORDER BY s.id`, duplicate)
		if err != nil {
			return err
		}
		for _, r := range responders {
			id, err := userID(ctx, d.tx, "user", r[0])
			if err != nil {
				return err
			}
			if err := t.join(id, r[0]); err != nil {
				return err
			}
		}
		open, err := d.pairs(`SELECT id, name FROM workstreams WHERE incident = ? AND status <> 'done' ORDER BY id`, duplicate)
		if err != nil {
			return err
		}
		for _, w := range open {
			id, err := strconv.ParseInt(w[0], 10, 64)
			if err != nil {
				return err
			}
			if err := d.moveWorkstream(t, id); err != nil {
				return err
			}
		}
		for _, p := range [][2]*op{{d, t}, {t, d}} {
			if _, err := d.tx.Exec(ctx, `INSERT INTO incident_links (incident, other, kind, created_by, created_at) VALUES (?, ?, 'duplicate', ?, ?)
				ON CONFLICT (incident, other) DO UPDATE SET kind = 'duplicate'`, p[0].inc.Number, p[1].inc.Number, store.NullID(actor.UserID), store.Micros(d.now)); err != nil {
				return err
			}
		}
		if _, err := d.tx.Exec(ctx, `UPDATE incidents SET merged_into = ? WHERE number = ?`, target, duplicate); err != nil {
			return err
		}
		if err := d.emit("incident.merged", map[string]any{"into": target}); err != nil {
			return err
		}
		if err := t.emit("incident.merged_in", map[string]any{"duplicate": duplicate, "title": d.inc.Title}); err != nil {
			return err
		}
		return d.setStatus(Resolved)
	})
}
