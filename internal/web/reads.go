package web

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/store"
)

// The incident service pages forward from a cursor; the war room shows the
// newest items first. These reads find the cursor where the newest page
// starts, so that one call to the service returns exactly that page.

// eventSeq is the sequence number of incident number's latest event.
func (u *UI) eventSeq(ctx context.Context, number int64) (int64, error) {
	var seq int64
	if err := u.d.DB.QueryRow(ctx, `SELECT event_seq FROM incidents WHERE number = ?`, number).Scan(&seq); err != nil {
		return 0, fmt.Errorf("latest event of incident %d: %w", number, err)
	}
	return seq, nil
}

// tailCursor returns the cursor after which the newest n rows of a channel
// (messages, or updates) of incident number start; workstream 0 is the
// incident's own channel, -1 every row of the incident.
func (u *UI) tailCursor(ctx context.Context, table string, number, workstream int64, n int) (int64, error) {
	q := `SELECT id FROM ` + table + ` WHERE incident = ?`
	args := []any{number}
	switch {
	case workstream == 0:
		q += ` AND workstream IS NULL`
	case workstream > 0:
		q += ` AND workstream = ?`
		args = append(args, workstream)
	}
	var id int64
	err := u.d.DB.QueryRow(ctx, q+` ORDER BY id DESC LIMIT 1 OFFSET ?`, append(args, n-1)...).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("newest %s of incident %d: %w", table, number, err)
	}
	return id - 1, nil
}
