package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"sitrep/internal/app"
	"sitrep/internal/config"
	"sitrep/internal/store"
)

func serveCmd(stdout io.Writer) *cobra.Command {
	var demo bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the sitrep server (SQLite in --data by default, PostgreSQL with --db)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(cmd.Flags(), os.Getenv)
			if err != nil {
				return err
			}
			logger := newLogger(cmd.ErrOrStderr(), cfg)
			ctx := cmd.Context()
			a, err := app.New(ctx, cfg, logger, app.Options{Stdout: stdout})
			if err != nil {
				return err
			}
			defer a.Close()
			ln, err := net.Listen("tcp", cfg.Listen)
			if err != nil {
				return fmt.Errorf("listen on %s: %w (is another sitrep running? choose another --listen)", cfg.Listen, err)
			}
			if cfg.PublicListen != "" {
				pln, err := net.Listen("tcp", cfg.PublicListen)
				if err != nil {
					ln.Close()
					return fmt.Errorf("listen on %s: %w (choose another --public-listen)", cfg.PublicListen, err)
				}
				defer servePublic(a.PublicHandler(), pln, logger, cfg.ShutdownTimeout)()
			}
			// Seed after the ports are ours, so a clash fails before writing anything.
			if demo {
				if _, err := a.SeedDemo(ctx, stdout); err != nil {
					ln.Close()
					return err
				}
			}
			return a.Serve(ctx, ln)
		},
	}
	config.Register(cmd.Flags())
	// --demo is a one-off action of this start, not a setting, so it is not
	// in the options table and has no SITREP_* variable.
	cmd.Flags().BoolVar(&demo, "demo", false, "on an empty database, add a demo SEV-1 incident with its people, workstreams and regional children")
	return cmd
}

// servePublic serves the status page on ln in a server of its own, so that
// customers never reach the API or login, and returns the function that
// shuts it down once the main server has stopped.
func servePublic(h http.Handler, ln net.Listener, logger *slog.Logger, timeout time.Duration) (shutdown func()) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("public status page stopped", "err", err)
		}
	}()
	logger.Info("public status page serving", "addr", ln.Addr().String())
	return func() {
		if timeout <= 0 {
			timeout = 15 * time.Second
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}
}

func migrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply database migrations and exit (serve also does this at start)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(cmd.Flags(), os.Getenv)
			if err != nil {
				return err
			}
			db, err := store.Open(cmd.Context(), store.Config{URL: cfg.DB, DataDir: cfg.DataDir})
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Migrate(cmd.Context()); err != nil {
				return err
			}
			v, err := db.Version(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "database at schema version %d\n", v)
			return nil
		},
	}
	config.Register(cmd.Flags())
	return cmd
}

func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
