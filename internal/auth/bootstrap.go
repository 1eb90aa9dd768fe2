package auth

import (
	"context"
	"fmt"

	"sitrep/internal/store"
)

// BootstrapHandle is the admin created on first start.
const BootstrapHandle = "admin"

// Bootstrap creates the first admin and an admin API token when the database
// has no users. secret, if not empty, becomes that token (for automation);
// otherwise one is generated. It returns the secret, or "" when users already
// existed and nothing was done.
func (s *Service) Bootstrap(ctx context.Context, secret string) (string, error) {
	if secret != "" {
		if err := checkSecret(secret); err != nil {
			return "", err
		}
	} else {
		var err error
		if secret, err = NewSecret(); err != nil {
			return "", err
		}
	}
	created := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		now := s.clock.Now()
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO users (handle, name, email, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			BootstrapHandle, "Administrator", "admin@localhost", string(Admin), store.Micros(now)).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := s.log.Append(ctx, tx, 0, id, now, "user.created", map[string]any{"handle": BootstrapHandle, "role": Admin, "bootstrap": true}); err != nil {
			return err
		}
		if _, err := s.insertToken(ctx, tx, id, BootstrapHandle, "bootstrap", secret, 0); err != nil {
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("bootstrap admin: %w", err)
	}
	if !created {
		return "", nil
	}
	return secret, nil
}
