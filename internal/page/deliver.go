package page

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"sitrep/internal/notify"
	"sitrep/internal/store"
)

// claimed is a delivery this instance holds the lease of.
type claimed struct {
	id       int64
	page     int64
	channel  string
	address  string
	attempts int
	created  time.Time
	msg      notify.Message
}

// deliverDue claims due deliveries of lane l (every lane when nil) and sends
// them, at most Concurrency at a time per channel. It returns how many it
// claimed.
func (e *Engine) deliverDue(ctx context.Context, l *lane) (int, error) {
	batch, err := e.claim(ctx, 64, l)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	budget := e.budgets(ctx, batch)
	sems := map[string]chan struct{}{}
	var wg sync.WaitGroup
	for _, d := range batch {
		if b, limited := budget[d.channel]; limited {
			if b <= 0 {
				// Over this second's share: spread the rest over the next
				// seconds at the provider's rate, so a healed provider sees
				// its backlog drain steadily instead of all at once.
				e.postpone(ctx, d, e.slot(d.channel).Add(e.jitter()), "")
				continue
			}
			budget[d.channel] = b - 1
		}
		sem := sems[d.channel]
		if sem == nil {
			sem = make(chan struct{}, max(1, e.limits.Concurrency))
			sems[d.channel] = sem
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			e.deliver(ctx, d)
		}()
	}
	wg.Wait()
	return len(batch), nil
}

