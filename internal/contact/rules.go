package contact

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// AddRule tells sitrep to notify handle through their contact method
// methodID once a page has waited delay unacknowledged. The method must be
// handle's own: a rule never reaches someone else's phone.
func (s *Service) AddRule(ctx context.Context, actor auth.Principal, handle string, methodID int64, delay time.Duration) (NotificationRule, error) {
	var r NotificationRule
	err := s.mutate(ctx, "add notification rule", actor, handle, func(o *op) error {
		if delay < 0 || delay > MaxDelay || delay%time.Second != 0 {
			return problem.Invalidf("delay_seconds", "must be whole seconds from 0 (at once) to %d (an hour)", int64(MaxDelay/time.Second))
		}
		var kind, address string
		err := o.tx.QueryRow(ctx, `SELECT kind, address FROM contact_methods WHERE id = ? AND user_id = ?`, methodID, o.owner.id).Scan(&kind, &address)
		if errors.Is(err, store.ErrNotFound) {
			return problem.Invalidf("contact_method_id", "%s has no contact method %d; list theirs with `sitrep contact list --user %s`", o.owner.handle, methodID, o.owner.handle)
		}
		if err != nil {
			return err
		}
		var n int
		if err := o.tx.QueryRow(ctx, `SELECT COUNT(*) FROM notification_rules WHERE user_id = ?`, o.owner.id).Scan(&n); err != nil {
			return err
		}
		if n >= MaxRules {
			return problem.Conflictf("handle", "%s already has %d notification rules, the most allowed; remove one first", o.owner.handle, n)
		}
		r = NotificationRule{User: o.owner.handle, ContactMethodID: methodID, DelaySeconds: int64(delay / time.Second), CreatedAt: o.now}
		err = o.tx.QueryRow(ctx, `INSERT INTO notification_rules (user_id, contact_method_id, delay_seconds, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			o.owner.id, methodID, r.DelaySeconds, store.Micros(o.now)).Scan(&r.ID)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("delay_seconds", "contact method %d already has a rule at %s", methodID, delay)
		}
		if err != nil {
			return err
		}
		return s.emit(o, "notification_rule.added", map[string]any{"id": r.ID, "contact_method_id": methodID,
			"kind": kind, "address": Mask(Kind(kind), address), "delay_seconds": r.DelaySeconds})
	})
	if err != nil {
		return NotificationRule{}, err
	}
	return r, nil
}

// RemoveRule removes notification rule id of handle.
func (s *Service) RemoveRule(ctx context.Context, actor auth.Principal, handle string, id int64) error {
	return s.mutate(ctx, "remove notification rule", actor, handle, func(o *op) error {
		var method, delay int64
		err := o.tx.QueryRow(ctx, `DELETE FROM notification_rules WHERE id = ? AND user_id = ? RETURNING contact_method_id, delay_seconds`,
			id, o.owner.id).Scan(&method, &delay)
		if errors.Is(err, store.ErrNotFound) {
			return problem.NotFoundf("id", "%s has no notification rule %d; list them with `sitrep contact list`", o.owner.handle, id)
		}
		if err != nil {
			return err
		}
		return s.emit(o, "notification_rule.removed", map[string]any{"id": id, "contact_method_id": method, "delay_seconds": delay})
	})
}

// Rules lists handle's notification rules by delay. Only the owner and
// admins may read them.
func (s *Service) Rules(ctx context.Context, actor auth.Principal, handle string) ([]NotificationRule, error) {
	handle, err := allowed(actor, handle, "read")
	if err != nil {
		return nil, err
	}
	o, err := s.lookupOwner(ctx, handle)
	if err != nil {
		return nil, err
	}
	rs, err := listRules(ctx, s.db, o.id)
	if err != nil {
		return nil, fmt.Errorf("list notification rules of %s: %w", handle, err)
	}
	return rs, nil
}

// listRules reads every rule of user id, by delay and then method. The cap
// on rules per person bounds the list.
func listRules(ctx context.Context, q querier, userID int64) ([]NotificationRule, error) {
	rows, err := q.Query(ctx, `SELECT r.id, u.handle, r.contact_method_id, r.delay_seconds, r.created_at
		FROM notification_rules r JOIN users u ON u.id = r.user_id
		WHERE r.user_id = ? ORDER BY r.delay_seconds, r.contact_method_id, r.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []NotificationRule{}
	for rows.Next() {
		var r NotificationRule
		var at int64
		if err := rows.Scan(&r.ID, &r.User, &r.ContactMethodID, &r.DelaySeconds, &at); err != nil {
			return nil, err
		}
		r.CreatedAt = store.FromMicros(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
