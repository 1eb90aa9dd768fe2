package catalog

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const serviceColumns = `SELECT id, name, display_name, tier, owner_team, policy, description, created_at, updated_at FROM services `

type scanner interface{ Scan(...any) error }

func scanService(sc scanner) (Service, error) {
	var sv Service
	var created, updated int64
	if err := sc.Scan(&sv.ID, &sv.Name, &sv.DisplayName, &sv.Tier, &sv.OwnerTeam, &sv.Policy, &sv.Description, &created, &updated); err != nil {
		return Service{}, err
	}
	sv.CreatedAt, sv.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return sv, nil
}

func getService(ctx context.Context, q escalation.Querier, name, lock string) (Service, error) {
	sv, err := scanService(q.QueryRow(ctx, serviceColumns+`WHERE name = ?`+lock, name))
	if errors.Is(err, store.ErrNotFound) {
		return Service{}, problem.NotFoundf("name", "no service %q; list them with `sitrep services` or GET /api/v1/services", name)
	}
	return sv, err
}

// Get reads service name.
func (c *Catalog) Get(ctx context.Context, name string) (Service, error) {
	return getService(ctx, c.db, name, "")
}

// List returns services by name after cursor (a name), and the cursor of
// the next page ("" at the end).
func (c *Catalog) List(ctx context.Context, cursor string, limit int) ([]Service, string, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	rows, err := c.db.Query(ctx, serviceColumns+`WHERE name > ? ORDER BY name LIMIT ?`, cursor, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list services: %w", err)
	}
	defer rows.Close()
	out := []Service{}
	for rows.Next() {
		sv, err := scanService(rows)
		if err != nil {
			return nil, "", fmt.Errorf("list services: %w", err)
		}
		out = append(out, sv)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list services: %w", err)
	}
	var next string
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].Name
	}
	return out, next, nil
}

// Lookup reads a service inside a transaction that is about to refer to it
// (a route): on PostgreSQL the row is share-locked until commit, so a
// concurrent Delete either sees the reference or waits and wins first.
func Lookup(ctx context.Context, tx *store.Tx, field, name string) (Service, error) {
	lock := ""
	if tx.Dialect() == store.Postgres {
		lock = " FOR SHARE"
	}
	sv, err := getService(ctx, tx, name, lock)
	if p, ok := problem.As(err); ok {
		p.Field = field
	}
	return sv, err
}

// PolicyOf returns the escalation policy of service name, or "" when there
// is no such service. Alert routing calls it when a group opens.
func PolicyOf(ctx context.Context, q escalation.Querier, name string) (string, error) {
	var policy string
	err := q.QueryRow(ctx, `SELECT policy FROM services WHERE name = ?`, name).Scan(&policy)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return policy, err
}

// PolicyUsers names the services whose escalation policy is policy; the
// policy service refuses to delete a policy still in use.
func PolicyUsers(ctx context.Context, tx *store.Tx, policy string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT 'service ' || name FROM services WHERE policy = ?
		UNION ALL SELECT 'route ' || CAST(id AS TEXT) FROM alert_routes WHERE policy = ?`, policy, policy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
