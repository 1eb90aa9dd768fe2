package escalation

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Querier is what both a *store.DB and a *store.Tx offer, so the lookups
// below serve reads and the checks made inside a write transaction alike.
type Querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

var (
	_ Querier = (*store.DB)(nil)
	_ Querier = (*store.Tx)(nil)
)

const policyColumns = `id, name, description, repeat, steps, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanPolicy(sc scanner) (Policy, error) {
	var p Policy
	var steps string
	var created, updated int64
	if err := sc.Scan(&p.ID, &p.Name, &p.Description, &p.Repeat, &steps, &created, &updated); err != nil {
		return Policy{}, err
	}
	if err := json.Unmarshal([]byte(steps), &p.Steps); err != nil {
		return Policy{}, fmt.Errorf("policy %q: stored steps: %w", p.Name, err)
	}
	p.CreatedAt, p.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return p, nil
}

func getPolicy(ctx context.Context, q Querier, name string) (Policy, error) {
	p, err := scanPolicy(q.QueryRow(ctx, `SELECT `+policyColumns+` FROM escalation_policies WHERE name = ?`, name))
	if errors.Is(err, store.ErrNotFound) {
		return Policy{}, problem.NotFoundf("name", "no escalation policy %q; list them with `sitrep policy list` or GET /api/v1/escalation-policies", name)
	}
	return p, err
}

// Referencing returns the names of the policies with a step that targets
// kind:ref, in name order. Services that delete or rename what policies point
// at (schedules, users, policies) call it inside their transaction to refuse
// a change that would leave a policy paging nobody. On PostgreSQL they must
// lock the row first (SELECT ... FOR UPDATE, or the DELETE itself): a policy
// being saved share-locks the rows it points at, so the lock waits for it
// and Referencing then sees it.
func Referencing(ctx context.Context, q Querier, kind, ref string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT p.name FROM escalation_policy_refs r JOIN escalation_policies p ON p.id = r.policy_id
		WHERE r.kind = ? AND r.ref = ? ORDER BY p.name`, kind, ref)
	if err != nil {
		return nil, fmt.Errorf("policies referencing %s %q: %w", kind, ref, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// policyGraph returns, for every stored policy, the policies its steps hand on to.
func policyGraph(ctx context.Context, q Querier) (map[string][]string, error) {
	rows, err := q.Query(ctx, `SELECT p.name, r.ref FROM escalation_policy_refs r JOIN escalation_policies p ON p.id = r.policy_id
		WHERE r.kind = ? ORDER BY p.name, r.ref`, KindPolicy)
	if err != nil {
		return nil, fmt.Errorf("load policy graph: %w", err)
	}
	defer rows.Close()
	g := map[string][]string{}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			return nil, err
		}
		g[from] = append(g[from], to)
	}
	return g, rows.Err()
}

// writeRefs replaces the reference rows of policy id with one row per
// distinct target of p.
func writeRefs(ctx context.Context, tx *store.Tx, id int64, p Policy) error {
	if _, err := tx.Exec(ctx, `DELETE FROM escalation_policy_refs WHERE policy_id = ?`, id); err != nil {
		return fmt.Errorf("clear references: %w", err)
	}
	seen := map[Target]bool{}
	for _, st := range p.Steps {
		for _, t := range st.Targets {
			if seen[t] {
				continue
			}
			seen[t] = true
			if _, err := tx.Exec(ctx, `INSERT INTO escalation_policy_refs (policy_id, kind, ref) VALUES (?, ?, ?)`, id, t.Kind, t.Ref); err != nil {
				return fmt.Errorf("reference %s %q: %w", t.Kind, t.Ref, err)
			}
		}
	}
	return nil
}
