package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const (
	// SessionIdle is how long a browser session lives without use. Twelve
	// hours covers a long incident shift; each use slides it forward.
	SessionIdle = 12 * time.Hour
	// sessionMaxAge caps a session however busy it is, so that a stolen
	// cookie kept warm by a script still dies within a week.
	sessionMaxAge = 7 * 24 * time.Hour
	// sessionTouchEvery throttles last-seen writes, so that page loads do not
	// turn into writes on the single SQLite writer.
	sessionTouchEvery = time.Minute
)

// CreateSession signs handle in with password and returns the cookie secret
// and the session's CSRF token. The secret is 32 random bytes; only its
// SHA-256 is stored.
func (s *Service) CreateSession(ctx context.Context, handle, password string) (secret, csrf string, err error) {
	p, err := s.AuthenticatePassword(ctx, handle, password)
	if err != nil {
		return "", "", err
	}
	if secret, err = randomText(); err != nil {
		return "", "", fmt.Errorf("create session: %w", err)
	}
	if csrf, err = randomText(); err != nil {
		return "", "", fmt.Errorf("create session: %w", err)
	}
	now := s.clock.Now()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// Expired sessions are swept here rather than by a job: sign-ins are
		// rare, and the index makes the sweep cheap.
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, store.Micros(now)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
			HashSecret(secret), p.UserID, csrf, store.Micros(now), store.Micros(now.Add(SessionIdle)), store.Micros(now)); err != nil {
			return err
		}
		_, err := s.log.Append(ctx, tx, 0, p.UserID, now, "session.started", map[string]any{"handle": p.Handle})
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("create session for %s: %w", handle, err)
	}
	return secret, csrf, nil
}

// SessionPrincipal returns who holds the session secret and its CSRF token.
func (s *Service) SessionPrincipal(ctx context.Context, secret string) (Principal, string, error) {
	var p Principal
	var role, csrf string
	var created, expires, seen int64
	hash := HashSecret(secret)
	err := s.db.QueryRow(ctx, `SELECT u.id, u.handle, u.role, s.csrf, s.created_at, s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND u.disabled_at IS NULL`, hash).
		Scan(&p.UserID, &p.Handle, &role, &csrf, &created, &expires, &seen)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, "", problem.Unauthorizedf("your session has ended; sign in again at /login")
	}
	if err != nil {
		return Principal{}, "", fmt.Errorf("session: %w", err)
	}
	now := s.clock.Now()
	if !now.Before(store.FromMicros(expires)) {
		return Principal{}, "", problem.Unauthorizedf("your session has expired; sign in again at /login")
	}
	p.Role = Role(role)
	p.Session = hash
	if now.Sub(store.FromMicros(seen)) >= sessionTouchEvery {
		next := min(store.Micros(now.Add(SessionIdle)), created+sessionMaxAge.Microseconds())
		// Best effort: a lost touch shortens a session by a minute at most.
		_, _ = s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?`, store.Micros(now), next, hash)
	}
	return p, csrf, nil
}

// EndSession signs the holder of secret out. An unknown secret is no error:
// signing out twice leaves the same state as once.
func (s *Service) EndSession(ctx context.Context, secret string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var userID int64
		var handle string
		hash := HashSecret(secret)
		err := tx.QueryRow(ctx, `SELECT s.user_id, u.handle FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, hash).Scan(&userID, &handle)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hash); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if err := s.log.Revoke(ctx, tx, event.Revoked{UserID: userID, Kind: "session", ID: hash}); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, userID, s.clock.Now(), "session.ended", map[string]any{"handle": handle, "reason": "sign-out"})
		return err
	})
}

// endSessions ends every session of a user inside tx and reports how many.
func endSessions(ctx context.Context, tx *store.Tx, userID int64) (int64, error) {
	res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

func randomText() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

type sessionCSRFKey struct{}

// WithSessionCSRF returns ctx carrying the CSRF token of the session that
// authenticated the request, for pages that render forms.
func WithSessionCSRF(ctx context.Context, csrf string) context.Context {
	return context.WithValue(ctx, sessionCSRFKey{}, csrf)
}

// SessionCSRF returns the CSRF token in ctx; ok is false when the request was
// not authenticated by a session cookie.
func SessionCSRF(ctx context.Context) (string, bool) {
	c, ok := ctx.Value(sessionCSRFKey{}).(string)
	return c, ok && c != ""
}
