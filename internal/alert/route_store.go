package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Routes stores routing rules. Every write bumps the alert_routes counter in
// its transaction; intake compares it once per batch with the version of
// its compiled cache (route_cache.go), so a change applies to the next
// batch on every instance, with no broadcast between them.
type Routes struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
}

// NewRoutes returns the store of routing rules.
func NewRoutes(db *store.DB, log *event.Log, c clock.Clock) *Routes {
	return &Routes{db: db, log: log, clock: c}
}

// RoutePatch changes the fields it sets. Position moves the route.
type RoutePatch struct {
	Position *int
	Matchers *[]Matcher
	Service  *string
	Policy   *string
	GroupBy  *[]string
	Declare  *string
}

func (rs *Routes) write(ctx context.Context, actor auth.Principal, what string, fn func(tx *store.Tx, now time.Time) error) error {
	if !actor.Role.Allows(auth.Admin) {
		return problem.Forbiddenf("only admins manage alert routes; you are %s", actor.Role)
	}
	err := rs.db.Tx(ctx, func(tx *store.Tx) error {
		// On PostgreSQL route writes queue behind each other (positions) and
		// behind policy writes (a policy in use must not vanish). SQLite has
		// a single writer already.
		if tx.Dialect() == store.Postgres {
			if _, err := tx.Exec(ctx, `LOCK TABLE escalation_policies IN SHARE MODE`); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `LOCK TABLE alert_routes IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		if err := fn(tx, rs.clock.Now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'alert_routes'`)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// checkRefs makes sure the route's service and policy exist; a route with
// neither service nor policy still routes (grouping, declaring) and pages
// the default.
func checkRefs(ctx context.Context, tx *store.Tx, r Route) error {
	if r.Service != "" {
		if err := catalog.CheckName("service", r.Service); err != nil {
			return err
		}
		if _, err := catalog.Lookup(ctx, tx, "service", r.Service); err != nil {
			return err
		}
	}
	if r.Policy != "" {
		return catalog.PolicyExists(ctx, tx, "escalation_policy", r.Policy)
	}
	return nil
}

// Create saves a route at r.Position (1 is first), or last when 0.
func (rs *Routes) Create(ctx context.Context, actor auth.Principal, r Route) (Route, error) {
	if _, err := r.Validate(); err != nil {
		return Route{}, err
	}
	var id int64
	err := rs.write(ctx, actor, "create alert route", func(tx *store.Tx, now time.Time) error {
		if err := checkRefs(ctx, tx, r); err != nil {
			return err
		}
		ids, err := routeOrder(ctx, tx)
		if err != nil {
			return err
		}
		if len(ids) >= MaxRoutes {
			return problem.Invalidf("matchers", "at most %d routes; combine some with a regex", MaxRoutes)
		}
		m, _ := json.Marshal(nonNilMatchers(r.Matchers))
		g, _ := json.Marshal(nonNilStrings(r.GroupBy))
		if err := tx.QueryRow(ctx, `INSERT INTO alert_routes (position, matchers, service, policy, group_by, declare, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, len(ids)+1, string(m), r.Service, r.Policy, string(g), r.Declare,
			store.Micros(now), store.Micros(now)).Scan(&id); err != nil {
			return err
		}
		if err := renumber(ctx, tx, move(append(ids, id), id, r.Position)); err != nil {
			return err
		}
		r.ID = id
		return rs.emit(ctx, tx, actor, now, "alert_route.created", r)
	})
	if err != nil {
		return Route{}, err
	}
	return rs.Get(ctx, id)
}

// Update applies patch to route id.
func (rs *Routes) Update(ctx context.Context, actor auth.Principal, id int64, p RoutePatch) (Route, error) {
	err := rs.write(ctx, actor, fmt.Sprintf("update alert route %d", id), func(tx *store.Tx, now time.Time) error {
		r, err := getRoute(ctx, tx, id)
		if err != nil {
			return err
		}
		patchRoute(&r, p)
		if _, err := r.Validate(); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, r); err != nil {
			return err
		}
		m, _ := json.Marshal(nonNilMatchers(r.Matchers))
		g, _ := json.Marshal(nonNilStrings(r.GroupBy))
		if _, err := tx.Exec(ctx, `UPDATE alert_routes SET matchers = ?, service = ?, policy = ?, group_by = ?, declare = ?, updated_at = ? WHERE id = ?`,
			string(m), r.Service, r.Policy, string(g), r.Declare, store.Micros(now), id); err != nil {
			return err
		}
		if p.Position != nil {
			ids, err := routeOrder(ctx, tx)
			if err != nil {
				return err
			}
			if err := renumber(ctx, tx, move(ids, id, *p.Position)); err != nil {
				return err
			}
		}
		return rs.emit(ctx, tx, actor, now, "alert_route.updated", r)
	})
	if err != nil {
		return Route{}, err
	}
	return rs.Get(ctx, id)
}

func patchRoute(r *Route, p RoutePatch) {
	if p.Matchers != nil {
		r.Matchers = *p.Matchers
	}
	if p.GroupBy != nil {
		r.GroupBy = *p.GroupBy
	}
	for dst, src := range map[*string]*string{&r.Service: p.Service, &r.Policy: p.Policy, &r.Declare: p.Declare} {
		if src != nil {
			*dst = *src
		}
	}
}

// Delete removes route id; the routes after it move up.
func (rs *Routes) Delete(ctx context.Context, actor auth.Principal, id int64) error {
	return rs.write(ctx, actor, fmt.Sprintf("delete alert route %d", id), func(tx *store.Tx, now time.Time) error {
		if _, err := getRoute(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM alert_routes WHERE id = ?`, id); err != nil {
			return err
		}
		ids, err := routeOrder(ctx, tx)
		if err != nil {
			return err
		}
		if err := renumber(ctx, tx, ids); err != nil {
			return err
		}
		_, err = rs.log.Append(ctx, tx, 0, actor.UserID, now, "alert_route.deleted", map[string]any{"id": id})
		return err
	})
}

func (rs *Routes) emit(ctx context.Context, tx *store.Tx, actor auth.Principal, now time.Time, kind string, r Route) error {
	_, err := rs.log.Append(ctx, tx, 0, actor.UserID, now, kind, map[string]any{"id": r.ID, "matchers": r.Matchers,
		"service": r.Service, "escalation_policy": r.Policy, "group_by": r.GroupBy, "auto_declare": r.Declare})
	return err
}

func nonNilMatchers(m []Matcher) []Matcher {
	if m == nil {
		return []Matcher{}
	}
	return m
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
