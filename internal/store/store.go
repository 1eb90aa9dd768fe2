// Package store owns the database: opening SQLite or PostgreSQL, applying the
// embedded migrations, running transactions, rebinding placeholders, mapping
// driver errors to ErrNotFound and ErrConflict, and the one representation of
// time that both dialects share (UTC microseconds since the Unix epoch).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "github.com/ncruces/go-sqlite3/driver"
)

// Dialect names the SQL database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Config says which database to open.
type Config struct {
	// URL is a postgres:// or postgresql:// URL. Empty means SQLite in DataDir.
	URL string
	// DataDir holds sitrep.db when URL is empty.
	DataDir string
	// ReadConns caps the read pool on SQLite; 0 picks a default.
	ReadConns int
}

// DB is an open database. On SQLite one connection writes and a pool reads, so
// writers queue in Go rather than spinning on SQLITE_BUSY; on PostgreSQL both
// share one pool.
type DB struct {
	Dialect Dialect
	// URL is the PostgreSQL connection string (empty on SQLite); the event
	// listener opens its own connection with it.
	URL   string
	write *sql.DB
	read  *sql.DB
}

// Open opens the database described by cfg. It does not migrate; call Migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if strings.HasPrefix(cfg.URL, "postgres://") || strings.HasPrefix(cfg.URL, "postgresql://") {
		return openPostgres(ctx, cfg.URL)
	}
	if cfg.URL != "" {
		return nil, fmt.Errorf("open database: %q is not a postgres:// URL; leave --db empty to use SQLite in --data", redact(cfg.URL))
	}
	return openSQLite(ctx, cfg)
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redact(url), err)
	}
	// Statements are prepared once per connection, and PostgreSQL switches a
	// prepared statement to a generic plan after five runs. A plan made while
	// a table was small (alerts at the start of a storm: a sequential scan)
	// then stays as the table grows to 200,000 rows, and intake slowed from
	// thousands to hundreds of alerts a second. sitrep's queries are cheap to
	// plan, so always plan with the real values.
	if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
		cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w (is it running and reachable?)", redact(url), err)
	}
	return &DB{Dialect: Postgres, URL: url, write: db, read: db}, nil
}

func openSQLite(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("open sqlite: no data directory given (--data)")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("open sqlite: create data directory: %w", err)
	}
	path := filepath.Join(cfg.DataDir, "sitrep.db")
	// synchronous=FULL makes every commit reach the disk before we answer 2xx,
	// so an acknowledged write survives power loss, not only a process crash.
	// busy_timeout covers the moments when a reader checkpoints the WAL.
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(full)"
	w, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate&_pragma=journal_mode(wal)&"+common)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite3", "file:"+path+"?_txlock=deferred&_pragma=query_only(1)&"+common)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s for reading: %w", path, err)
	}
	n := cfg.ReadConns
	if n <= 0 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(0)
	return &DB{Dialect: SQLite, write: w, read: r}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.read.PingContext(ctx)
}

// Query runs a read-only query on the read pool.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(query), args...)
	return rows, mapErr(err)
}

// QueryRow runs a read-only query that returns at most one row.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return &Row{row: db.read.QueryRowContext(ctx, db.rebind(query), args...)}
}

// Exec runs a single statement outside an explicit transaction on the writer.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := db.write.ExecContext(ctx, db.rebind(query), args...)
	return res, mapErr(err)
}

// Row wraps sql.Row so that a missing row becomes ErrNotFound.
type Row struct{ row *sql.Row }

// Scan copies the row into dest, returning ErrNotFound when there was none.
func (r *Row) Scan(dest ...any) error {
	return mapErr(r.row.Scan(dest...))
}

func redact(url string) string {
	if i := strings.Index(url, "@"); i > 0 {
		if j := strings.Index(url, "://"); j > 0 && j < i {
			return url[:j+3] + "***" + url[i:]
		}
	}
	return url
}
