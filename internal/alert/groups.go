package alert

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"

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

const groupColumns = `SELECT id, group_key, labels, status, page_id, firing, storm FROM alert_groups `

// groupFor is the group a new firing alert joins: the open storm group during
// a storm, otherwise the group of its grouping labels' values.
func (s *Service) groupFor(ctx context.Context, tx *store.Tx, b *batch, a Alert) (*group, error) {
	if b.storm {
		return s.stormGroup(ctx, tx, b)
	}
	labels := map[string]string{}
	parts := make([]string, 0, len(s.GroupBy))
	for _, n := range s.GroupBy {
		labels[n] = a.Labels[n]
		parts = append(parts, n+"="+strconv.Quote(a.Labels[n]))
	}
	if len(s.GroupBy) == 0 {
		// No grouping labels: every alert is its own group.
		parts = append(parts, "fingerprint="+a.Fingerprint)
	}
	key := strings.Join(parts, ",")
	if g := b.byKey[key]; g != nil {
		return g, nil
	}
	g, err := scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE group_key = ?`+tx.ForUpdate(), key))
	if errors.Is(err, store.ErrNotFound) {
		g, err = s.createGroup(ctx, tx, b, key, labels, false)
	}
	if err != nil {
		return nil, err
	}
	return b.remember(g), nil
}

// stormGroup is the open storm group, opened on the first storm alert.
func (s *Service) stormGroup(ctx context.Context, tx *store.Tx, b *batch) (*group, error) {
	for _, g := range b.byID {
		if g.storm && g.status == Open {
			return g, nil
		}
	}
	g, err := scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE storm = 1 AND status = 'open' ORDER BY id DESC LIMIT 1`+tx.ForUpdate()))
	if errors.Is(err, store.ErrNotFound) {
		g, err = s.createGroup(ctx, tx, b, "storm:"+strconv.FormatInt(store.Micros(b.now), 10), map[string]string{}, true)
	}
	if err != nil {
		return nil, err
	}
	return b.remember(g), nil
}

// createGroup inserts an open group. Two PostgreSQL instances may race to
// create the same key; the loser reads the winner's row.
func (s *Service) createGroup(ctx context.Context, tx *store.Tx, b *batch, key string, labels map[string]string, storm bool) (*group, error) {
	lj, _ := json.Marshal(labels)
	stormFlag := 0
	if storm {
		stormFlag = 1
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO alert_groups (group_key, labels, status, firing, storm, created_at, updated_at)
		VALUES (?, ?, 'open', 0, ?, ?, ?) ON CONFLICT (group_key) DO NOTHING RETURNING id`,
		key, string(lj), stormFlag, store.Micros(b.now), store.Micros(b.now)).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return scanGroup(tx.QueryRow(ctx, groupColumns+`WHERE group_key = ?`+tx.ForUpdate(), key))
	}
	if err != nil {
		return nil, err
	}
	return &group{id: id, key: key, labels: labels, status: Open, storm: storm, created: true}, nil
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
	if err := row.Scan(&g.id, &g.key, &labels, &g.status, &g.pageID, &g.firing, &storm); err != nil {
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