// claim leases up to n due deliveries. On PostgreSQL SKIP LOCKED lets several
// instances claim disjoint batches at once.
func (e *Engine) claim(ctx context.Context, n int, l *lane) ([]claimed, error) {
	now := e.s.clock.Now()
	var out []claimed
	err := e.s.db.Tx(ctx, func(tx *store.Tx) error {
		q := `SELECT id, page_id, channel, address, attempts, created_at, message FROM deliveries
			WHERE status = 'pending' AND not_before <= ? AND (lease_until IS NULL OR lease_until < ?)`
		args := []any{store.Micros(now), store.Micros(now)}
		switch {
		case l == nil:
		case !l.others:
			q += ` AND channel = ?`
			args = append(args, l.channel)
		case len(e.senders) > 0:
			q += ` AND channel NOT IN (` + store.Placeholders(len(e.senders)) + `)`
			for ch := range e.senders {
				args = append(args, ch)
			}
		}
		q += ` ORDER BY not_before LIMIT ?`
		if tx.Dialect() == store.Postgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		rows, err := tx.Query(ctx, q, append(args, n)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d claimed
			var created int64
			var msg string
			if err := rows.Scan(&d.id, &d.page, &d.channel, &d.address, &d.attempts, &created, &msg); err != nil {
				rows.Close()
				return err
			}
			d.created = store.FromMicros(created)
			if err := json.Unmarshal([]byte(msg), &d.msg); err != nil {
				rows.Close()
				return fmt.Errorf("delivery %d message: %w", d.id, err)
			}
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range out {
			if _, err := tx.Exec(ctx, `UPDATE deliveries SET lease_until = ? WHERE id = ?`, store.Micros(now.Add(e.limits.Lease)), d.id); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// deliver sends one claimed delivery unless a limit says to wait, and records
// the outcome: sent, retry later with backoff, or failed for good.
func (e *Engine) deliver(ctx context.Context, d claimed) {
	now := e.s.clock.Now()
	snd := e.senders[d.channel]
	if snd == nil {
		e.finish(ctx, d, "failed", now, fmt.Sprintf("no %s channel is configured; configure it (see docs/configuration.md) and page again", d.channel))
		return
	}
	if now.Sub(d.created) > e.limits.GiveUpAfter {
		e.finish(ctx, d, "failed", now, fmt.Sprintf("gave up after %s of failed attempts", e.limits.GiveUpAfter))
		return
	}
	if wait := e.hold(ctx, d, now); wait > 0 {
		e.postpone(ctx, d, now.Add(wait), "")
		return
	}
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	retry, err := snd.Send(sctx, d.msg)
	cancel()
	e.mu.Lock()
	e.circuits[d.channel].Record(retry, err)
	e.mu.Unlock()
	now = e.s.clock.Now()
	switch {
	case err == nil:
		e.finish(ctx, d, "sent", now, "")
	case !retry:
		e.finish(ctx, d, "failed", now, err.Error())
	default:
		e.mu.Lock()
		wait := notify.Backoff(d.attempts+1, e.limits.BackoffBase, e.limits.BackoffMax, e.rnd)
		e.mu.Unlock()
		wait = max(wait, notify.RetryAfter(err))
		e.postpone(ctx, d, now.Add(wait), err.Error())
	}
}

// budgets says how many more messages each rate-limited channel of batch may
// send this second: its limit less what went out in the last second, counted
// from the table so that restarts do not reset it. Several instances each read
// the same history, so together they can exceed the limit only by what they
// send in the same instant.
func (e *Engine) budgets(ctx context.Context, batch []claimed) map[string]int {
	now := e.s.clock.Now()
	out := map[string]int{}
	for _, d := range batch {
		limit := e.limits.PerSecond[d.channel]
		if _, done := out[d.channel]; done || limit <= 0 {
			continue
		}
		var n int
		if err := e.s.db.QueryRow(ctx, `SELECT COUNT(*) FROM deliveries WHERE channel = ? AND sent_at > ?`,
			d.channel, store.Micros(now.Add(-time.Second))).Scan(&n); err != nil {
			n = limit // unknown history: send nothing this pass rather than too much
		}
		out[d.channel] = limit - n
	}
	return out
}

// slot returns the next free send slot of channel, at least a second from
// now and 1/limit after the one before. The slots outlive a batch: a backlog
// larger than one claim (a broadcast to 500, a provider healing with 1,000
// queued) is spread over the seconds it needs at the limit, and each row is
// put off once, instead of every batch being put off to the next second
// together and the whole backlog claimed and rewritten again every second.
func (e *Engine) slot(channel string) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	at := e.slots[channel]
	if floor := e.s.clock.Now().Add(time.Second); at.Before(floor) {
		at = floor
	}
	e.slots[channel] = at.Add(time.Second / time.Duration(e.limits.PerSecond[channel]))
	return at
}

func (e *Engine) jitter() time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return time.Duration(e.rnd.Int64N(int64(250 * time.Millisecond)))
}

// hold says how long to wait before sending d: while the person has had
// their share this minute, or while the provider's circuit is open. The
// circuit is asked last: when it lets a probe through, the probe must go out,
// or the circuit would wait a cool-down for an answer that never comes.
func (e *Engine) hold(ctx context.Context, d claimed, now time.Time) time.Duration {
	jitter := e.jitter()
	if limit := e.limits.PerContactPerMinute[d.channel]; limit > 0 {
		var n int
		err := e.s.db.QueryRow(ctx, `SELECT COUNT(*) FROM deliveries WHERE channel = ? AND address = ? AND sent_at > ?`,
			d.channel, d.address, store.Micros(now.Add(-time.Minute))).Scan(&n)
		if err == nil && n >= limit {
			return time.Minute/time.Duration(limit) + jitter
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ok, wait := e.circuits[d.channel].Allow()
	if ok {
		return 0
	}
	if e.circuits[d.channel].State() == notify.HalfOpen {
		// Another send of this pass is the probe, and a pass waits for all
		// its sends, so the answer is known by the next one. Wait a second,
		// not the cool-down: if the probe succeeds the provider has healed,
		// and these messages must not sit out another 30 s.
		wait = min(wait, time.Second)
	}
	return wait + jitter
}

func (e *Engine) postpone(ctx context.Context, d claimed, at time.Time, lastErr string) {
	attempts := d.attempts
	if lastErr != "" {
		attempts++
	}
	_, err := e.s.db.Exec(ctx, `UPDATE deliveries SET not_before = ?, lease_until = NULL, attempts = ?, last_error = CASE WHEN ? = '' THEN last_error ELSE ? END
		WHERE id = ? AND status = 'pending'`, store.Micros(at), attempts, lastErr, lastErr, d.id)
	if err != nil {
		e.logger.Warn("paging: postpone delivery", "id", d.id, "err", err)
	}
}

// finish records a final outcome. A permanent failure also goes on the
// page's timeline: the commander must know that someone could not be reached.
func (e *Engine) finish(ctx context.Context, d claimed, status string, now time.Time, lastErr string) {
	err := e.s.db.Tx(ctx, func(tx *store.Tx) error {
		var sent any
		if status == "sent" {
			sent = store.Micros(now)
		}
		res, err := tx.Exec(ctx, `UPDATE deliveries SET status = ?, attempts = attempts + 1, lease_until = NULL, last_error = ?, sent_at = ?
			WHERE id = ? AND status = 'pending'`, status, lastErr, sent, d.id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 || status != "failed" {
			return nil
		}
		var incident *int64
		if err := tx.QueryRow(ctx, `SELECT incident FROM pages WHERE id = ?`, d.page).Scan(&incident); err != nil {
			return err
		}
		p := Page{ID: d.page}
		if incident != nil {
			p.Incident = *incident
		}
		return e.s.emit(ctx, tx, p, 0, now, "page.delivery_failed", map[string]any{"page": d.page, "delivery": d.id, "channel": d.channel, "error": lastErr})
	})
	if err != nil {
		e.logger.Warn("paging: record delivery", "id", d.id, "err", err)
	}
}
