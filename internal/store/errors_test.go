package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

func addUser(t *testing.T, db *store.DB, handle string) error {
	t.Helper()
	_, err := db.Exec(context.Background(), `INSERT INTO users (handle, name, email, role, created_at) VALUES (?, ?, ?, 'responder', ?)`,
		handle, handle, handle+"@example.com", store.Micros(night))
	return err
}

// Domain code tells "already exists" and "no such row" apart with errors.Is,
// the same way on both databases, without seeing driver types.
func TestDriverErrorsMapToSentinels(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db := apptest.OpenDB(t, d)
		ctx := context.Background()
		if err := addUser(t, db, "laura"); err != nil {
			t.Fatal(err)
		}
		if err := addUser(t, db, "laura"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second laura: %v, want ErrConflict", err)
		}
		// A check constraint and a dangling reference are conflicts too.
		_, err := db.Exec(ctx, `INSERT INTO users (handle, name, email, role, created_at) VALUES ('sam', 'Sam', 'sam@example.com', 'root', 0)`)
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("role root: %v, want ErrConflict", err)
		}
		_, err = db.Exec(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created_at) VALUES (424242, 'ci', 'h', 'p', 0)`)
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("token of a missing user: %v, want ErrConflict", err)
		}
		var id int64
		if err := db.QueryRow(ctx, `SELECT id FROM users WHERE handle = ?`, "laurent").Scan(&id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing laurent: %v, want ErrNotFound", err)
		}
		// Inside a transaction on PostgreSQL a failed statement aborts the
		// transaction; the error still maps, and Tx rolls back.
		err = db.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO users (handle, name, email, role, created_at) VALUES ('laura', 'L', 'l@example.com', 'viewer', 0)`)
			return err
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate in a transaction: %v, want ErrConflict", err)
		}
	})
}

// Nothing is published before commit: AfterCommit callbacks run after a
// commit and never after a rollback, and a rollback leaves no row behind.
func TestTxAfterCommitOnlyOnCommit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db := apptest.OpenDB(t, d)
		ctx := context.Background()
		var ran []string
		refused := errors.New("refused")
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO users (handle, name, email, role, created_at) VALUES ('sam', 'Sam', 'sam@example.com', 'viewer', 0)`); err != nil {
				return err
			}
			tx.AfterCommit(func() { ran = append(ran, "sam") })
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("rolled back tx: %v", err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("a panic inside Tx must reach the caller")
				}
			}()
			_ = db.Tx(ctx, func(tx *store.Tx) error {
				_, _ = tx.Exec(ctx, `INSERT INTO users (handle, name, email, role, created_at) VALUES ('sam', 'Sam', 'sam@example.com', 'viewer', 0)`)
				tx.AfterCommit(func() { ran = append(ran, "panic") })
				panic("bug")
			})
		}()
		err = db.Tx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "laura") })
			var id int64
			return tx.QueryRow(ctx, `INSERT INTO users (handle, name, email, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				"laura", "Laura", "laura@example.com", "admin", store.Micros(night)).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ran) != 1 || ran[0] != "laura" {
			t.Fatalf("after-commit callbacks ran %v, want only laura's", ran)
		}
		var n int64
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE handle = 'sam'`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("sam rows after rollbacks: %d, %v", n, err)
		}
		var at int64
		if err := db.QueryRow(ctx, `SELECT created_at FROM users WHERE handle = 'laura'`).Scan(&at); err != nil || !store.FromMicros(at).Equal(night) {
			t.Fatalf("laura created %v, want %v (%v)", store.FromMicros(at), night, err)
		}
	})
}

func TestTimeRoundTripsAtMicroseconds(t *testing.T) {
	at := time.Date(2024, 3, 8, 1, 22, 3, 123456789, time.FixedZone("CET", 3600))
	got := store.FromMicros(store.Micros(at))
	if !got.Equal(at.Truncate(time.Microsecond)) || got.Location() != time.UTC {
		t.Fatalf("round trip of %v gave %v", at, got)
	}
	if store.NullMicros(time.Time{}) != nil || !store.FromNullMicros(nil).IsZero() {
		t.Fatal("the zero time must be stored as NULL and read back as zero")
	}
}
