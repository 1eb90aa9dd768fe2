package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// CreateToken issues an API token for handle (the caller's own, or anyone's for
// an admin) and returns the secret, which is shown this once and never stored.
func (s *Service) CreateToken(ctx context.Context, actor Principal, handle, name string, ttl time.Duration) (Token, string, error) {
	if handle == "" {
		handle = actor.Handle
	}
	if handle != actor.Handle && !actor.Role.Allows(Admin) {
		return Token{}, "", problem.Forbiddenf("only an admin can create tokens for another user")
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return Token{}, "", problem.Invalidf("name", "must be 1-100 characters, for example \"laptop\" or \"grafana\"")
	}
	if ttl < 0 {
		return Token{}, "", problem.Invalidf("ttl", "must not be negative")
	}
	secret, err := NewSecret()
	if err != nil {
		return Token{}, "", fmt.Errorf("create token: %w", err)
	}
	var tok Token
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		tok, err = s.insertToken(ctx, tx, actor.UserID, handle, name, secret, ttl)
		return err
	})
	return tok, secret, err
}

func (s *Service) insertToken(ctx context.Context, tx *store.Tx, actor int64, handle, name, secret string, ttl time.Duration) (Token, error) {
	now := s.clock.Now()
	tok := Token{User: handle, Name: name, Prefix: secretPrefix(secret), CreatedAt: now}
	var userID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE handle = ? AND disabled_at IS NULL`, handle).Scan(&userID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Token{}, problem.NotFoundf("user", "no user %q", handle)
		}
		return Token{}, err
	}
	var expires any
	if ttl > 0 {
		tok.ExpiresAt = now.Add(ttl)
		expires = store.Micros(tok.ExpiresAt)
	}
	err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		userID, name, HashSecret(secret), tok.Prefix, store.Micros(now), expires).Scan(&tok.ID)
	if err != nil {
		return Token{}, fmt.Errorf("create token: %w", err)
	}
	if actor == 0 {
		actor = userID
	}
	_, err = s.log.Append(ctx, tx, 0, actor, now, "token.created", map[string]any{"user": handle, "name": name, "id": tok.ID})
	return tok, err
}

// RevokeToken ends a token at once. Users may revoke their own; admins any.
func (s *Service) RevokeToken(ctx context.Context, actor Principal, id int64) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var owner int64
		err := tx.QueryRow(ctx, `SELECT user_id FROM api_tokens WHERE id = ? AND revoked_at IS NULL`, id).Scan(&owner)
		if errors.Is(err, store.ErrNotFound) {
			return problem.NotFoundf("id", "no active token %d", id)
		}
		if err != nil {
			return err
		}
		if owner != actor.UserID && !actor.Role.Allows(Admin) {
			return problem.Forbiddenf("only an admin can revoke another user's token")
		}
		now := s.clock.Now()
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, store.Micros(now), id); err != nil {
			return err
		}
		if err := s.log.Revoke(ctx, tx, event.Revoked{UserID: owner, Kind: "token", ID: strconv.FormatInt(id, 10)}); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "token.revoked", map[string]any{"id": id})
		return err
	})
}

// Authenticate turns a bearer secret into the principal it belongs to.
func (s *Service) Authenticate(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, TokenPrefix) && len(secret) < 24 {
		return Principal{}, problem.Unauthorizedf("invalid API token")
	}
	var p Principal
	var role string
	var expires *int64
	err := s.db.QueryRow(ctx, `SELECT t.id, t.expires_at, u.id, u.handle, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL`, HashSecret(secret)).Scan(&p.TokenID, &expires, &p.UserID, &p.Handle, &role)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, problem.Unauthorizedf("invalid or revoked API token; create one with `sitrep token create`")
	}
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	now := s.clock.Now()
	if expires != nil && !now.Before(store.FromMicros(*expires)) {
		return Principal{}, problem.Unauthorizedf("API token expired; create a new one")
	}
	p.Role = Role(role)
	s.touch(ctx, p.TokenID, now)
	return p, nil
}

func (s *Service) touch(ctx context.Context, id int64, now time.Time) {
	s.mu.Lock()
	last, ok := s.lastUsed[id]
	fresh := ok && now.Sub(last) < time.Minute
	if !fresh {
		s.lastUsed[id] = now
	}
	s.mu.Unlock()
	if !fresh {
		// Best effort: a lost last-use time is not worth failing a request for.
		_, _ = s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, store.Micros(now), id)
	}
}

// AuthenticatePassword checks a handle and password.
func (s *Service) AuthenticatePassword(ctx context.Context, handle, password string) (Principal, error) {
	var p Principal
	var role, hash string
	err := s.db.QueryRow(ctx, `SELECT id, handle, role, password_hash FROM users WHERE handle = ? AND disabled_at IS NULL`, handle).
		Scan(&p.UserID, &p.Handle, &role, &hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (hash == "" || !VerifyPassword(hash, password))) {
		return Principal{}, problem.Unauthorizedf("wrong handle or password")
	}
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate %s: %w", handle, err)
	}
	p.Role = Role(role)
	return p, nil
}
