package statuspage

import (
	"context"
	"fmt"
	"time"

	"sitrep/internal/store"
)

// maxSpans bounds the history one render reads: 200 components changing
// status every few hours for 90 days. Beyond it the oldest days of the
// bars show less, and the page still renders in bounded time.
const maxSpans = 50000

// ComponentView is a component as the page shows it: its status now
// (maintenance while a window covers it) and its bars.
type ComponentView struct {
	Component
	Current string
	Bars    Bars
}

// Label words Current.
func (v ComponentView) Label() string { return StatusLabel(v.Current) }

// Group is components under one heading, such as a region.
type Group struct {
	Name       string
	Components []ComponentView
}

// Board reads every component with its status now and its bars, grouped.
func (s *Service) Board(ctx context.Context, now time.Time) ([]Group, error) {
	comps, err := s.Components(ctx)
	if err != nil || len(comps) == 0 {
		return []Group{}, err
	}
	since := now.Truncate(24*time.Hour).AddDate(0, 0, -(BarDays - 1))
	spans, err := s.spans(ctx, `SELECT component, status, from_at, to_at FROM status_component_history
		WHERE to_at IS NULL OR to_at >= ? ORDER BY component, from_at LIMIT ?`, store.Micros(since), maxSpans)
	if err != nil {
		return nil, err
	}
	maint, err := s.spans(ctx, `SELECT mc.component, 'maintenance', m.starts_at, m.ends_at FROM status_maintenance m
		JOIN status_maintenance_components mc ON mc.maintenance = m.id
		WHERE m.cancelled = 0 AND m.ends_at >= ? AND m.starts_at <= ? ORDER BY mc.component, m.starts_at LIMIT ?`,
		store.Micros(since), store.Micros(now), maxSpans)
	if err != nil {
		return nil, err
	}
	var out []Group
	for _, c := range comps {
		v := ComponentView{Component: c, Current: c.Status, Bars: ComputeBars(spans[c.ID], maint[c.ID], now, BarDays)}
		for _, w := range maint[c.ID] {
			if !now.Before(w.From) && now.Before(w.To) && !IsDown(c.Status) {
				v.Current = CompMaintenance
			}
		}
		if len(out) == 0 || out[len(out)-1].Name != c.Group {
			out = append(out, Group{Name: c.Group})
		}
		g := &out[len(out)-1]
		g.Components = append(g.Components, v)
	}
	return out, nil
}

func (s *Service) spans(ctx context.Context, q string, args ...any) (map[int64][]Span, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read component history: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Span{}
	for rows.Next() {
		var id, from int64
		var to *int64
		var sp Span
		if err := rows.Scan(&id, &sp.Status, &from, &to); err != nil {
			return nil, fmt.Errorf("read component history: %w", err)
		}
		sp.From = store.FromMicros(from)
		if to != nil {
			sp.To = store.FromMicros(*to)
		}
		out[id] = append(out[id], sp)
	}
	return out, rows.Err()
}

// BoardStatus is the overall status the components say: a major outage if
// any is in one, degraded if any is degraded or partly out.
func BoardStatus(groups []Group) string {
	st := Operational
	for _, g := range groups {
		for _, c := range g.Components {
			switch c.Current {
			case CompMajorOutage:
				return MajorOutage
			case CompDegraded, CompPartialOutage:
				st = Degraded
			}
		}
	}
	return st
}

// worse returns the worse of two overall statuses.
func worse(a, b string) string {
	rank := map[string]int{Operational: 0, Degraded: 1, MajorOutage: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
