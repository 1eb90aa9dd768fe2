package contact

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sitrep/internal/store"
)

// Step is one notification of a plan: reach Method once a page has gone
// unacknowledged for DelaySeconds.
type Step struct {
	DelaySeconds int64         `json:"delay_seconds"`
	Method       ContactMethod `json:"contact_method"`
	// RuleID is the rule the step comes from; 0 when the person has no rules
	// and every method is notified at once.
	RuleID int64 `json:"rule_id,omitempty"`
}

// Delay is how long after the page the step fires.
func (s Step) Delay() time.Duration { return time.Duration(s.DelaySeconds) * time.Second }

// Plan returns how to notify user id about a page, ordered by delay and
// then by method, oldest first. A person with methods but no rules gets
// every method at once: someone who wrote down a phone number expects it
// to ring. A person with no methods, or a disabled one, gets an empty plan;
// the caller should say that they cannot be reached.
func (s *Service) Plan(ctx context.Context, userID int64) ([]Step, error) {
	steps, err := plan(ctx, s.db, userID)
	if err != nil {
		return nil, fmt.Errorf("notification plan of user %d: %w", userID, err)
	}
	return steps, nil
}

// PlanTx is Plan inside tx, for the engine that creates a page and enqueues
// its notifications in one transaction.
func (s *Service) PlanTx(ctx context.Context, tx *store.Tx, userID int64) ([]Step, error) {
	steps, err := plan(ctx, tx, userID)
	if err != nil {
		return nil, fmt.Errorf("notification plan of user %d: %w", userID, err)
	}
	return steps, nil
}

// plan reads methods and rules in one query, so that it sees one state even
// outside a transaction: a rule is never paired with a method removed
// between two reads.
func plan(ctx context.Context, q querier, userID int64) ([]Step, error) {
	rows, err := q.Query(ctx, `SELECT `+methodColumns+`, r.id, r.delay_seconds
		FROM contact_methods m JOIN users u ON u.id = m.user_id
		LEFT JOIN notification_rules r ON r.contact_method_id = m.id
		WHERE m.user_id = ? AND u.disabled_at IS NULL
		ORDER BY COALESCE(r.delay_seconds, 0), m.id, r.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ruled, unruled []Step
	for rows.Next() {
		var st Step
		var rule, delay sql.NullInt64
		var kind string
		var at int64
		m := &st.Method
		if err := rows.Scan(&m.ID, &m.User, &kind, &m.Address, &m.Label, &at, &rule, &delay); err != nil {
			return nil, err
		}
		m.Kind, m.CreatedAt = Kind(kind), store.FromMicros(at)
		if !rule.Valid {
			unruled = append(unruled, st)
			continue
		}
		st.RuleID, st.DelaySeconds = rule.Int64, delay.Int64
		ruled = append(ruled, st)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ruled) > 0 {
		return ruled, nil
	}
	if unruled == nil {
		unruled = []Step{}
	}
	return unruled, nil
}
