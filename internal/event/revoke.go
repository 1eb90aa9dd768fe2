package event

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"sitrep/internal/store"
)

// Revoked names a credential that has ended, so that the live streams opened
// with it end too, on every instance.
type Revoked struct {
	UserID int64
	// Kind is "password" (every session and password sign-in of the user, as
	// a password change ends them), "session" or "token".
	Kind string
	// ID is the session's hash or the token's id; empty for "password".
	ID string
}

const revokedPrefix = "revoked:"

func (r Revoked) payload() string {
	return fmt.Sprintf("%s%d:%s:%s", revokedPrefix, r.UserID, r.Kind, r.ID)
}

// ParseRevoked reads the NOTIFY payload that Revoke sends. Anything else,
// including a well-formed event notification, is refused.
func ParseRevoked(payload string) (Revoked, bool) {
	rest, ok := strings.CutPrefix(payload, revokedPrefix)
	if !ok {
		return Revoked{}, false
	}
	parts := strings.Split(rest, ":")
	if len(parts) != 3 {
		return Revoked{}, false
	}
	user, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || user <= 0 || parts[0] != strconv.FormatInt(user, 10) {
		return Revoked{}, false
	}
	r := Revoked{UserID: user, Kind: parts[1], ID: parts[2]}
	switch r.Kind {
	case "password":
		ok = r.ID == ""
	case "session":
		ok = len(r.ID) == 64 && strings.Trim(r.ID, "0123456789abcdef") == ""
	case "token":
		id, err := strconv.ParseInt(r.ID, 10, 64)
		ok = err == nil && id > 0 && r.ID == strconv.FormatInt(id, 10)
	default:
		ok = false
	}
	if !ok {
		return Revoked{}, false
	}
	return r, true
}

// Revoke announces, once tx commits, that a credential has ended: to this
// instance's hub at once, and on PostgreSQL to every other instance through
// the same NOTIFY channel as events.
func (l *Log) Revoke(ctx context.Context, tx *store.Tx, r Revoked) error {
	if tx.Dialect() == store.Postgres && l.channel != "" {
		if _, err := tx.Exec(ctx, `SELECT pg_notify(?, ?)`, l.channel, r.payload()); err != nil {
			return fmt.Errorf("announce the end of a %s credential: %w", r.Kind, err)
		}
	}
	tx.AfterCommit(func() { l.hub.revoked(r) })
	return nil
}

// OnRevoked registers f to hear of every credential that ends, on this
// instance or another. f must not block.
func (h *Hub) OnRevoked(f func(Revoked)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.onRevoked = append(h.onRevoked, f)
}

func (h *Hub) revoked(r Revoked) {
	h.mu.Lock()
	fs := h.onRevoked
	h.mu.Unlock()
	for _, f := range fs {
		f(r)
	}
}
