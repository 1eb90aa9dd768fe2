package statuspage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/store"
)

// Notice kinds: what subscribers hear about.
const (
	NoticePublished = "incident.published"
	NoticeUpdated   = "incident.updated"
	NoticeResolved  = "incident.resolved"
)

// rescan is how many events before the cursor each scan reads again. On
// PostgreSQL an event id is taken before its transaction commits, so a
// lower id can commit after a higher one was seen; reading back a little
// (notices are unique per event) means such a late commit is not skipped.
// Events re-read produce no second notice, and events that produced none
// are re-read only while recent, so an idle scan reads nothing.
const rescan = 200

// rescanAge bounds the read-back to events written recently: a transaction
// that took its id longer ago than this has long committed or rolled back.
const rescanAge = time.Minute

// scanBatch bounds one scan of the event log.
const scanBatch = 500

// notice records one thing subscribers hear and queues it for every
// confirmed subscriber, in tx. A notice tied to an event (event non-nil) is
// recorded once however often the event is read.
func (s *Service) notice(ctx context.Context, tx *store.Tx, event any, kind string, incident int64, subject, body string, now time.Time) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO status_notices (event, kind, incident, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (event) DO NOTHING RETURNING id`, event, kind, store.NullID(incident), subject, body, store.Micros(now)).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // noticed before
	}
	if err != nil {
		return fmt.Errorf("record notice: %w", err)
	}
	// One statement however many subscribers: the fan-out is rows in the
	// outbox, drained at a bounded rate, never a goroutine per subscriber.
	_, err = tx.Exec(ctx, `INSERT INTO status_outbox (subscriber, notice, status, not_before, created_at)
		SELECT id, ?, 'pending', ?, ? FROM status_subscribers WHERE status = 'confirmed'`, id, store.Micros(now), store.Micros(now))
	if err != nil {
		return fmt.Errorf("queue notice: %w", err)
	}
	return nil
}

// scanEvents turns public events after the cursor into notices: the first
// public update of an incident publishes it, later ones update it, and
// resolving an incident that was public resolves it. It reads the update's
// text from the updates table filtered on the public audience, so nothing
// written for responders can reach a subscriber.
func (s *Service) scanEvents(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var cursor int64
		if err := tx.QueryRow(ctx, `SELECT event FROM status_cursor WHERE name = 'notices'`+tx.ForUpdate()).Scan(&cursor); err != nil {
			return err
		}
		now := s.clock.Now()
		rows, err := tx.Query(ctx, `SELECT e.id, e.incident, e.kind, e.payload FROM events e LEFT JOIN status_notices n ON n.event = e.id
			WHERE e.id > ? AND e.incident IS NOT NULL AND e.kind IN ('update.posted', 'incident.status_changed') AND n.id IS NULL
			AND (e.id > ? OR e.at >= ?) ORDER BY e.id LIMIT ?`, max(cursor-rescan, 0), cursor, store.Micros(now.Add(-rescanAge)), scanBatch)
		if err != nil {
			return err
		}
		type ev struct {
			id, incident int64
			kind, data   string
		}
		var evs []ev
		for rows.Next() {
			var e ev
			if err := rows.Scan(&e.id, &e.incident, &e.kind, &e.data); err != nil {
				rows.Close()
				return err
			}
			evs = append(evs, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		seen := cursor
		if len(evs) == 0 {
			return nil // nothing new: no write on the single SQLite writer
		}
		for _, e := range evs {
			if err := s.noticeEvent(ctx, tx, e.id, e.incident, e.kind, e.data, now); err != nil {
				return fmt.Errorf("event %d: %w", e.id, err)
			}
			if e.id > seen {
				n++ // only new events count as work; rescans do not
			}
			cursor = max(cursor, e.id)
		}
		if cursor == seen {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE status_cursor SET event = ? WHERE name = 'notices'`, cursor)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("scan events for subscribers: %w", err)
	}
	return n, nil
}

func (s *Service) noticeEvent(ctx context.Context, tx *store.Tx, id, incident int64, kind, data string, now time.Time) error {
	var title string
	if err := tx.QueryRow(ctx, `SELECT title FROM incidents WHERE number = ?`, incident).Scan(&title); err != nil {
		return err
	}
	switch kind {
	case "update.posted":
		var u struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(data), &u); err != nil {
			return err
		}
		var body string
		err := tx.QueryRow(ctx, `SELECT body FROM updates WHERE id = ? AND audience = 'public'`, u.ID).Scan(&body)
		if errors.Is(err, store.ErrNotFound) {
			return nil // not for the public
		}
		if err != nil {
			return err
		}
		var earlier int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM updates WHERE incident = ? AND audience = 'public' AND id < ?`, incident, u.ID).Scan(&earlier); err != nil {
			return err
		}
		if earlier == 0 {
			return s.notice(ctx, tx, id, NoticePublished, incident, "Incident: "+title, body, now)
		}
		return s.notice(ctx, tx, id, NoticeUpdated, incident, "Update: "+title, body, now)
	case "incident.status_changed":
		var c struct {
			To string `json:"to"`
		}
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			return err
		}
		if c.To != "resolved" {
			return nil
		}
		var public int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM updates WHERE incident = ? AND audience = 'public'`, incident).Scan(&public); err != nil {
			return err
		}
		if public == 0 {
			return nil // the public never heard of it
		}
		return s.notice(ctx, tx, id, NoticeResolved, incident, "Resolved: "+title, "This incident has been resolved.", now)
	}
	return nil
}

// noticeMaintenance tells subscribers that windows started or ended.
func (s *Service) noticeMaintenance(ctx context.Context) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock.Now()
		for _, step := range []struct{ col, cmp, kind, word string }{
			{"started_noticed", "starts_at", "maintenance.started", "In progress"},
			{"ended_noticed", "ends_at", "maintenance.ended", "Completed"},
		} {
			ms, err := s.scanMaintenance(ctx, tx.Query, `WHERE m.cancelled = 0 AND m.`+step.col+` = 0 AND m.`+step.cmp+` <= ? ORDER BY m.id LIMIT 50`+tx.ForUpdate(),
				now, store.Micros(now))
			if err != nil {
				return err
			}
			for _, m := range ms {
				if _, err := tx.Exec(ctx, `UPDATE status_maintenance SET `+step.col+` = 1 WHERE id = ?`, m.ID); err != nil {
					return err
				}
				if step.kind == "maintenance.ended" && m.EndsAt.Before(now.Add(-24*time.Hour)) {
					continue // long over: nobody needs to hear it now
				}
				if err := s.notice(ctx, tx, nil, step.kind, 0, step.word+": "+m.Title, maintenanceText(m), now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("maintenance notices: %w", err)
	}
	return nil
}
