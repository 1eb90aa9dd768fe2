package watch

import (
	"context"
	"fmt"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Rotate replaces the ping token of a heartbeat; the old one stops working at
// once. The new token is shown this once.
func (s *Heartbeats) Rotate(ctx context.Context, actor auth.Principal, name string) (Heartbeat, string, error) {
	if !actor.Role.Allows(auth.Admin) {
		return Heartbeat{}, "", problem.Forbiddenf("only an admin can rotate ping tokens")
	}
	secret, hash, err := newPingToken()
	if err != nil {
		return Heartbeat{}, "", fmt.Errorf("rotate heartbeat token: %w", err)
	}
	var h Heartbeat
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if h, err = heartbeatNamed(ctx, tx, name, tx.ForUpdate()); err != nil {
			return err
		}
		now := s.clock.Now()
		if _, err := tx.Exec(ctx, `UPDATE heartbeats SET token_hash = ?, token_prefix = ?, updated_at = ? WHERE id = ?`,
			hash, secret[:7], store.Micros(now), h.ID); err != nil {
			return err
		}
		h.TokenPrefix = secret[:7]
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "heartbeat.token_rotated", map[string]any{"name": name})
		return err
	})
	if err != nil {
		return Heartbeat{}, "", fmt.Errorf("rotate heartbeat token %s: %w", name, err)
	}
	return h.shown(s.clock.Now()), secret, nil
}

// newPingToken returns a fresh ping token and its stored hash. The "hb_"
// prefix tells it apart from API tokens in logs and secret scanners.
func newPingToken() (secret, hash string, err error) {
	if secret, err = auth.NewBearer("hb_"); err != nil {
		return "", "", err
	}
	return secret, hashPingToken(secret), nil
}

// hashPingToken is how a token is stored and looked up.
func hashPingToken(secret string) string { return auth.HashSecret(secret) }
