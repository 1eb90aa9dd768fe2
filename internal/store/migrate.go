package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// The two folders hold the same version numbers; each speaks its own dialect.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// ErrTooNew means the database was migrated by a newer sitrep than this one.
var ErrTooNew = errors.New("database is newer than this sitrep binary")

func (db *DB) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		// Several instances may start at once on one database; a session
		// advisory lock lets exactly one of them migrate while the others wait.
		// Advisory locks are per database, so the lock id is derived from the
		// schema: installations in different schemas do not wait on each other.
		var schema string
		if err := db.write.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("sitrep-migrate:" + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.write, sub, opts...)
}

// Migrate applies every pending migration. It refuses a database whose schema
// version is newer than the newest migration this binary carries, because
// running old code on a new schema can corrupt data.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	if newest := db.SchemaVersion(p); current > newest {
		return fmt.Errorf("%w: schema version %d, this binary knows up to %d; run the newer sitrep or restore a backup", ErrTooNew, current, newest)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// SchemaVersion returns the newest migration version in p.
func (db *DB) SchemaVersion(p *goose.Provider) int64 {
	var v int64
	for _, s := range p.ListSources() {
		v = max(v, s.Version)
	}
	return v
}

// Version returns the schema version applied to the database.
func (db *DB) Version(ctx context.Context) (int64, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
