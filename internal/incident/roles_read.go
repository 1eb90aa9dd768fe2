package incident

import (
	"context"
	"fmt"

	"sitrep/internal/store"
)

// Roles lists the configured roles in display order.
func (s *Service) Roles(ctx context.Context) ([]Role, error) {
	rows, err := s.db.Query(ctx, `SELECT slug, name, description FROM roles ORDER BY position, slug`)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	defer rows.Close()
	out := []Role{}
	for rows.Next() {
		var r Role
		if err := rows.Scan(&r.Slug, &r.Name, &r.Description); err != nil {
			return nil, fmt.Errorf("list roles: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Service) currentRoles(ctx context.Context, number int64) ([]RoleHolder, error) {
	return s.roleHolders(ctx, number, true)
}

// RoleHistory lists every tenure of every role of incident number, oldest first:
// who held what, from when to when.
func (s *Service) RoleHistory(ctx context.Context, number int64) ([]RoleHolder, error) {
	if _, err := s.incident(ctx, number); err != nil {
		return nil, err
	}
	return s.roleHolders(ctx, number, false)
}

func (s *Service) roleHolders(ctx context.Context, number int64, current bool) ([]RoleHolder, error) {
	q := `SELECT r.role, u.handle, u.name, COALESCE(a.handle, ''), r.started_at, r.ended_at
		FROM role_holders r JOIN users u ON u.id = r.user_id LEFT JOIN users a ON a.id = r.assigned_by
		JOIN roles ro ON ro.slug = r.role WHERE r.incident = ?`
	if current {
		q += ` AND r.ended_at IS NULL ORDER BY ro.position`
	} else {
		q += ` ORDER BY r.id`
	}
	rows, err := s.db.Query(ctx, q, number)
	if err != nil {
		return nil, fmt.Errorf("list roles of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []RoleHolder{}
	for rows.Next() {
		var h RoleHolder
		var started int64
		var ended *int64
		if err := rows.Scan(&h.Role, &h.User, &h.Name, &h.AssignedBy, &started, &ended); err != nil {
			return nil, fmt.Errorf("list roles of incident %d: %w", number, err)
		}
		h.StartedAt, h.EndedAt = store.FromMicros(started), store.FromNullMicros(ended)
		out = append(out, h)
	}
	return out, rows.Err()
}
