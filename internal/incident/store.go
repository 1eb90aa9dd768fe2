package incident

import (
	"context"
	"fmt"

	"sitrep/internal/store"
)

const incidentColumns = `i.number, i.title, i.summary, i.severity, i.status, COALESCE(i.parent, 0), COALESCE(i.merged_into, 0),
	COALESCE((SELECT handle FROM users u WHERE u.id = i.created_by), ''), i.created_at, i.updated_at`

type scanner interface{ Scan(...any) error }

func scanIncident(sc scanner) (Incident, error) {
	var inc Incident
	var sev, status string
	var created, updated int64
	err := sc.Scan(&inc.Number, &inc.Title, &inc.Summary, &sev, &status, &inc.Parent, &inc.MergedInto, &inc.CreatedBy, &created, &updated)
	if err != nil {
		return Incident{}, err
	}
	inc.Severity, inc.Status = Severity(sev), Status(status)
	inc.CreatedAt, inc.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	inc.Tags = []string{}
	inc.Milestones = []Milestone{}
	return inc, nil
}

// fillTagsAndMilestones loads the tags and milestones of incs in two queries.
func (s *Service) fillTagsAndMilestones(ctx context.Context, incs []Incident) error {
	if len(incs) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(incs))
	args := make([]any, len(incs))
	for i, inc := range incs {
		idx[inc.Number] = i
		args[i] = inc.Number
	}
	in := store.Placeholders(len(incs))
	rows, err := s.db.Query(ctx, `SELECT incident, tag FROM incident_tags WHERE incident IN (`+in+`) ORDER BY incident, tag`, args...)
	if err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	for rows.Next() {
		var n int64
		var tag string
		if err := rows.Scan(&n, &tag); err != nil {
			rows.Close()
			return fmt.Errorf("load tags: %w", err)
		}
		incs[idx[n]].Tags = append(incs[idx[n]].Tags, tag)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	rows, err = s.db.Query(ctx, `SELECT m.incident, m.kind, m.at, m.reason, COALESCE(u.handle, '') FROM milestones m
		LEFT JOIN users u ON u.id = m.set_by WHERE m.incident IN (`+in+`) ORDER BY m.incident, m.at`, args...)
	if err != nil {
		return fmt.Errorf("load milestones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, at int64
		var m Milestone
		if err := rows.Scan(&n, &m.Kind, &at, &m.Reason, &m.SetBy); err != nil {
			return fmt.Errorf("load milestones: %w", err)
		}
		m.At = store.FromMicros(at)
		incs[idx[n]].Milestones = append(incs[idx[n]].Milestones, m)
	}
	return rows.Err()
}
