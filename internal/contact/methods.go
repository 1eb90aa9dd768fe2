package contact

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// AddMethod adds a way to reach handle (Self for the caller). People manage
// their own methods; admins anyone's. Adding a method creates no rule: with
// no rules at all, every method is notified at once (see Plan).
func (s *Service) AddMethod(ctx context.Context, actor auth.Principal, handle string, nm NewMethod) (ContactMethod, error) {
	var m ContactMethod
	err := s.mutate(ctx, "add contact method", actor, handle, func(o *op) error {
		// Checked here, after the permission check, so that a caller who may
		// not add the method is told that first. It does no I/O.
		if err := nm.Validate(s.guard); err != nil {
			return err
		}
		var n int
		if err := o.tx.QueryRow(ctx, `SELECT COUNT(*) FROM contact_methods WHERE user_id = ?`, o.owner.id).Scan(&n); err != nil {
			return err
		}
		if n >= MaxMethods {
			return problem.Conflictf("handle", "%s already has %d contact methods, the most allowed; remove one first", o.owner.handle, n)
		}
		m = ContactMethod{User: o.owner.handle, Kind: nm.Kind, Address: nm.Address, Label: nm.Label, CreatedAt: o.now}
		err := o.tx.QueryRow(ctx, `INSERT INTO contact_methods (user_id, kind, address, label, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			o.owner.id, string(m.Kind), m.Address, m.Label, store.Micros(o.now)).Scan(&m.ID)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("address", "%s already has this %s address", o.owner.handle, m.Kind)
		}
		if err != nil {
			return err
		}
		return s.emit(o, "contact_method.added", map[string]any{
			"id": m.ID, "kind": m.Kind, "address": Mask(m.Kind, m.Address), "label": m.Label})
	})
	if err != nil {
		return ContactMethod{}, err
	}
	return m, nil
}

// RemoveMethod removes contact method id of handle, and the rules that use
// it, so that no page goes on to notify an address its owner took away.
func (s *Service) RemoveMethod(ctx context.Context, actor auth.Principal, handle string, id int64) error {
	return s.mutate(ctx, "remove contact method", actor, handle, func(o *op) error {
		m, err := scanMethod(o.tx.QueryRow(ctx, `SELECT `+methodColumns+` FROM contact_methods m JOIN users u ON u.id = m.user_id
			WHERE m.id = ? AND m.user_id = ?`, id, o.owner.id))
		if errors.Is(err, store.ErrNotFound) {
			return problem.NotFoundf("id", "%s has no contact method %d; list them with `sitrep contact list`", o.owner.handle, id)
		}
		if err != nil {
			return err
		}
		res, err := o.tx.Exec(ctx, `DELETE FROM notification_rules WHERE contact_method_id = ?`, id)
		if err != nil {
			return err
		}
		rules, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if _, err := o.tx.Exec(ctx, `DELETE FROM contact_methods WHERE id = ?`, id); err != nil {
			return err
		}
		return s.emit(o, "contact_method.removed", map[string]any{
			"id": id, "kind": m.Kind, "address": Mask(m.Kind, m.Address), "rules_removed": rules})
	})
}

// Methods lists handle's contact methods, oldest first. Only the owner and
// admins may read them.
func (s *Service) Methods(ctx context.Context, actor auth.Principal, handle string) ([]ContactMethod, error) {
	handle, err := allowed(actor, handle, "read")
	if err != nil {
		return nil, err
	}
	o, err := s.lookupOwner(ctx, handle)
	if err != nil {
		return nil, err
	}
	ms, err := listMethods(ctx, s.db, o.id)
	if err != nil {
		return nil, fmt.Errorf("list contact methods of %s: %w", handle, err)
	}
	return ms, nil
}

// querier is what reads need of a database or a transaction, so that the
// paging engine can plan inside the transaction that creates a page.
type querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const methodColumns = `m.id, u.handle, m.kind, m.address, m.label, m.created_at`

func scanMethod(sc interface{ Scan(...any) error }) (ContactMethod, error) {
	var m ContactMethod
	var kind string
	var at int64
	if err := sc.Scan(&m.ID, &m.User, &kind, &m.Address, &m.Label, &at); err != nil {
		return ContactMethod{}, err
	}
	m.Kind = Kind(kind)
	m.CreatedAt = store.FromMicros(at)
	return m, nil
}

// listMethods reads every method of user id. The cap on methods per person
// bounds the list.
func listMethods(ctx context.Context, q querier, userID int64) ([]ContactMethod, error) {
	rows, err := q.Query(ctx, `SELECT `+methodColumns+` FROM contact_methods m JOIN users u ON u.id = m.user_id
		WHERE m.user_id = ? ORDER BY m.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ContactMethod{}
	for rows.Next() {
		m, err := scanMethod(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
