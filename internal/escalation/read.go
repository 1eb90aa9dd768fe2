package escalation

import (
	"context"
	"fmt"
)

// Page sizes of List.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// Get reads policy name.
func (s *Service) Get(ctx context.Context, name string) (Policy, error) {
	p, err := getPolicy(ctx, s.db, name)
	if err != nil {
		return Policy{}, fmt.Errorf("read escalation policy %s: %w", name, err)
	}
	return p, nil
}

// List returns up to limit policies named after cursor, in name order, and
// the cursor of the next page ("" on the last one). A limit of 0 means
// DefaultLimit; more than MaxLimit is capped.
func (s *Service) List(ctx context.Context, cursor string, limit int) ([]Policy, string, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	// One more than asked tells whether there is a next page without a
	// second query, so the last page never ends with an empty one.
	rows, err := s.db.Query(ctx, `SELECT `+policyColumns+` FROM escalation_policies WHERE name > ? ORDER BY name LIMIT ?`, cursor, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list escalation policies: %w", err)
	}
	defer rows.Close()
	out := []Policy{}
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			return nil, "", fmt.Errorf("list escalation policies: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list escalation policies: %w", err)
	}
	var next string
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].Name
	}
	return out, next, nil
}
