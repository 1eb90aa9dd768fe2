package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Every instance migrates at start, so starting twice (or two instances at
// once) must be harmless and keep the data.
func TestMigrateTwiceIsANoOp(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db := apptest.OpenDB(t, d)
		ctx := context.Background()
		before, err := db.Version(ctx)
		if err != nil || before < 1 {
			t.Fatalf("version after first migrate: %d, %v", before, err)
		}
		if err := addUser(t, db, "laura"); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		after, err := db.Version(ctx)
		if err != nil || after != before {
			t.Fatalf("version %d after second migrate, want %d (%v)", after, before, err)
		}
		var n int64
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE handle = ?`, "laura").Scan(&n); err != nil || n != 1 {
			t.Fatalf("laura after second migrate: %d rows, %v", n, err)
		}
	})
}

// After a rollback to an older binary the schema is newer than the code;
// running would corrupt data, so Migrate refuses and says what to do.
func TestMigrateRefusesNewerDatabase(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db := apptest.OpenDB(t, d)
		ctx := context.Background()
		if _, err := db.Exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`, int64(99999999), true); err != nil {
			t.Fatalf("pretend a newer sitrep migrated: %v", err)
		}
		err := db.Migrate(ctx)
		if !errors.Is(err, store.ErrTooNew) {
			t.Fatalf("migrate a newer database: %v, want ErrTooNew", err)
		}
		if !strings.Contains(err.Error(), "99999999") {
			t.Fatalf("error %q does not say which version the database has", err)
		}
	})
}

func TestOpenRefusesOtherURLsWithoutLeakingSecrets(t *testing.T) {
	_, err := store.Open(context.Background(), store.Config{URL: "mysql://sitrep:hunter2@db.eu1.internal/sitrep"})
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("open mysql URL: %v; want a refusal that names postgres:// and hides the password", err)
	}
	_, err = store.Open(context.Background(), store.Config{})
	if err == nil || !strings.Contains(err.Error(), "--data") {
		t.Fatalf("open with no data directory: %v; want a refusal naming --data", err)
	}
}
