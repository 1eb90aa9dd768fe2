package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// ServicePatch changes the fields it sets; the name stays, as alerts and
// routes refer to it.
type ServicePatch struct {
	DisplayName *string
	Tier        *int
	OwnerTeam   *string
	Policy      *string
	Description *string
}

// write runs fn in one admin transaction. On PostgreSQL it first takes a
// lock on escalation_policies that conflicts with policy writes only, so a
// policy cannot be deleted between the check that it exists and the commit
// of the service that names it. SQLite's single writer orders them already.
func (c *Catalog) write(ctx context.Context, actor auth.Principal, what string, fn func(tx *store.Tx, now time.Time) error) error {
	if err := admin(actor, "services and integrations"); err != nil {
		return err
	}
	err := c.db.Tx(ctx, func(tx *store.Tx) error {
		if tx.Dialect() == store.Postgres {
			if _, err := tx.Exec(ctx, `LOCK TABLE escalation_policies IN SHARE MODE`); err != nil {
				return err
			}
		}
		return fn(tx, c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// PolicyExists refuses a policy name that names no escalation policy.
func PolicyExists(ctx context.Context, q escalation.Querier, field, name string) error {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM escalation_policies WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return problem.NotFoundf(field, "no escalation policy %q; create it first with POST /api/v1/escalation-policies", name)
	}
	return err
}

// Create saves a new service.
func (c *Catalog) Create(ctx context.Context, actor auth.Principal, sv Service) (Service, error) {
	if err := sv.Validate(); err != nil {
		return Service{}, err
	}
	err := c.write(ctx, actor, "create service "+sv.Name, func(tx *store.Tx, now time.Time) error {
		if err := PolicyExists(ctx, tx, "escalation_policy", sv.Policy); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO services (name, display_name, tier, owner_team, policy, description, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sv.Name, sv.DisplayName, sv.Tier, sv.OwnerTeam, sv.Policy, sv.Description, store.Micros(now), store.Micros(now))
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("name", "a service named %q exists; change it with PATCH /api/v1/services/%s", sv.Name, sv.Name)
		}
		if err != nil {
			return err
		}
		return c.emit(ctx, tx, actor, now, "service.created", sv)
	})
	if err != nil {
		return Service{}, err
	}
	return c.Get(ctx, sv.Name)
}

// Update applies patch to service name.
func (c *Catalog) Update(ctx context.Context, actor auth.Principal, name string, patch ServicePatch) (Service, error) {
	err := c.write(ctx, actor, "update service "+name, func(tx *store.Tx, now time.Time) error {
		sv, err := getService(ctx, tx, name, tx.ForUpdate())
		if err != nil {
			return err
		}
		apply(&sv, patch)
		if err := sv.Validate(); err != nil {
			return err
		}
		if patch.Policy != nil {
			if err := PolicyExists(ctx, tx, "escalation_policy", sv.Policy); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE services SET display_name = ?, tier = ?, owner_team = ?, policy = ?, description = ?, updated_at = ? WHERE id = ?`,
			sv.DisplayName, sv.Tier, sv.OwnerTeam, sv.Policy, sv.Description, store.Micros(now), sv.ID); err != nil {
			return err
		}
		return c.emit(ctx, tx, actor, now, "service.updated", sv)
	})
	if err != nil {
		return Service{}, err
	}
	return c.Get(ctx, name)
}

func apply(sv *Service, p ServicePatch) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&sv.DisplayName, p.DisplayName)
	set(&sv.OwnerTeam, p.OwnerTeam)
	set(&sv.Policy, p.Policy)
	set(&sv.Description, p.Description)
	if p.Tier != nil {
		sv.Tier = *p.Tier
	}
}

// Delete removes service name, unless an alert route or an integration
// names it: they would route to nothing.
func (c *Catalog) Delete(ctx context.Context, actor auth.Principal, name string) error {
	return c.write(ctx, actor, "delete service "+name, func(tx *store.Tx, now time.Time) error {
		// The row lock makes a route being saved for this service (which
		// share-locks the row) either finish first and be seen below, or
		// wait and then find no service.
		sv, err := getService(ctx, tx, name, tx.ForUpdate())
		if err != nil {
			return err
		}
		users, err := serviceUsers(ctx, tx, name)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return problem.Conflictf("name", "service %q is used by %s; change or remove them first", name, strings.Join(users, ", "))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM services WHERE id = ?`, sv.ID); err != nil {
			return err
		}
		_, err = c.log.Append(ctx, tx, 0, actor.UserID, now, "service.deleted", map[string]any{"name": name})
		return err
	})
}

// serviceUsers names the routes and live integrations that refer to a service.
func serviceUsers(ctx context.Context, tx *store.Tx, name string) ([]string, error) {
	var out []string
	rows, err := tx.Query(ctx, `SELECT 'route ' || CAST(id AS TEXT) FROM alert_routes WHERE service = ?
		UNION ALL SELECT 'integration ' || name FROM integrations WHERE service = ? AND revoked_at IS NULL`, name, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (c *Catalog) emit(ctx context.Context, tx *store.Tx, actor auth.Principal, now time.Time, kind string, sv Service) error {
	_, err := c.log.Append(ctx, tx, 0, actor.UserID, now, kind, map[string]any{"name": sv.Name, "display_name": sv.DisplayName,
		"tier": sv.Tier, "owner_team": sv.OwnerTeam, "escalation_policy": sv.Policy, "description": sv.Description})
	return err
}
