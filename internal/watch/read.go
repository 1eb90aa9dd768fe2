package watch

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

type querier interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

// Get returns the probe called name.
func (s *Service) Get(ctx context.Context, name string) (Probe, error) {
	p, err := getProbe(ctx, s.db, name)
	if err != nil {
		return Probe{}, err
	}
	ps := []Probe{p}
	if err := s.loadVantages(ctx, ps); err != nil {
		return Probe{}, err
	}
	return ps[0], nil
}

func getProbe(ctx context.Context, q querier, name string) (Probe, error) {
	p, err := scanProbe(q.QueryRow(ctx, `SELECT `+probeColumns+` FROM probes WHERE name = ?`, name))
	if errors.Is(err, store.ErrNotFound) {
		return Probe{}, problem.NotFoundf("name", "no probe is named %q; list them with GET /api/v1/probes", name)
	}
	if err != nil {
		return Probe{}, fmt.Errorf("read probe %s: %w", name, err)
	}
	return p, nil
}

// List returns probes by name after cursor (the last name of the previous
// page) and the cursor of the next page, empty on the last.
func (s *Service) List(ctx context.Context, cursor string, limit int) ([]Probe, string, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	out, err := s.query(ctx, `SELECT `+probeColumns+` FROM probes WHERE name > ? ORDER BY name LIMIT ?`, cursor, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list probes: %w", err)
	}
	var next string
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].Name
	}
	return out, next, nil
}

// ForVantage returns the enabled probes that vantage point runs.
func (s *Service) ForVantage(ctx context.Context, vantage string) ([]Probe, error) {
	if !vantageRE.MatchString(vantage) {
		return nil, problem.Invalidf("name", "a vantage point's name has 1 to 63 lowercase letters, digits or '-'")
	}
	out, err := s.query(ctx, `SELECT `+probeColumns+` FROM probes WHERE enabled = 1 AND id IN
		(SELECT probe_id FROM probe_vantages WHERE vantage = ?) ORDER BY name`, vantage)
	if err != nil {
		return nil, fmt.Errorf("probes of vantage point %s: %w", vantage, err)
	}
	return out, nil
}

func (s *Service) query(ctx context.Context, q string, args ...any) ([]Probe, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := []Probe{}
	for rows.Next() {
		p, err := scanProbe(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadVantages(ctx, out)
}

// loadVantages fills in the probes' vantage points.
func (s *Service) loadVantages(ctx context.Context, ps []Probe) error {
	if len(ps) == 0 {
		return nil
	}
	at := map[int64]int{}
	args := make([]any, len(ps))
	for i, p := range ps {
		at[p.id], args[i] = i, p.id
		ps[i].Vantages = []string{}
	}
	rows, err := s.db.Query(ctx, `SELECT probe_id, vantage FROM probe_vantages WHERE probe_id IN (`+store.Placeholders(len(ps))+`) ORDER BY probe_id, vantage`, args...)
	if err != nil {
		return fmt.Errorf("read vantage points: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		ps[at[id]].Vantages = append(ps[at[id]].Vantages, v)
	}
	return rows.Err()
}
