package apptest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

// NotifyChannel is the PostgreSQL channel domain tests may announce appends
// on, so that the pg_notify inside every append runs as it does in
// production. Nothing in those tests listens on it.
const NotifyChannel = "sitrep_events_test"

// Domain is what the tests of a domain package build before their own
// service: a migrated database, the event log wired to its hub the way the
// app wires them, a manual clock, the auth service and the bootstrap admin.
type Domain struct {
	DB    *store.DB
	Clock *clock.Manual
	Log   *event.Log
	Hub   *event.Hub
	Auth  *auth.Service
	// Admin is the bootstrap administrator; zero from EmptyDomain.
	Admin auth.Principal
}

// NewDomain returns a Domain on a fresh database of dialect d with its clock
// at start and the bootstrap admin created. On PostgreSQL appends are
// announced on channel, or on none when it is empty; SQLite has no channels.
func NewDomain(t testing.TB, d store.Dialect, start time.Time, channel string) *Domain {
	t.Helper()
	dm := EmptyDomain(t, d, start, channel)
	ctx := context.Background()
	if _, err := dm.Auth.Bootstrap(ctx, ""); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	u, err := dm.Auth.User(ctx, auth.BootstrapHandle)
	if err != nil {
		t.Fatalf("bootstrap admin: %v", err)
	}
	dm.Admin = auth.Principal{UserID: u.ID, Handle: u.Handle, Role: u.Role}
	return dm
}

// EmptyDomain is NewDomain without the bootstrap: the database has no users
// and no events yet, for tests of the bootstrap or of the log itself.
func EmptyDomain(t testing.TB, d store.Dialect, start time.Time, channel string) *Domain {
	t.Helper()
	db := OpenDB(t, d)
	hub := event.NewHub(slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(hub.Close)
	if d != store.Postgres {
		channel = ""
	}
	log := event.NewLog(db, hub, channel)
	hub.SetLog(log)
	clk := clock.NewManual(start)
	return &Domain{DB: db, Clock: clk, Log: log, Hub: hub, Auth: auth.NewService(db, log, clk)}
}

// User creates a user with role, without a password, as the admin and
// returns them as a caller.
func (dm *Domain) User(t testing.TB, handle string, role auth.Role) auth.Principal {
	t.Helper()
	u, err := dm.Auth.CreateUser(context.Background(), dm.Admin, auth.NewUser{Handle: handle, Name: handle, Email: handle + "@example.com", Role: role})
	if err != nil {
		t.Fatalf("create user %s: %v", handle, err)
	}
	return auth.Principal{UserID: u.ID, Handle: u.Handle, Role: u.Role}
}
