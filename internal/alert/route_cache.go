package alert

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"sitrep/internal/catalog"
	"sitrep/internal/store"
)

// routeCache holds the compiled routes and the alert_routes counter value
// they were read at. Ingest reads the counter once per batch, inside its
// transaction, and reloads only when a write has bumped it: a change made
// on any instance applies from the next batch on every instance, and a
// storm pays one single-row read per batch, not one regex compile.
type routeCache struct {
	mu      sync.Mutex
	version int64
	routes  []*compiled
	loaded  bool
}

// batchRoutes is what one batch has read of routes and services.
type batchRoutes struct {
	routes   []*compiled
	read     bool
	services map[string]string
}

// routes returns the batch's compiled routes, reloading them when stale.
func (s *Service) routes(ctx context.Context, tx *store.Tx, b *batch) ([]*compiled, error) {
	if b.routing.read {
		return b.routing.routes, nil
	}
	var v int64
	if err := tx.QueryRow(ctx, `SELECT value FROM counters WHERE name = 'alert_routes'`).Scan(&v); err != nil {
		return nil, fmt.Errorf("routes version: %w", err)
	}
	rc := &s.routeCache
	rc.mu.Lock()
	version, routes, loaded := rc.version, rc.routes, rc.loaded
	rc.mu.Unlock()
	if !loaded || version != v {
		rows, err := tx.Query(ctx, routeColumns+`ORDER BY position, id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		routes = nil
		for rows.Next() {
			r, err := scanRoute(rows.Scan)
			if err != nil {
				return nil, err
			}
			cr, err := r.Validate()
			if err != nil {
				return nil, fmt.Errorf("stored route %d: %w", r.ID, err)
			}
			routes = append(routes, cr)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rc.mu.Lock()
		rc.version, rc.routes, rc.loaded = v, routes, true
		rc.mu.Unlock()
	}
	b.routing.routes, b.routing.read = routes, true
	return routes, nil
}

// decision is where a new group of an alert goes.
type decision struct {
	routeID int64
	service string
	// policy is empty for the configured default (--alert-policy), which is
	// read when the group pages so a changed default applies.
	policy  string
	groupBy []string
	declare string
	// prefix keeps groups of different routes or services apart even when
	// their grouping labels agree.
	prefix string
}

// decide routes an alert: the first matching rule (one that names neither
// service nor policy still pages the service the alert's label names);
// else the service its label service names, when that service exists; else
// the default.
func (s *Service) decide(ctx context.Context, tx *store.Tx, b *batch, a Alert) (decision, error) {
	rs, err := s.routes(ctx, tx, b)
	if err != nil {
		return decision{}, err
	}
	for _, r := range rs {
		if !r.matches(a.Labels) {
			continue
		}
		d := decision{routeID: r.ID, service: r.Service, policy: r.Policy, groupBy: r.GroupBy, declare: r.Declare,
			prefix: "route=" + strconv.FormatInt(r.ID, 10) + "|"}
		if d.service == "" && d.policy == "" {
			// A rule that only groups or declares still pages the service
			// the alert names.
			d.service = a.Labels["service"]
		}
		if d.policy == "" && d.service != "" {
			if d.policy, err = s.servicePolicy(ctx, tx, b, d.service); err != nil {
				return decision{}, err
			}
			if d.policy == "" && r.Service == "" {
				d.service = "" // the label named no registered service
			}
		}
		if len(d.groupBy) == 0 {
			d.groupBy = s.GroupBy
		}
		return d, nil
	}
	if name := a.Labels["service"]; name != "" {
		policy, err := s.servicePolicy(ctx, tx, b, name)
		if err != nil {
			return decision{}, err
		}
		if policy != "" {
			return decision{service: name, policy: policy, groupBy: s.GroupBy, prefix: "service=" + strconv.Quote(name) + "|"}, nil
		}
	}
	return decision{groupBy: s.GroupBy}, nil
}

// servicePolicy is the policy of a service, "" for an unknown one, read at
// most once per batch and service.
func (s *Service) servicePolicy(ctx context.Context, tx *store.Tx, b *batch, name string) (string, error) {
	if p, ok := b.routing.services[name]; ok {
		return p, nil
	}
	if b.routing.services == nil {
		b.routing.services = map[string]string{}
	}
	p, err := catalog.PolicyOf(ctx, tx, name)
	if err != nil {
		return "", fmt.Errorf("service %q: %w", name, err)
	}
	b.routing.services[name] = p
	return p, nil
}

// groupKey names the group of an alert under decision d.
func groupKey(d decision, a Alert) (string, map[string]string) {
	labels := map[string]string{}
	parts := make([]string, 0, len(d.groupBy))
	for _, n := range d.groupBy {
		labels[n] = a.Labels[n]
		parts = append(parts, n+"="+strconv.Quote(a.Labels[n]))
	}
	if len(d.groupBy) == 0 {
		// No grouping labels: every alert is its own group.
		parts = append(parts, "fingerprint="+a.Fingerprint)
	}
	return d.prefix + strings.Join(parts, ","), labels
}
