package alert

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Reorder sets the order of every route at once: ids must name each route
// exactly once.
func (rs *Routes) Reorder(ctx context.Context, actor auth.Principal, ids []int64) ([]Route, error) {
	err := rs.write(ctx, actor, "reorder alert routes", func(tx *store.Tx, now time.Time) error {
		have, err := routeOrder(ctx, tx)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, id := range have {
			seen[id] = true
		}
		for i, id := range ids {
			if !seen[id] {
				return problem.Invalidf(fmt.Sprintf("ids[%d]", i), "route %d does not exist or is listed twice", id)
			}
			delete(seen, id)
		}
		if len(seen) > 0 {
			return problem.Invalidf("ids", "list every route once: %d are missing", len(seen))
		}
		if err := renumber(ctx, tx, ids); err != nil {
			return err
		}
		_, err = rs.log.Append(ctx, tx, 0, actor.UserID, now, "alert_route.reordered", map[string]any{"ids": ids})
		return err
	})
	if err != nil {
		return nil, err
	}
	return rs.List(ctx)
}

// move returns ids with id moved to position pos (1 is first; 0 or past
// the end is last).
func move(ids []int64, id int64, pos int) []int64 {
	out := make([]int64, 0, len(ids))
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	if pos <= 0 || pos > len(out) {
		return append(out, id)
	}
	out = append(out[:pos-1], append([]int64{id}, out[pos-1:]...)...)
	return out
}

func routeOrder(ctx context.Context, tx *store.Tx) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM alert_routes ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func renumber(ctx context.Context, tx *store.Tx, ids []int64) error {
	for i, id := range ids {
		if _, err := tx.Exec(ctx, `UPDATE alert_routes SET position = ? WHERE id = ? AND position <> ?`, i+1, id, i+1); err != nil {
			return err
		}
	}
	return nil
}
