package alert

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Group is an alert group as readers see it.
type Group struct {
	ID     int64             `json:"id"`
	Key    string            `json:"group_key"`
	Labels map[string]string `json:"labels"`
	Status Status            `json:"status"`
	PageID int64             `json:"page_id,omitempty"`
	Firing int               `json:"firing"`
	Storm  bool              `json:"storm"`
	// Service and Policy are where the group was routed when it opened;
	// Incident is the incident its route declared.
	Service   string    `json:"service,omitempty"`
	Policy    string    `json:"escalation_policy,omitempty"`
	Incident  int64     `json:"incident,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Alerts are the group's most recent alerts, on Get only.
	Alerts []Alert `json:"alerts,omitempty"`
}

// Filter selects a page of a list, newest first: Before is the cursor (an id)
// and Limit is capped at MaxList.
type Filter struct {
	Status string
	Group  int64
	Before int64
	Limit  int
}

// MaxList is the most rows one list call returns.
const MaxList = 200

func (f Filter) bounds(statuses ...Status) (before int64, limit int, err error) {
	if f.Status != "" {
		ok := false
		for _, s := range statuses {
			ok = ok || f.Status == string(s)
		}
		if !ok {
			return 0, 0, problem.Invalidf("status", "%q is not a status; use %s or %s", f.Status, statuses[0], statuses[1])
		}
	}
	before, limit = f.Before, f.Limit
	if before <= 0 {
		before = 1<<63 - 1
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	return before, limit, nil
}

const alertColumns = `SELECT id, fingerprint, labels, annotations, status, starts_at, ends_at, last_seen_at, group_id, source FROM alerts `

// Alerts lists alerts, newest first, and the cursor of the next page (0 at the end).
func (s *Service) Alerts(ctx context.Context, f Filter) ([]Alert, int64, error) {
	before, limit, err := f.bounds(Firing, Resolved)
	if err != nil {
		return nil, 0, err
	}
	q, args := alertColumns+`WHERE id < ?`, []any{before}
	if f.Status != "" {
		q, args = q+` AND status = ?`, append(args, f.Status)
	}
	if f.Group != 0 {
		q, args = q+` AND group_id = ?`, append(args, f.Group)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, next(len(out), limit, func() int64 { return out[len(out)-1].ID }), rows.Err()
}

func scanAlert(rows *sql.Rows) (Alert, error) {
	var a Alert
	var labels, ann string
	var starts, seen int64
	var ends, group *int64
	if err := rows.Scan(&a.ID, &a.Fingerprint, &labels, &ann, &a.Status, &starts, &ends, &seen, &group, &a.Source); err != nil {
		return a, err
	}
	_ = json.Unmarshal([]byte(labels), &a.Labels)
	_ = json.Unmarshal([]byte(ann), &a.Annotations)
	a.StartsAt, a.EndsAt, a.LastSeenAt = store.FromMicros(starts), store.FromNullMicros(ends), store.FromMicros(seen)
	if group != nil {
		a.GroupID = *group
	}
	return a, nil
}

const groupReadColumns = `SELECT id, group_key, labels, status, page_id, firing, storm, service, policy, incident, created_at, updated_at FROM alert_groups `

// Groups lists alert groups, newest first, and the cursor of the next page.
func (s *Service) Groups(ctx context.Context, f Filter) ([]Group, int64, error) {
	before, limit, err := f.bounds(Open, Resolved)
	if err != nil {
		return nil, 0, err
	}
	q, args := groupReadColumns+`WHERE id < ?`, []any{before}
	if f.Status != "" {
		q, args = q+` AND status = ?`, append(args, f.Status)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Group{}
	for rows.Next() {
		g, err := scanReadGroup(rows.Scan)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, g)
	}
	return out, next(len(out), limit, func() int64 { return out[len(out)-1].ID }), rows.Err()
}

// Group reads one group with its most recent alerts.
func (s *Service) Group(ctx context.Context, id int64) (Group, error) {
	g, err := scanReadGroup(s.db.QueryRow(ctx, groupReadColumns+`WHERE id = ?`, id).Scan)
	if errors.Is(err, store.ErrNotFound) {
		return g, problem.NotFoundf("id", "no alert group %d", id)
	}
	if err != nil {
		return g, err
	}
	g.Alerts, _, err = s.Alerts(ctx, Filter{Group: id, Limit: 50})
	return g, err
}

func scanReadGroup(scan func(...any) error) (Group, error) {
	var g Group
	var labels string
	var page, inc *int64
	var storm, created, updated int64
	if err := scan(&g.ID, &g.Key, &labels, &g.Status, &page, &g.Firing, &storm, &g.Service, &g.Policy, &inc, &created, &updated); err != nil {
		return g, err
	}
	if inc != nil {
		g.Incident = *inc
	}
	_ = json.Unmarshal([]byte(labels), &g.Labels)
	if page != nil {
		g.PageID = *page
	}
	g.Storm, g.CreatedAt, g.UpdatedAt = storm != 0, store.FromMicros(created), store.FromMicros(updated)
	return g, nil
}

func next(n, limit int, last func() int64) int64 {
	if n < limit {
		return 0
	}
	return last()
}
