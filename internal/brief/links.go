package brief

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

// BriefLink is a read-only link to one audience's brief of an incident. Its token
// is shown once, when the link is made; only a hash is kept.
type BriefLink struct {
	ID        int64     `json:"id"`
	Incident  int64     `json:"incident"`
	Audience  string    `json:"audience"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	// Token and Path are set only in the answer that made the link.
	Token string `json:"token,omitempty"`
	Path  string `json:"path,omitempty"`
}

// Active reports whether the link still opens its brief at now.
func (l BriefLink) Active(now time.Time) bool {
	return l.RevokedAt.IsZero() && now.Before(l.ExpiresAt)
}

// LinkPrefix starts every brief link's path.
const LinkPrefix = "/brief/"

// tokenPrefix marks brief tokens so that secret scanners and people can tell
// them from API tokens.
const tokenPrefix = "brf_"

func newToken() (string, error) {
	t, err := auth.NewBearer(tokenPrefix)
	if err != nil {
		return "", fmt.Errorf("brief link token: %w", err)
	}
	return t, nil
}

// hashToken is the stored form of a token.
func hashToken(t string) string { return auth.HashSecret(t) }

// CreateLink makes a link to audience's brief of incident number that works
// for ttl (see ParseExpiry). Only the incident's commander, its
// communications lead or an admin may hand briefs out.
func (s *Service) CreateLink(ctx context.Context, actor auth.Principal, number int64, audience string, ttl time.Duration) (BriefLink, error) {
	if !validAudience(audience) {
		return BriefLink{}, problem.Invalidf("audience", "%s", audienceMessage(audience))
	}
	if ttl < MinExpiry || ttl > MaxExpiry {
		return BriefLink{}, problem.Invalidf("expires_in", "must be between %s and %s", MinExpiry, MaxExpiry)
	}
	token, err := newToken()
	if err != nil {
		return BriefLink{}, err
	}
	now := s.clock.Now()
	l := BriefLink{Incident: number, Audience: audience, CreatedBy: actor.Handle, CreatedAt: now, ExpiresAt: now.Add(ttl), Token: token, Path: LinkPrefix + token}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := lock(ctx, tx, number); err != nil {
			return err
		}
		if err := statedoc.RequireWriter(ctx, tx, actor, number, "hand out brief links"); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO brief_links (incident, audience, token_hash, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, number, audience, hashToken(token), store.NullID(actor.UserID),
			store.Micros(now), store.Micros(l.ExpiresAt)).Scan(&l.ID)
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, number, actor.UserID, now, "brief_link.created",
			map[string]any{"id": l.ID, "audience": audience, "expires_at": l.ExpiresAt})
		return err
	})
	if err != nil {
		return BriefLink{}, fmt.Errorf("create brief link for incident %d: %w", number, err)
	}
	return l, nil
}

// RevokeLink ends link id of incident number at once.
func (s *Service) RevokeLink(ctx context.Context, actor auth.Principal, number, id int64) (BriefLink, error) {
	now := s.clock.Now()
	var l BriefLink
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := lock(ctx, tx, number); err != nil {
			return err
		}
		if err := statedoc.RequireWriter(ctx, tx, actor, number, "revoke brief links"); err != nil {
			return err
		}
		var err error
		if l, err = scanLink(tx.QueryRow(ctx, `SELECT `+linkColumns+` WHERE b.incident = ? AND b.id = ?`, number, id)); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return problem.NotFoundf("id", "incident %d has no brief link %d", number, id)
			}
			return err
		}
		if !l.RevokedAt.IsZero() {
			return nil
		}
		l.RevokedAt = now
		if _, err := tx.Exec(ctx, `UPDATE brief_links SET revoked_at = ? WHERE id = ?`, store.Micros(now), id); err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, number, actor.UserID, now, "brief_link.revoked", map[string]any{"id": id, "audience": l.Audience})
		return err
	})
	if err != nil {
		return BriefLink{}, fmt.Errorf("revoke brief link %d of incident %d: %w", id, number, err)
	}
	return l, nil
}

const linkColumns = `b.id, b.incident, b.audience, COALESCE(u.handle, ''), b.created_at, b.expires_at, b.revoked_at
	FROM brief_links b LEFT JOIN users u ON u.id = b.created_by`

type scanner interface{ Scan(...any) error }

func scanLink(sc scanner) (BriefLink, error) {
	var l BriefLink
	var created, expires int64
	var revoked *int64
	if err := sc.Scan(&l.ID, &l.Incident, &l.Audience, &l.CreatedBy, &created, &expires, &revoked); err != nil {
		return BriefLink{}, err
	}
	l.CreatedAt, l.ExpiresAt, l.RevokedAt = store.FromMicros(created), store.FromMicros(expires), store.FromNullMicros(revoked)
	return l, nil
}

// MaxLinks bounds one listing; nobody hands out more than a few per incident.
const MaxLinks = 500

// Links lists the brief links of incident number, newest first.
func (s *Service) Links(ctx context.Context, number int64) ([]BriefLink, error) {
	if _, err := s.seq(ctx, number); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+linkColumns+` WHERE b.incident = ? ORDER BY b.id DESC LIMIT ?`, number, MaxLinks)
	if err != nil {
		return nil, fmt.Errorf("list brief links of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []BriefLink{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("list brief links of incident %d: %w", number, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ErrNoBrief is returned for a token that opens nothing: unknown, expired or
// revoked. Callers must not tell these apart to the holder of the token.
var ErrNoBrief = problem.NotFoundf("token", "no such brief")

// Open returns the link that token opens, if it is known, unexpired and not
// revoked.
func (s *Service) Open(ctx context.Context, token string) (BriefLink, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return BriefLink{}, ErrNoBrief
	}
	l, err := scanLink(s.db.QueryRow(ctx, `SELECT `+linkColumns+` WHERE b.token_hash = ?`, hashToken(token)))
	if errors.Is(err, store.ErrNotFound) {
		return BriefLink{}, ErrNoBrief
	}
	if err != nil {
		return BriefLink{}, fmt.Errorf("open brief link: %w", err)
	}
	if !l.Active(s.clock.Now()) {
		return BriefLink{}, ErrNoBrief
	}
	return l, nil
}

func lock(ctx context.Context, tx *store.Tx, number int64) error {
	var n int64
	err := tx.QueryRow(ctx, `SELECT number FROM incidents WHERE number = ?`+tx.ForUpdate(), number).Scan(&n)
	if errors.Is(err, store.ErrNotFound) {
		return problem.NotFoundf("number", "no incident %d; list incidents with GET /api/v1/incidents", number)
	}
	return err
}
