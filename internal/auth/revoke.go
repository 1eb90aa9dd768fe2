package auth

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"sitrep/internal/event"
)

// ErrCredentialEnded is the cause of a context from WatchCredential that ended
// because the credential it watches did.
var ErrCredentialEnded = errors.New("the credential this stream was opened with has ended; sign in again")

// watchers tracks the live streams of each user, so that ending a credential
// ends them too. A stream costs one entry and a cancel function.
type watchers struct {
	mu     sync.Mutex
	byUser map[int64]map[*watch]struct{}
}

type watch struct {
	p      Principal
	cancel context.CancelCauseFunc
}

// WatchCredential returns a context that ends, with cause ErrCredentialEnded,
// as soon as the credential p was authenticated with ends: its session is
// signed out, its user's password changes (which ends every session and
// password sign-in of the user), or its API token is revoked. Live streams
// run under it so that a leaked credential stops reading at once. Call stop
// when the stream ends. It covers streams of this instance.
func (s *Service) WatchCredential(ctx context.Context, p Principal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watch{p: p, cancel: cancel}
	r := &s.watchers
	r.mu.Lock()
	if r.byUser == nil {
		r.byUser = map[int64]map[*watch]struct{}{}
	}
	if r.byUser[p.UserID] == nil {
		r.byUser[p.UserID] = map[*watch]struct{}{}
	}
	r.byUser[p.UserID][w] = struct{}{}
	r.mu.Unlock()
	return ctx, func() {
		r.mu.Lock()
		if m := r.byUser[p.UserID]; m != nil {
			delete(m, w)
			if len(m) == 0 {
				delete(r.byUser, p.UserID)
			}
		}
		r.mu.Unlock()
		cancel(nil)
	}
}

// Streams returns how many live streams are watching their credential.
func (s *Service) Streams() int {
	r := &s.watchers
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, m := range r.byUser {
		n += len(m)
	}
	return n
}

// endStreams ends the watched streams of userID whose principal matches.
func (s *Service) endStreams(userID int64, match func(Principal) bool) {
	r := &s.watchers
	r.mu.Lock()
	defer r.mu.Unlock()
	for w := range r.byUser[userID] {
		if match(w.p) {
			w.cancel(ErrCredentialEnded)
		}
	}
}

// endRevoked ends the streams of a credential that ended, here or on another
// instance (event.Log.Revoke announces it).
func (s *Service) endRevoked(r event.Revoked) {
	switch r.Kind {
	case "password":
		// A password change ends every session and HTTP Basic sign-in.
		s.endStreams(r.UserID, func(p Principal) bool { return p.TokenID == 0 })
	case "session":
		s.endStreams(r.UserID, func(p Principal) bool { return p.Session == r.ID })
	case "token":
		s.endStreams(r.UserID, func(p Principal) bool { return p.TokenID != 0 && strconv.FormatInt(p.TokenID, 10) == r.ID })
	}
}
