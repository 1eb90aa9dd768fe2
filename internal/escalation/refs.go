package escalation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Referrer lists, inside a policy write's transaction, what outside this
// package refers to policy by name. Policy writes hold a lock that
// conflicts with theirs on PostgreSQL, so what it finds holds until commit.
type Referrer func(ctx context.Context, tx *store.Tx, policy string) ([]string, error)

// checkTargets makes sure that every user, schedule and policy p names
// exists, and that handing on through policy targets never leads back to p.
// It runs inside the saving transaction, after policy writes have been
// serialized (see Service.write), so what it checks still holds at commit.
func checkTargets(ctx context.Context, tx *store.Tx, p Policy) error {
	// On PostgreSQL the rows found are share-locked until commit, so a
	// schedule or user deleted at the same moment waits for this policy and
	// then finds it in Referencing, instead of leaving it pointing at nothing.
	// SQLite's single writer orders the two already.
	lock := ""
	if tx.Dialect() == store.Postgres {
		lock = " FOR SHARE"
	}
	var graph map[string][]string
	for i, st := range p.Steps {
		for j, t := range st.Targets {
			f := fmt.Sprintf("steps[%d].targets[%d].ref", i, j)
			var err error
			switch t.Kind {
			case KindUser:
				err = mustExist(ctx, tx, `SELECT id FROM users WHERE handle = ? AND disabled_at IS NULL`+lock, t.Ref,
					problem.NotFoundf(f, "no user %q; add them with `sitrep user add` or POST /api/v1/users", t.Ref))
			case KindSchedule:
				err = mustExist(ctx, tx, `SELECT id FROM schedules WHERE name = ?`+lock, t.Ref,
					problem.NotFoundf(f, "no schedule %q; create it first with POST /api/v1/schedules", t.Ref))
			case KindPolicy:
				if graph == nil {
					if graph, err = policyGraph(ctx, tx); err != nil {
						return err
					}
					graph[p.Name] = policyTargets(p)
				}
				err = checkHandOn(ctx, tx, graph, p.Name, t.Ref, f)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkHandOn refuses a policy target that does not exist or that leads back
// to the policy being saved. Stored policies never form a cycle, so a new
// cycle must pass through the policy being saved: searching from each of its
// targets is enough.
func checkHandOn(ctx context.Context, q Querier, graph map[string][]string, self, target, field string) error {
	if target == self {
		return problem.Invalidf(field, "policy %q cannot hand on to itself; use repeat to run its steps again", self)
	}
	err := mustExist(ctx, q, `SELECT id FROM escalation_policies WHERE name = ?`, target,
		problem.NotFoundf(field, "no escalation policy %q; create it first", target))
	if err != nil {
		return err
	}
	if path := pathBack(graph, self, target); path != nil {
		return problem.Invalidf(field, "policy %q leads back to %q (%s), which would page in a loop forever; remove one of these hand-ons",
			target, self, strings.Join(path, " → "))
	}
	return nil
}

// pathBack returns the chain of policies from self through next back to
// self, or nil when next never leads back.
func pathBack(graph map[string][]string, self, next string) []string {
	visited := map[string]bool{}
	var walk func(n string, path []string) []string
	walk = func(n string, path []string) []string {
		path = append(path[:len(path):len(path)], n)
		if n == self {
			return path
		}
		if visited[n] {
			return nil
		}
		visited[n] = true
		for _, m := range graph[n] {
			if found := walk(m, path); found != nil {
				return found
			}
		}
		return nil
	}
	return walk(next, []string{self})
}

// policyTargets lists the policies p hands on to.
func policyTargets(p Policy) []string {
	var out []string
	for _, st := range p.Steps {
		for _, t := range st.Targets {
			if t.Kind == KindPolicy {
				out = append(out, t.Ref)
			}
		}
	}
	return out
}

// mustExist returns missing when query finds no row for arg.
func mustExist(ctx context.Context, q Querier, query, arg string, missing error) error {
	var id int64
	err := q.QueryRow(ctx, query, arg).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return missing
	}
	return err
}
