package alert

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strconv"

	"sitrep/internal/store"
)

// group is an alert group as one batch sees and changes it.
type group struct {
	id      int64
	key     string
	labels  map[string]string
	status  Status
	pageID  *int64
	firing  int
	storm   bool
	created bool
	// Where the group was routed when it opened, and what a storm or a
	// route declared.
	service       string
	policy        string
	declare       string
	incident      *int64
	pageUpdatedAt *int64
	// delta is the change of firing alerts in this batch; first is an alert
	// of the batch that fires in the group, to describe it in the page.
	delta int
	first *Alert
}

func (g *group) note(a Alert) {
	if g.first == nil && a.Status == Firing {
		g.first = &a
	}
}

const groupColumns = `SELECT id, group_key, labels, status, page_id, firing, storm, service, policy, declare, incident, page_updated_at FROM alert_groups `

// groupFor is the group a new firing alert joins: the open storm group during
// a storm, otherwise the group of its grouping labels' values under the
// route the alert takes (route*.go).
func (s *Service) groupFor(ctx context.Context, tx *store.Tx, b *batch, a Alert) (*group, error) {
	if b.storm {
		return s.stormGroup(ctx, tx, b, a)
	}
	d, err := s.decide(ctx, tx, b, a)
	if err != nil {
		return nil, err
	}
	key, labels := groupKey(d, a)
	if g := b.byKey[key]; g != nil {
		return g, nil
	}
	g, err := scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE group_key = ?`+tx.ForUpdate(), key))
	if errors.Is(err, store.ErrNotFound) {
		g, err = s.createGroup(ctx, tx, b, key, labels, false, d)
	}
	if err != nil {
		return nil, err
	}
	return b.remember(g), nil
}

// stormGroup is the open storm group, opened on the first storm alert and
// routed as that alert is; a storm declares an incident when its route says
// so or, failing that, when StormDeclare is set.
func (s *Service) stormGroup(ctx context.Context, tx *store.Tx, b *batch, a Alert) (*group, error) {
	for _, g := range b.byID {
		if g.storm && g.status == Open {
			return g, nil
		}
	}
	g, err := scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE storm = 1 AND status = 'open' ORDER BY id DESC LIMIT 1`+tx.ForUpdate()))
	if errors.Is(err, store.ErrNotFound) {
		var d decision
		if d, err = s.decide(ctx, tx, b, a); err != nil {
			return nil, err
		}
		if d.declare == "" {
			d.declare = s.StormDeclare
		}
		g, err = s.createGroup(ctx, tx, b, "storm:"+strconv.FormatInt(store.Micros(b.now), 10), map[string]string{}, true, d)
	}
	if err != nil {
		return nil, err
	}
	return b.remember(g), nil
}

// createGroup inserts an open group. Two PostgreSQL instances may race to
// create the same key; the loser reads the winner's row.
func (s *Service) createGroup(ctx context.Context, tx *store.Tx, b *batch, key string, labels map[string]string, storm bool, d decision) (*group, error) {
	lj, _ := json.Marshal(labels)
	stormFlag := 0
	if storm {
		stormFlag = 1
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO alert_groups (group_key, labels, status, firing, storm, service, policy, route_id, declare, created_at, updated_at)
		VALUES (?, ?, 'open', 0, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_key) DO NOTHING RETURNING id`,
		key, string(lj), stormFlag, d.service, d.policy, store.NullID(d.routeID), d.declare, store.Micros(b.now), store.Micros(b.now)).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE group_key = ?`+tx.ForUpdate(), key))
	}
	if err != nil {
		return nil, err
	}
	return &group{id: id, key: key, labels: labels, status: Open, storm: storm, created: true,
		service: d.service, policy: d.policy, declare: d.declare}, nil
}

func (b *batch) groupByID(ctx context.Context, tx *store.Tx, id int64) (*group, error) {
	if g := b.byID[id]; g != nil {
		return g, nil
	}
	g, err := scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE id = ?`+tx.ForUpdate(), id))
	if err != nil {
		return nil, err
	}
	return b.remember(g), nil
}

func (b *batch) remember(g *group) *group {
	if old := b.byID[g.id]; old != nil {
		return old
	}
	b.byID[g.id] = g
	b.byKey[g.key] = g
	return g
}

func scanGroup(row *store.Row) (*group, error) {
	var g group
	var labels string
	var storm int64
	if err := row.Scan(&g.id, &g.key, &labels, &g.status, &g.pageID, &g.firing, &storm, &g.service, &g.policy, &g.declare, &g.incident, &g.pageUpdatedAt); err != nil {
		return nil, err
	}
	g.storm = storm != 0
	_ = json.Unmarshal([]byte(labels), &g.labels)
	return &g, nil
}

// touched lists the batch's groups by id, so that pages are raised in the
// order the groups were opened.
func (b *batch) touched() []*group {
	out := make([]*group, 0, len(b.byID))
	for _, g := range b.byID {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}
