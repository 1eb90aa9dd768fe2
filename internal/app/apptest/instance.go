package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app"
	"sitrep/internal/clock"
	"sitrep/internal/config"
	"sitrep/internal/notify"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// AdminToken is the bootstrap token of every test instance.
const AdminToken = "sitrep_test_admin_token_0123456789abcdef"

// Instance is a sitrep server running in process on loopback.
type Instance struct {
	URL   string
	App   *app.App
	Admin *client.Client
	Clock *clock.Manual
}

// Options change how Start builds an instance.
type Options struct {
	// Store, if set, is used instead of a fresh database; give two instances
	// the same PostgreSQL Store to run them on one database.
	Store *store.Config
	// Clock, if set, drives the instance; otherwise the wall clock does.
	Clock *clock.Manual
	// Senders replace the notification channels (real servers on loopback).
	Senders []notify.Sender
	// ManualEngine leaves delivery and escalation to Instance.Tick, so a test
	// with a manual clock decides when due work runs.
	ManualEngine bool
	// ManualWatch leaves running probes to App.Watch.Tick (ManualEngine does too).
	ManualWatch bool
	// AllowPrivate lets probes and webhooks reach loopback test servers.
	AllowPrivate bool
	// Watch configures the out-of-band watch (canaries).
	Watch config.Watch
	// PublicURL is where ack links point; the instance's own URL by default.
	PublicURL string
	// Limits replace the default delivery limits (rates, backoff, lease).
	Limits *page.Limits
	// Alerts configures what incoming alerts page.
	Alerts config.Alerts
}

// Start runs a sitrep instance on dialect d until t ends.
func Start(t testing.TB, d store.Dialect, opts ...Options) *Instance {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	sc := o.Store
	if sc == nil {
		c := DBConfig(t, d)
		sc = &c
	}
	cfg := config.Config{DataDir: sc.DataDir, DB: sc.URL, Listen: "127.0.0.1:0", ShutdownTimeout: 5 * time.Second, BootstrapToken: AdminToken}
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var ck clock.Clock = clock.System{}
	if o.Clock != nil {
		ck = o.Clock
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfg.PublicURL = o.PublicURL
	cfg.Alerts = o.Alerts
	cfg.Watch, cfg.Channels.AllowPrivate = o.Watch, o.AllowPrivate
	if cfg.PublicURL == "" {
		// The server's address is known only once it listens; links built
		// before then are not followed by tests that leave this empty.
		cfg.PublicURL = "http://sitrep.test"
	}
	a, err := app.New(ctx, cfg, logger, app.Options{Clock: ck, Stdout: io.Discard, Senders: o.Senders, ManualEngine: o.ManualEngine, ManualWatch: o.ManualWatch, Limits: o.Limits})
	if err != nil {
		cancel()
		t.Fatalf("start sitrep on %s: %v", d, err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		cancel()
		a.Close()
	})
	return &Instance{URL: srv.URL, App: a, Admin: client.New(srv.URL, AdminToken), Clock: o.Clock}
}

// Tick runs the paging work that is due now (with ManualEngine) until none is left.
func (in *Instance) Tick(t testing.TB) {
	t.Helper()
	for in.App.Engine.Tick(context.Background()) > 0 {
	}
}

// User creates a user with role and returns a client that acts as them.
func (in *Instance) User(t testing.TB, handle, role string) *client.Client {
	t.Helper()
	ctx := context.Background()
	if _, err := in.Admin.CreateUser(ctx, client.NewUser{Handle: handle, Name: strings.ToUpper(handle[:1]) + handle[1:], Email: handle + "@example.com", Role: role}); err != nil {
		t.Fatalf("create user %s: %v", handle, err)
	}
	tok, err := in.Admin.CreateToken(ctx, handle, "test")
	if err != nil {
		t.Fatalf("create token for %s: %v", handle, err)
	}
	return client.New(in.URL, tok.Secret)
}

// testWriter sends server logs to the test log, so they show only on failure.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
