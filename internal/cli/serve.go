package cli

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

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
			// Seed after the port is ours, so a clash fails before writing anything.
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
