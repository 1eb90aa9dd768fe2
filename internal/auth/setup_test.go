package auth_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// world is the auth service on a fresh database of one dialect, a manual
// clock, and the bootstrap admin with its token.
type world struct {
	dom    *apptest.Domain
	db     *store.DB
	clk    *clock.Manual
	auth   *auth.Service
	admin  auth.Principal
	secret string
}

// newService builds the auth service on a fresh, empty database of dialect d
// the way the app builds it.
func newService(t *testing.T, d store.Dialect) (*store.DB, *clock.Manual, *auth.Service) {
	t.Helper()
	dom := apptest.EmptyDomain(t, d, night, apptest.NotifyChannel)
	return dom.DB, dom.Clock, dom.Auth
}

// newWorld bootstraps by hand rather than through apptest.NewDomain: the
// bootstrap and its token are what these tests are about.
func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.EmptyDomain(t, d, night, apptest.NotifyChannel)
	w := &world{dom: dom, db: dom.DB, clk: dom.Clock, auth: dom.Auth}
	ctx := context.Background()
	var err error
	if w.secret, err = w.auth.Bootstrap(ctx, ""); err != nil || w.secret == "" {
		t.Fatalf("bootstrap: %q, %v", w.secret, err)
	}
	if w.admin, err = w.auth.Authenticate(ctx, w.secret); err != nil {
		t.Fatalf("bootstrap token: %v", err)
	}
	dom.Admin = w.admin // so w.user creates users as the token's admin
	return w
}

// user creates a user without a password and returns them as a caller.
func (w *world) user(t *testing.T, handle string, role auth.Role) auth.Principal {
	t.Helper()
	return w.dom.User(t, handle, role)
}

func (w *world) count(t *testing.T, table string) int64 {
	t.Helper()
	var n int64
	if err := w.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// wantRefusal checks that err is a refusal of kind naming field.
func wantRefusal(t *testing.T, err error, kind problem.Kind, field string) {
	t.Helper()
	p, ok := problem.As(err)
	if !ok || p.Kind != kind || p.Field != field {
		t.Fatalf("want refusal of kind %d naming %q, got %v", kind, field, err)
	}
}
