package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const routeColumns = `SELECT id, position, matchers, service, policy, group_by, declare, created_at, updated_at FROM alert_routes `

type querier interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

func scanRoute(scan func(...any) error) (Route, error) {
	var r Route
	var m, g string
	var created, updated int64
	if err := scan(&r.ID, &r.Position, &m, &r.Service, &r.Policy, &g, &r.Declare, &created, &updated); err != nil {
		return Route{}, err
	}
	if err := json.Unmarshal([]byte(m), &r.Matchers); err != nil {
		return Route{}, fmt.Errorf("route %d: stored matchers: %w", r.ID, err)
	}
	_ = json.Unmarshal([]byte(g), &r.GroupBy)
	r.CreatedAt, r.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return r, nil
}

func getRoute(ctx context.Context, q querier, id int64) (Route, error) {
	r, err := scanRoute(q.QueryRow(ctx, routeColumns+`WHERE id = ?`, id).Scan)
	if errors.Is(err, store.ErrNotFound) {
		return Route{}, problem.NotFoundf("id", "no alert route %d; list them with `sitrep routes` or GET /api/v1/routes", id)
	}
	return r, err
}

// Get reads route id.
func (rs *Routes) Get(ctx context.Context, id int64) (Route, error) {
	return getRoute(ctx, rs.db, id)
}

// List returns every route in the order they are tried. There are at most
// MaxRoutes, so there is no cursor.
func (rs *Routes) List(ctx context.Context) ([]Route, error) {
	rows, err := rs.db.Query(ctx, routeColumns+`ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("list alert routes: %w", err)
	}
	defer rows.Close()
	out := []Route{}
	for rows.Next() {
		r, err := scanRoute(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("list alert routes: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
