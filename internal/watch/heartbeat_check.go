package watch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"sitrep/internal/store"
)

// heartbeatScanLimit bounds one check's work; a longer backlog is taken up
// by the next check a few seconds later.
const heartbeatScanLimit = 500

// Run checks deadlines every CheckEvery until ctx ends.
func (s *Heartbeats) Run(ctx context.Context) {
	every := s.CheckEvery
	if every <= 0 {
		every = DefaultHeartbeatCheckEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.logger.ErrorContext(ctx, "heartbeat check", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick runs one check at the clock's now: it marks down every heartbeat whose
// deadline passed and raises its alert, and sends any alert a crash or a
// failed send left behind. It returns how many heartbeats went down.
//
// Several PostgreSQL instances may check at once: each heartbeat is claimed
// by a conditional UPDATE, so only one of them marks it down, and sending an
// alert twice is harmless (the alert service treats a repeat as a repeat).
func (s *Heartbeats) Tick(ctx context.Context) (int, error) {
	now := s.clock.Now()
	if err := s.noteCheck(ctx, now); err != nil {
		return 0, fmt.Errorf("heartbeat check: %w", err)
	}
	due, err := heartbeatIDs(ctx, s.db, `SELECT id FROM heartbeats WHERE status <> 'down' AND next_due_at <= ? ORDER BY next_due_at LIMIT ?`,
		store.Micros(now), heartbeatScanLimit)
	if err != nil {
		return 0, fmt.Errorf("heartbeat check: %w", err)
	}
	// One transaction claims them all: one commit instead of one per
	// heartbeat. Claiming in id order keeps two PostgreSQL instances that
	// claim at once from locking each other's rows in opposite orders.
	slices.Sort(due)
	down := 0
	if len(due) > 0 {
		err = s.claim(ctx, due, now, &down)
	}
	if err != nil {
		return 0, fmt.Errorf("heartbeat check: %w", err)
	}
	dirty, err := heartbeatIDs(ctx, s.db, `SELECT id FROM heartbeats WHERE alert_dirty = 1 ORDER BY id LIMIT ?`, heartbeatScanLimit)
	if err != nil {
		return down, fmt.Errorf("heartbeat check: %w", err)
	}
	return down, s.syncAlerts(ctx, dirty)
}

// claim marks down the heartbeats of due whose deadline is still passed,
// counting them in down.
func (s *Heartbeats) claim(ctx context.Context, due []int64, now time.Time, down *int) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		*down = 0
		for _, id := range due {
			res, err := tx.Exec(ctx, `UPDATE heartbeats SET status = 'down', down_since = ?, status_seq = status_seq + 1, alert_dirty = 1
				WHERE id = ? AND status <> 'down' AND next_due_at <= ?`, store.Micros(now), id, store.Micros(now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				*down++
			}
		}
		return nil
	})
}

// noteCheck records this check. If no instance checked for longer than
// OutageGap, sitrep itself was down: the pings sent meanwhile were refused,
// so every heartbeat that is up gets one full interval and grace from now
// before it can be called missed. Paging for every job at once because the
// pager was down would bury the alert that matters.
func (s *Heartbeats) noteCheck(ctx context.Context, now time.Time) error {
	gap := s.OutageGap
	if gap <= 0 {
		gap = DefaultOutageGap
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var last int64
		err := tx.QueryRow(ctx, `SELECT last_tick_at FROM heartbeat_checks WHERE id = 1`+tx.ForUpdate()).Scan(&last)
		if errors.Is(err, store.ErrNotFound) {
			_, err = tx.Exec(ctx, `INSERT INTO heartbeat_checks (id, last_tick_at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`, store.Micros(now))
			return err
		}
		if err != nil {
			return err
		}
		if since := now.Sub(store.FromMicros(last)); since > gap {
			res, err := tx.Exec(ctx, `UPDATE heartbeats SET next_due_at = ? + interval_us + grace_us
				WHERE status = 'up' AND next_due_at < ? + interval_us + grace_us`, store.Micros(now), store.Micros(now))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			s.logger.InfoContext(ctx, "heartbeat checks resume after a pause; deadlines restart from now", "pause", since.Round(time.Second), "heartbeats", n)
		}
		if now.Before(store.FromMicros(last)) {
			// Another instance's clock is ahead; keep its mark.
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE heartbeat_checks SET last_tick_at = ? WHERE id = 1`, store.Micros(now))
		return err
	})
}
