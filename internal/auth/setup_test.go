package auth_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// world is the auth service on a fresh database of one dialect, a manual
// clock, and the bootstrap admin with its token.
type world struct {
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
	db := apptest.OpenDB(t, d)
	hub := event.NewHub(slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(hub.Close)
	channel := ""
	if d == store.Postgres {
		channel = "sitrep_events_test"
	}
	log := event.NewLog(db, hub, channel)
	hub.SetLog(log)
	clk := clock.NewManual(night)
	return db, clk, auth.NewService(db, log, clk)
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	db, clk, svc := newService(t, d)
	w := &world{db: db, clk: clk, auth: svc}
	ctx := context.Background()
	var err error
	if w.secret, err = w.auth.Bootstrap(ctx, ""); err != nil || w.secret == "" {
		t.Fatalf("bootstrap: %q, %v", w.secret, err)
	}
	if w.admin, err = w.auth.Authenticate(ctx, w.secret); err != nil {
		t.Fatalf("bootstrap token: %v", err)
	}
	return w
}

// user creates a user without a password and returns them as a caller.
func (w *world) user(t *testing.T, handle string, role auth.Role) auth.Principal {
	t.Helper()
	u, err := w.auth.CreateUser(context.Background(), w.admin, auth.NewUser{Handle: handle, Name: handle, Email: handle + "@example.com", Role: role})
	if err != nil {
		t.Fatalf("create %s: %v", handle, err)
	}
	return auth.Principal{UserID: u.ID, Handle: u.Handle, Role: u.Role}
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
