// Package apptest owns the test harness that every end-to-end and store test
// shares: a migrated database of either dialect (PostgreSQL in a fresh schema
// per test), and a real sitrep instance in process with an admin client.
// Under CI=true an unreachable PostgreSQL fails the test instead of skipping.
package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver

	"sitrep/internal/store"
)

// Dialects lists the databases every conformance and end-to-end test runs on.
var Dialects = []store.Dialect{store.SQLite, store.Postgres}

// PostgresBase is the server tests create their schemas on.
func PostgresBase() string {
	if u := os.Getenv("SITREP_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// PostgresSchema creates an empty schema for t, dropped when t ends, and
// returns a URL whose connections use it. Two instances given the same URL
// share one database, as two sitrep servers in production would.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresBase()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		if os.Getenv("CI") == "true" {
			t.Fatalf("postgres at %s is unreachable under CI=true: %v", base, err)
		}
		t.Skipf("postgres at %s unreachable (set SITREP_TEST_POSTGRES; CI fails here instead): %v", base, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// DBConfig returns a store configuration of dialect for t: a temporary SQLite
// directory, or a fresh PostgreSQL schema.
func DBConfig(t testing.TB, d store.Dialect) store.Config {
	t.Helper()
	if d == store.Postgres {
		return store.Config{URL: PostgresSchema(t), DataDir: t.TempDir()}
	}
	return store.Config{DataDir: t.TempDir()}
}

// OpenDB returns a migrated database of dialect d, closed when t ends.
func OpenDB(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, DBConfig(t, d))
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// Each runs f as a subtest once per dialect.
func Each(t *testing.T, f func(t *testing.T, d store.Dialect)) {
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) { f(t, d) })
	}
}
