package statedoc

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/markdown"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// WorkstreamSection is the part of the document a workstream writes: its
// name, lead and status, and what its lead last reported. It is derived from
// the workstream and its updates, never stored.
type WorkstreamSection struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Lead     string `json:"lead,omitempty"`
	Status   string `json:"status"`
	Priority int    `json:"priority"`
	// Latest is the lead's latest update of the workstream; nil until the
	// lead has posted one.
	Latest *LeadUpdate `json:"latest_update,omitempty"`
}

// LeadUpdate is a workstream lead's report.
type LeadUpdate struct {
	ID        int64         `json:"id"`
	Body      string        `json:"body"`
	HTML      template.HTML `json:"html"`
	CreatedAt time.Time     `json:"created_at"`
}

// wsCursor continues the workstream list (ordered by priority, then id)
// after the last one a page held.
type wsCursor struct {
	priority int
	id       int64
}

func (c wsCursor) String() string { return fmt.Sprintf("%d.%d", c.priority, c.id) }

// parseCursor reads a cursor from outside; "" starts at the beginning.
func parseCursor(s string) (wsCursor, error) {
	if s == "" {
		return wsCursor{}, nil
	}
	p, id, ok := strings.Cut(s, ".")
	pr, err1 := strconv.Atoi(p)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || pr < 0 || n < 1 || len(s) > 40 {
		return wsCursor{}, problem.Invalidf("cursor", "%q is not a cursor; pass next_cursor from the previous page", s)
	}
	return wsCursor{priority: pr, id: n}, nil
}

// workstreams reads one page of workstream sections, most important first.
// The lead's latest update comes in the same query: the updates index on
// (workstream, id) makes each lookup one index probe.
func (s *Service) workstreams(ctx context.Context, number int64, after wsCursor, limit int) ([]WorkstreamSection, string, error) {
	rows, err := s.db.Query(ctx, `SELECT w.id, w.name, COALESCE(u.handle, ''), w.status, w.priority,
		COALESCE(p.id, 0), COALESCE(p.body, ''), COALESCE(p.created_at, 0)
		FROM workstreams w LEFT JOIN users u ON u.id = w.lead
		LEFT JOIN updates p ON p.id = (SELECT MAX(x.id) FROM updates x WHERE x.workstream = w.id AND x.author = w.lead)
		WHERE w.incident = ? AND (w.priority > ? OR (w.priority = ? AND w.id > ?))
		ORDER BY w.priority, w.id LIMIT ?`, number, after.priority, after.priority, after.id, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("workstream sections of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []WorkstreamSection{}
	for rows.Next() {
		var w WorkstreamSection
		var u LeadUpdate
		var at int64
		if err := rows.Scan(&w.ID, &w.Name, &w.Lead, &w.Status, &w.Priority, &u.ID, &u.Body, &at); err != nil {
			return nil, "", fmt.Errorf("workstream sections of incident %d: %w", number, err)
		}
		if u.ID != 0 {
			u.CreatedAt = store.FromMicros(at)
			u.HTML = markdown.Render(u.Body)
			w.Latest = &u
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("workstream sections of incident %d: %w", number, err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[len(out)-1]
		next = wsCursor{last.Priority, last.ID}.String()
	}
	return out, next, nil
}
