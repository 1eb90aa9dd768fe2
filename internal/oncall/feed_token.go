package oncall

import (
	"context"
	"encoding/base32"
	"fmt"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// FeedTokenPrefix starts every calendar feed token, so that a secret scanner
// can tell one from an API token: a leaked feed token reveals a rota, not
// the API.
const FeedTokenPrefix = "sitrepcal_"

// feedTokenLen is the length of a token: the prefix and 256 random bits in
// unpadded base32.
var feedTokenLen = len(FeedTokenPrefix) + base32.StdEncoding.WithPadding(base32.NoPadding).EncodedLen(32)

func newFeedToken() (secret, hash string, err error) {
	if secret, err = auth.NewBearer(FeedTokenPrefix); err != nil {
		return "", "", fmt.Errorf("make feed token: %w", err)
	}
	return secret, feedTokenHash(secret), nil
}

// feedTokenHash is the stored form of a token.
func feedTokenHash(secret string) string { return auth.HashSecret(secret) }

// ValidFeedToken reports whether s has the shape of a feed token. Feeds check
// it before touching the database, so that junk in a URL costs nothing.
func ValidFeedToken(s string) bool {
	if len(s) != feedTokenLen || !strings.HasPrefix(s, FeedTokenPrefix) {
		return false
	}
	for _, c := range s[len(FeedTokenPrefix):] {
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// CreateFeedToken makes a new secret for the calendar feed of schedule name
// and returns it; it is stored only as a hash. A new token replaces the old
// one, which is how a leaked feed URL is revoked.
func (s *Service) CreateFeedToken(ctx context.Context, actor auth.Principal, name string) (string, error) {
	if err := requireResponder(actor, "make calendar feeds"); err != nil {
		return "", err
	}
	secret, hash, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = s.mutate(ctx, "make calendar feed of "+name, actor, func(o *op) error {
		d, err := loadSchedule(o.ctx, o.tx, name)
		if err != nil {
			return err
		}
		if _, err := o.tx.Exec(o.ctx, `UPDATE schedules SET ical_token_hash = ? WHERE id = ?`, hash, d.ID); err != nil {
			return err
		}
		return o.emit("schedule.ical_token_created", map[string]any{"schedule": name})
	})
	return secret, err
}

// CreateUserFeedToken makes a new secret for the personal calendar feed of
// user handle: every shift they have on any schedule. People make their own;
// admins may make anyone's, for a shared screen or a new starter.
func (s *Service) CreateUserFeedToken(ctx context.Context, actor auth.Principal, handle string) (string, error) {
	if actor.Handle != handle && !actor.Role.Allows(auth.Admin) {
		return "", problem.Forbiddenf("you may make only your own calendar feed (%s); admins may make anyone's", actor.Handle)
	}
	secret, hash, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = s.mutate(ctx, "make calendar feed of "+handle, actor, func(o *op) error {
		id, err := userID(o.ctx, o.tx, "handle", handle)
		if problem.Is(err, problem.Invalid) {
			return problem.NotFoundf("handle", "no user %q", handle)
		}
		if err != nil {
			return err
		}
		_, err = o.tx.Exec(o.ctx, `INSERT INTO user_ical_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
			id, hash, store.Micros(o.now))
		if err != nil {
			return err
		}
		return o.emit("user.ical_token_created", map[string]any{"user": handle})
	})
	return secret, err
}
