package main

import (
	"context"
	"errors"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
)

// SIGTERM drains and exits 0 even with a live stream open: the stream is
// told to reconnect rather than holding shutdown for its whole timeout.
func TestSIGTERMExitsCleanly(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			binary(t)
			var db string
			if dialect == "postgres" {
				db = apptest.PostgresSchema(t)
			}
			srv := serve(t, t.TempDir(), db, freeAddr(t), "--shutdown-timeout", "2m")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			admin := client.New(srv.url, adminToken)
			inc, err := admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"})
			if err != nil {
				t.Fatal(err)
			}
			streaming := make(chan struct{})
			var once sync.Once
			go func() {
				_ = admin.Follow(ctx, inc.Number, 0, func(client.Event) error {
					once.Do(func() { close(streaming) })
					return nil
				})
			}()
			select {
			case <-streaming:
			case <-ctx.Done():
				t.Fatal("the live stream never started")
			}

			if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			// Well inside the 2m shutdown timeout: a stream holding the drain
			// would run into this deadline.
			err = srv.waitExit(ctx)
			var exit *exec.ExitError
			switch {
			case errors.Is(err, context.DeadlineExceeded):
				t.Fatal("sitrep still running 30s after SIGTERM")
			case errors.As(err, &exit):
				t.Fatalf("sitrep exited with %v after SIGTERM, want 0:\n%s", err, srv.out.String())
			case err != nil:
				t.Fatal(err)
			}
		})
	}
}
