package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
)

var (
	// ErrNotFound means the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a uniqueness or reference rule refused the write.
	ErrConflict = errors.New("conflict")
)

// mapErr turns driver errors into the sentinels above, keeping the original
// text for logs. Domain code tests with errors.Is and never sees driver types.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505", "23503", "23514", "40001", "40P01":
			// unique, foreign key, check, serialization failure, deadlock
			return fmt.Errorf("%w: %s", ErrConflict, pg.Message)
		}
		return err
	}
	var lite *sqlite3.Error
	if errors.As(err, &lite) && lite.Code() == sqlite3.CONSTRAINT {
		return fmt.Errorf("%w: %s", ErrConflict, lite.Error())
	}
	return err
}
