package page

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// LinkTTL is how long an ack or resolve link in a message stays valid.
const LinkTTL = 24 * time.Hour

// link is what a signed link grants: one action on one page, by one person,
// once, until it expires.
type link struct {
	Page    int64
	User    int64
	Action  string
	Expires time.Time
	Nonce   string
}

// LoadSecret reads the key that signs links, creating it on first start. It
// lives in the database, so every instance signs and checks with the same key.
func (s *Service) LoadSecret(ctx context.Context) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO secrets (name, value, created_at) VALUES ('link-signing', ?, ?) ON CONFLICT (name) DO NOTHING`,
		hex.EncodeToString(b), store.Micros(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("create link signing key: %w", err)
	}
	var v string
	if err := s.db.QueryRow(ctx, `SELECT value FROM secrets WHERE name = 'link-signing'`).Scan(&v); err != nil {
		return fmt.Errorf("read link signing key: %w", err)
	}
	s.secret, err = hex.DecodeString(v)
	return err
}

func (s *Service) sign(payload string) string {
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func (s *Service) linkURL(page, user int64, action string) string {
	nonce := make([]byte, 12)
	_, _ = rand.Read(nonce)
	exp := s.clock.Now().Add(LinkTTL).Unix()
	payload := fmt.Sprintf("%d.%d.%s.%d.%s", page, user, action, exp, base64.RawURLEncoding.EncodeToString(nonce))
	return strings.TrimRight(s.deps.BaseURL, "/") + "/ack/" + payload + "." + s.sign(payload)
}

// ParseLink checks a link token's signature and expiry.
func (s *Service) parseLink(token string) (link, error) {
	bad := problem.NotFoundf("token", "this link is not valid; open the page in sitrep instead")
	i := strings.LastIndexByte(token, '.')
	if i < 0 || len(s.secret) == 0 {
		return link{}, bad
	}
	payload, sig := token[:i], token[i+1:]
	if !hmac.Equal([]byte(sig), []byte(s.sign(payload))) {
		return link{}, bad
	}
	parts := strings.Split(payload, ".")
	if len(parts) != 5 {
		return link{}, bad
	}
	var l link
	var err1, err2, err3 error
	l.Page, err1 = strconv.ParseInt(parts[0], 10, 64)
	l.User, err2 = strconv.ParseInt(parts[1], 10, 64)
	exp, err3 := strconv.ParseInt(parts[3], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil || (parts[2] != "ack" && parts[2] != "resolve") {
		return link{}, bad
	}
	l.Action, l.Expires, l.Nonce = parts[2], time.Unix(exp, 0).UTC(), parts[4]
	if !s.clock.Now().Before(l.Expires) {
		return link{}, problem.Conflictf("token", "this link expired; acknowledge in sitrep or with `sitrep ack %d`", l.Page)
	}
	return l, nil
}

// LinkInfo describes what a link would do, for the confirmation page that a
// GET shows. Mail scanners follow links, so only a POST acts.
func (s *Service) LinkInfo(ctx context.Context, token string) (Page, string, error) {
	l, err := s.parseLink(token)
	if err != nil {
		return Page{}, "", err
	}
	p, err := s.Get(ctx, l.Page)
	return p, l.Action, err
}

// UseLink acknowledges or resolves the page a link names, once.
func (s *Service) UseLink(ctx context.Context, token string) (Page, error) {
	l, err := s.parseLink(token)
	if err != nil {
		return Page{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO used_links (nonce, used_at) VALUES (?, ?)`, l.Nonce, store.Micros(s.clock.Now()))
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("token", "this link was already used")
		}
		if err != nil {
			return err
		}
		return s.transition(ctx, tx, l.Page, l.User, l.Action)
	})
	if err != nil {
		return Page{}, err
	}
	return s.Get(ctx, l.Page)
}
