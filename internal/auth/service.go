package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Service manages users and tokens.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock

	// lastUsed throttles token last-use writes to one a minute per token, so
	// that reads do not turn into writes on the single SQLite writer.
	mu       sync.Mutex
	lastUsed map[int64]time.Time
	// watchers are the live streams to end when their credential ends.
	watchers watchers
}

// NewService returns the user and token service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	s := &Service{db: db, log: log, clock: c, lastUsed: map[int64]time.Time{}}
	if log != nil && log.Hub() != nil {
		log.Hub().OnRevoked(s.endRevoked)
	}
	return s
}

// CreateUser adds a user. Only admins may.
func (s *Service) CreateUser(ctx context.Context, actor Principal, nu NewUser) (User, error) {
	if !actor.Role.Allows(Admin) {
		return User{}, problem.Forbiddenf("only an admin can add users")
	}
	nu.Handle = strings.TrimSpace(nu.Handle)
	if err := nu.Validate(); err != nil {
		return User{}, err
	}
	hash := ""
	if nu.Password != "" {
		var err error
		if hash, err = HashPassword(nu.Password); err != nil {
			return User{}, err
		}
	}
	now := s.clock.Now()
	u := User{Handle: nu.Handle, Name: nu.Name, Email: nu.Email, Role: nu.Role, CreatedAt: now}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (handle, name, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Handle, u.Name, u.Email, string(u.Role), hash, store.Micros(now)).Scan(&u.ID)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("handle", "a user with handle %q already exists", u.Handle)
		}
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "user.created", map[string]any{"handle": u.Handle, "role": u.Role})
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("create user %s: %w", nu.Handle, err)
	}
	return u, nil
}

// SetPassword changes a user's password: their own, or anyone's for an admin.
func (s *Service) SetPassword(ctx context.Context, actor Principal, handle, password string) error {
	if actor.Handle != handle && !actor.Role.Allows(Admin) {
		return problem.Forbiddenf("only an admin can set another user's password")
	}
	if len(password) < 12 || len(password) > 1024 {
		return problem.Invalidf("password", "must be 12-1024 characters")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `UPDATE users SET password_hash = ? WHERE handle = ? RETURNING id`, hash, handle).Scan(&id)
		if errors.Is(err, store.ErrNotFound) {
			return problem.NotFoundf("user", "no user %q", handle)
		}
		if err != nil {
			return fmt.Errorf("set password of %s: %w", handle, err)
		}
		// A new password is often the answer to a leaked one, so every browser
		// signed in with the old one is signed out in the same transaction.
		ended, err := endSessions(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.log.Revoke(ctx, tx, event.Revoked{UserID: id, Kind: "password"}); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, s.clock.Now(), "user.password_changed", map[string]any{"handle": handle, "sessions_ended": ended})
		return err
	})
}

const userColumns = `id, handle, name, email, role, created_at`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	var created int64
	if err := sc.Scan(&u.ID, &u.Handle, &u.Name, &u.Email, &role, &created); err != nil {
		return User{}, err
	}
	u.Role = Role(role)
	u.CreatedAt = store.FromMicros(created)
	return u, nil
}

// User returns the user with handle.
func (s *Service) User(ctx context.Context, handle string) (User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE handle = ? AND disabled_at IS NULL`, handle))
	if errors.Is(err, store.ErrNotFound) {
		return User{}, problem.NotFoundf("user", "no user %q; list users with GET /api/v1/users", handle)
	}
	return u, err
}

// Users lists users by handle after the cursor handle, at most limit.
func (s *Service) Users(ctx context.Context, after string, limit int) ([]User, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM users WHERE handle > ? AND disabled_at IS NULL ORDER BY handle LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var users []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		users = append(users, u)
	}
	return users, rows.Err()
}
