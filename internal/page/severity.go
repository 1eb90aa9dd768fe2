package page

import (
	"context"
	"encoding/json"
	"fmt"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// SeverityPolicy says whom an incident of a severity pages.
type SeverityPolicy struct {
	Severity string   `json:"severity"`
	Targets  []Target `json:"targets"`
}

// OnSeverity pages the targets of the severity policy of sev for incident
// number, inside the transaction that declared or escalated it. Each target
// is paged once per incident, however often the severity moves. A target
// that reaches nobody (the schedule does not exist yet) puts page.unrouted on
// the timeline instead of failing the declaration.
func (s *Service) OnSeverity(ctx context.Context, tx *store.Tx, number int64, sev string, actor auth.Principal) error {
	var raw string
	err := tx.QueryRow(ctx, `SELECT targets FROM severity_policies WHERE severity = ?`, sev).Scan(&raw)
	if err != nil {
		return ignoreNotFound(err)
	}
	var targets []Target
	if err := json.Unmarshal([]byte(raw), &targets); err != nil {
		return fmt.Errorf("severity policy %s: %w", sev, err)
	}
	var title string
	if err := tx.QueryRow(ctx, `SELECT title FROM incidents WHERE number = ?`, number).Scan(&title); err != nil {
		return err
	}
	for _, t := range targets {
		r := Request{Summary: title, Incident: number, Severity: sev, Source: "severity-policy",
			DedupKey: fmt.Sprintf("severity:%d:%s", number, t)}
		if t.Kind == "policy" {
			r.Policy = t.Ref
		} else {
			r.Targets = []Target{t}
		}
		if _, err := s.trigger(ctx, tx, actor, r); err != nil {
			return fmt.Errorf("severity policy %s: page %s: %w", sev, t, err)
		}
	}
	return nil
}

// SeverityPolicies lists the configured severity policies.
func (s *Service) SeverityPolicies(ctx context.Context) ([]SeverityPolicy, error) {
	rows, err := s.db.Query(ctx, `SELECT severity, targets FROM severity_policies ORDER BY severity`)
	if err != nil {
		return nil, fmt.Errorf("list severity policies: %w", err)
	}
	defer rows.Close()
	out := []SeverityPolicy{}
	for rows.Next() {
		var p SeverityPolicy
		var raw string
		if err := rows.Scan(&p.Severity, &raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &p.Targets); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetSeverityPolicy replaces whom sev pages; no targets pages nobody.
func (s *Service) SetSeverityPolicy(ctx context.Context, actor auth.Principal, p SeverityPolicy) (SeverityPolicy, error) {
	if !actor.Role.Allows(auth.Admin) {
		return SeverityPolicy{}, problem.Forbiddenf("only an admin can change severity policies")
	}
	switch p.Severity {
	case "SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5":
	default:
		return SeverityPolicy{}, problem.Invalidf("severity", "%q is not a severity; use SEV-1 to SEV-5", p.Severity)
	}
	if p.Targets == nil {
		p.Targets = []Target{}
	}
	for i, t := range p.Targets {
		if err := checkTarget(fmt.Sprintf("targets[%d]", i), t); err != nil {
			return SeverityPolicy{}, err
		}
	}
	raw, _ := json.Marshal(p.Targets)
	now := s.clock.Now()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO severity_policies (severity, targets, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (severity) DO UPDATE SET targets = excluded.targets, updated_at = excluded.updated_at`, p.Severity, string(raw), store.Micros(now))
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "severity_policy.set", p)
		return err
	})
	return p, err
}
