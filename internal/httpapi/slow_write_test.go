package httpapi_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// A write that waits for the database longer than huma's default body read
// timeout (5 s) must still complete. Middleware reads the body to its end
// first, so net/http is already waiting in its background read when huma sets
// that deadline; when it fired, the request's context was cancelled and a
// client that never went away got "499 request canceled". Overloaded servers
// (a queue on one incident's row lock) hit exactly this.
func TestWriteWaitingLongerThanFiveSecondsCompletes(t *testing.T) {
	sc := apptest.DBConfig(t, store.SQLite)
	in := apptest.Start(t, store.SQLite, apptest.Options{Store: &sc})
	ctx := context.Background()
	inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Pod networking down in four regions", Severity: "SEV-1"}))(t)

	// Hold SQLite's write lock from outside, as a long transaction would.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(sc.DataDir, "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := in.Admin.PostMessage(ctx, inc.Number, 0, "EU1 parent control planes are back")
		done <- err
	}()
	time.Sleep(6 * time.Second)
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("message posted while the database was busy for 6s: %v; want it stored once the lock is free", err)
	}
}
