package incident

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Get returns incident number with its roles, workstreams, responder count,
// children and links: what a responder reads first.
func (s *Service) Get(ctx context.Context, number int64) (Detail, error) {
	inc, err := s.incident(ctx, number)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Incident: inc}
	if d.Roles, err = s.currentRoles(ctx, number); err != nil {
		return Detail{}, err
	}
	if d.Workstreams, err = s.Workstreams(ctx, number); err != nil {
		return Detail{}, err
	}
	err = s.db.QueryRow(ctx, `SELECT COUNT(*) FROM responder_stints WHERE incident = ? AND left_at IS NULL`, number).Scan(&d.Responders)
	if err != nil {
		return Detail{}, fmt.Errorf("count responders of incident %d: %w", number, err)
	}
	if d.Children, err = s.children(ctx, number); err != nil {
		return Detail{}, err
	}
	if d.Links, err = s.links(ctx, number); err != nil {
		return Detail{}, err
	}
	return d, nil
}

func (s *Service) incident(ctx context.Context, number int64) (Incident, error) {
	inc, err := scanIncident(s.db.QueryRow(ctx, `SELECT `+incidentColumns+` FROM incidents i WHERE number = ?`, number))
	if errors.Is(err, store.ErrNotFound) {
		return Incident{}, problem.NotFoundf("number", "no incident %d; list incidents with GET /api/v1/incidents", number)
	}
	if err != nil {
		return Incident{}, fmt.Errorf("read incident %d: %w", number, err)
	}
	incs := []Incident{inc}
	if err := s.fillTagsAndMilestones(ctx, incs); err != nil {
		return Incident{}, err
	}
	return incs[0], nil
}

func (s *Service) children(ctx context.Context, number int64) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT number FROM incidents WHERE parent = ? ORDER BY number`, number)
	if err != nil {
		return nil, fmt.Errorf("list children of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Filter narrows a list of incidents. Zero values do not filter.
type Filter struct {
	// Status is a status, or "open" for every status but resolved.
	Status   string
	Severity Severity
	Tag      string
	Parent   int64
	// Before is the cursor: list incidents numbered below it (newest first).
	Before int64
	Limit  int
}

// MaxList is the most incidents one page holds.
const MaxList = 200

// List returns incidents newest first, and the cursor of the next page (0 when
// this was the last).
func (s *Service) List(ctx context.Context, f Filter) ([]Incident, int64, error) {
	if f.Limit <= 0 || f.Limit > MaxList {
		f.Limit = 50
	}
	q := `SELECT ` + incidentColumns + ` FROM incidents i WHERE 1 = 1`
	var args []any
	switch {
	case f.Status == "open":
		q += ` AND i.status <> 'resolved'`
	case f.Status != "":
		if !Status(f.Status).Valid() {
			return nil, 0, problem.Invalidf("status", "%q is not a status; use open, investigating, identified, monitoring or resolved", f.Status)
		}
		q += ` AND i.status = ?`
		args = append(args, f.Status)
	}
	if f.Severity != "" {
		if err := checkSeverity("severity", f.Severity); err != nil {
			return nil, 0, err
		}
		q += ` AND i.severity = ?`
		args = append(args, string(f.Severity))
	}
	if f.Tag != "" {
		q += ` AND EXISTS (SELECT 1 FROM incident_tags t WHERE t.incident = i.number AND t.tag = ?)`
		args = append(args, f.Tag)
	}
	if f.Parent != 0 {
		q += ` AND i.parent = ?`
		args = append(args, f.Parent)
	}
	if f.Before > 0 {
		q += ` AND i.number < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY i.number DESC LIMIT ?`
	args = append(args, f.Limit+1)
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	incs := []Incident{}
	for rows.Next() {
		inc, err := scanIncident(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list incidents: %w", err)
		}
		incs = append(incs, inc)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list incidents: %w", err)
	}
	var next int64
	if len(incs) > f.Limit {
		incs = incs[:f.Limit]
		next = incs[len(incs)-1].Number
	}
	return incs, next, s.fillTagsAndMilestones(ctx, incs)
}
