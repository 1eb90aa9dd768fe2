// Package app wires sitrep together and runs it: configuration to store,
// store to services, services to the HTTP API, and the lifecycle from first
// start (migrations, bootstrap admin) to graceful shutdown.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/clock"
	"sitrep/internal/config"
	"sitrep/internal/contact"
	"sitrep/internal/escalation"
	"sitrep/internal/event"
	"sitrep/internal/httpapi"
	"sitrep/internal/incident"
	"sitrep/internal/notify"
	"sitrep/internal/oncall"
	"sitrep/internal/page"
	"sitrep/internal/statuspage"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

// Version is set at build time with -ldflags "-X sitrep/internal/app.Version=...".
var Version = "dev"

// App is a running sitrep instance.
type App struct {
	cfg       config.Config
	logger    *slog.Logger
	clock     clock.Clock
	db        *store.DB
	hub       *event.Hub
	api       *httpapi.Server
	Auth      *auth.Service
	Incidents *incident.Service
	Schedules *oncall.Service
	Policies  *escalation.Service
	Contacts  *contact.Service
	Pages     *page.Service
	Alerts    *alert.Service
	Catalog   *catalog.Catalog
	Routes    *alert.Routes
	Engine    *page.Engine
	Status    *statuspage.Service
	log       *event.Log
	wg        sync.WaitGroup
	stop      context.CancelFunc
	done      chan struct{}

	// Heartbeats are the deadlines that jobs and the main monitoring ping.
	Heartbeats *watch.Heartbeats
	// Probes are the out-of-band checks; Watch runs the local ones.
	Probes *watch.Service
	Watch  *watch.Scheduler
}

// Options carries what tests replace; the zero value is production.
type Options struct {
	Clock  clock.Clock
	Stdout io.Writer
	// Senders replace the channels built from configuration.
	Senders []notify.Sender
	// Limits replace the default delivery limits.
	Limits *page.Limits
	// ManualEngine leaves the delivery engine to the caller (Engine.Tick).
	ManualEngine bool
	// ManualWatch leaves running probes to the caller (Watch.Tick).
	ManualWatch bool
}

func (o Options) clock() clock.Clock {
	if o.Clock == nil {
		return clock.System{}
	}
	return o.Clock
}

// New opens the database, migrates it, creates the first admin if needed and
// builds the services and API. On PostgreSQL it returns once the LISTEN
// connection is up, so that a change made elsewhere reaches this instance's
// live readers from the first request on.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, opts Options) (*App, error) {
	if opts.Clock == nil {
		opts.Clock = clock.System{}
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	db, err := store.Open(ctx, store.Config{URL: cfg.DB, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, logger: logger, clock: opts.Clock, db: db, done: make(chan struct{})}
	if err := a.init(ctx, opts); err != nil {
		if a.stop != nil {
			a.stop()
			a.wg.Wait()
		}
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) init(ctx context.Context, opts Options) error {
	if err := a.db.Migrate(ctx); err != nil {
		return err
	}
	channel, err := a.eventChannel(ctx)
	if err != nil {
		return err
	}
	a.hub = event.NewHub(a.logger)
	log := event.NewLog(a.db, a.hub, channel)
	a.log = log
	a.hub.SetLog(log)
	a.Auth = auth.NewService(a.db, log, opts.Clock)
	a.Incidents = incident.NewService(a.db, log, opts.Clock)
	a.Schedules = oncall.NewService(a.db, log, opts.Clock)
	a.Policies = escalation.NewService(a.db, log, opts.Clock)
	a.Contacts = contact.NewService(a.db, log, opts.Clock, contact.WithGuard(notify.Guard{AllowPrivate: a.cfg.Channels.AllowPrivate}))
	if err := a.bootstrap(ctx, opts.Stdout); err != nil {
		return err
	}
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stop = stop
	if err := a.startPaging(ctx, bg, opts); err != nil {
		stop()
		return err
	}
	a.startAlerts(opts)
	if err := a.startStatus(ctx, bg, opts); err != nil {
		stop()
		return err
	}
	if err := a.startWatch(bg, opts); err != nil {
		stop()
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "sitrep_live_subscribers", Help: "Open live event streams."},
		func() float64 { return float64(a.hub.Subscribers()) }))
	a.api = httpapi.New(httpapi.Deps{DB: a.db, Auth: a.Auth, Incidents: a.Incidents,
		Schedules: a.Schedules, Policies: a.Policies, Contacts: a.Contacts, Pages: a.Pages, Alerts: a.Alerts, Catalog: a.Catalog, Routes: a.Routes, Clock: opts.Clock, Logger: a.logger,
		Registry: reg, Version: Version, Ready: func() error { return nil }, Heartbeats: a.Heartbeats, Probes: a.Probes, Status: a.Status})
	if a.db.Dialect != store.Postgres {
		close(a.done)
		return nil
	}
	ready := make(chan struct{})
	go func() {
		defer close(a.done)
		event.Listen(bg, a.db.URL, channel, a.hub, a.logger, ready)
	}()
	select {
	case <-ready:
		return nil
	case <-time.After(30 * time.Second):
		return errors.New("start: could not LISTEN for events on PostgreSQL within 30s")
	case <-ctx.Done():
		return ctx.Err()
	}
}

var unsafeChannel = regexp.MustCompile(`[^a-z0-9_]`)

// eventChannel names the NOTIFY channel. It includes the schema, so several
// sitrep installations (or test runs) sharing one PostgreSQL database in
// different schemas do not hear each other.
func (a *App) eventChannel(ctx context.Context) (string, error) {
	if a.db.Dialect != store.Postgres {
		return "", nil
	}
	var schema string
	if err := a.db.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return "", fmt.Errorf("read current schema: %w", err)
	}
	return "sitrep_events_" + unsafeChannel.ReplaceAllString(strings.ToLower(schema), "_"), nil
}

// bootstrap creates the first admin on an empty database and writes its token
// to DATA/admin.token, readable only by the owner.
func (a *App) bootstrap(ctx context.Context, out io.Writer) error {
	secret, err := a.Auth.Bootstrap(ctx, a.cfg.BootstrapToken)
	if err != nil || secret == "" {
		return err
	}
	if err := os.MkdirAll(a.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	path := filepath.Join(a.cfg.DataDir, "admin.token")
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("bootstrap: write %s: %w", path, err)
	}
	fmt.Fprintf(out, "sitrep: first start: created user %q with an admin API token in %s\n", auth.BootstrapHandle, path)
	fmt.Fprintf(out, "sitrep: use it with: export SITREP_TOKEN=$(cat %s)\n", path)
	return nil
}

// Handler is the HTTP handler of the instance.
func (a *App) Handler() http.Handler { return a.api }

// Serve serves HTTP on ln until ctx ends, then drains requests within the
// configured shutdown timeout and closes live streams and the database.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		// Live streams lift this deadline for themselves.
		WriteTimeout: time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
		BaseContext:  func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.logger.Info("sitrep serving", append([]any{"addr", ln.Addr().String(), "version", Version}, a.cfg.Describe()...)...)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.logger.Info("sitrep shutting down", "timeout", a.cfg.ShutdownTimeout)
	a.hub.Close()
	timeout := a.cfg.ShutdownTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	return srv.Shutdown(sctx)
}

// Close stops background work and closes the database.
func (a *App) Close() error {
	a.stop()
	<-a.done
	a.wg.Wait()
	a.hub.Close()
	return a.db.Close()
}
