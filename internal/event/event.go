// Package event owns the event log: every mutation appends one event in its own
// transaction, the timeline reads the log after a cursor, and the live hub fans
// committed events out to subscribers. On PostgreSQL a LISTEN connection per
// instance carries commits made by other instances into the local hub.
package event

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"sitrep/internal/store"
)

// Event is one entry of the log. Seq orders the events of one incident without
// gaps; Actor is the handle of the user who caused it (empty for the system).
type Event struct {
	ID       int64           `json:"id"`
	Incident int64           `json:"incident,omitempty"`
	Seq      int64           `json:"seq"`
	Kind     string          `json:"kind"`
	Actor    string          `json:"actor,omitempty"`
	At       time.Time       `json:"at"`
	Data     json.RawMessage `json:"data"`
}

// Log appends to and reads the event log.
type Log struct {
	db      *store.DB
	hub     *Hub
	channel string
}

// NewLog returns a log over db whose commits are announced to hub.
func NewLog(db *store.DB, hub *Hub, channel string) *Log {
	return &Log{db: db, hub: hub, channel: channel}
}

// Hub returns the hub that this log announces to.
func (l *Log) Hub() *Hub { return l.hub }

// Append writes an event for incident (0 for events that belong to no
// incident) inside tx. Taking the next sequence number updates the incident row,
// which locks it until commit: events of one incident therefore commit in
// sequence order, and a reader that tails by seq never skips one that was still
// in flight. The hub hears of the event only after commit.
func (l *Log) Append(ctx context.Context, tx *store.Tx, incident, actor int64, at time.Time, kind string, data any) (Event, error) {
	payload, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("append %s event: encode: %w", kind, err)
	}
	ev := Event{Incident: incident, Kind: kind, At: at, Data: payload}
	var incidentArg any
	if incident != 0 {
		incidentArg = incident
		err := tx.QueryRow(ctx, `UPDATE incidents SET event_seq = event_seq + 1, updated_at = ? WHERE number = ? RETURNING event_seq`,
			store.Micros(at), incident).Scan(&ev.Seq)
		if err != nil {
			return Event{}, fmt.Errorf("append %s event: next sequence of incident %d: %w", kind, incident, err)
		}
	}
	var actorArg any
	if actor != 0 {
		actorArg = actor
	}
	err = tx.QueryRow(ctx, `INSERT INTO events (incident, seq, kind, actor, at, payload) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		incidentArg, ev.Seq, kind, actorArg, store.Micros(at), string(payload)).Scan(&ev.ID)
	if err != nil {
		return Event{}, fmt.Errorf("append %s event: %w", kind, err)
	}
	if incident != 0 {
		if tx.Dialect() == store.Postgres && l.channel != "" {
			// NOTIFY is delivered at commit and not at all on rollback, which is
			// exactly when other instances should hear of the event.
			if _, err := tx.Exec(ctx, `SELECT pg_notify(?, ?)`, l.channel, fmt.Sprintf("%d:%d", incident, ev.Seq)); err != nil {
				return Event{}, fmt.Errorf("append %s event: notify: %w", kind, err)
			}
		}
		seq := ev.Seq
		tx.AfterCommit(func() { l.hub.Notify(incident, seq) })
	}
	return ev, nil
}

// MaxPage is the most events one read returns.
const MaxPage = 1000

// After returns up to limit events of incident with seq greater than after, in order.
func (l *Log) After(ctx context.Context, incident, after int64, limit int) ([]Event, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := l.db.Query(ctx, `SELECT e.id, e.seq, e.kind, COALESCE(u.handle, ''), e.at, e.payload
		FROM events e LEFT JOIN users u ON u.id = e.actor
		WHERE e.incident = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`, incident, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read events of incident %d: %w", incident, err)
	}
	defer rows.Close()
	events := make([]Event, 0, min(limit, 64))
	for rows.Next() {
		ev := Event{Incident: incident}
		var at int64
		var payload string
		if err := rows.Scan(&ev.ID, &ev.Seq, &ev.Kind, &ev.Actor, &at, &payload); err != nil {
			return nil, fmt.Errorf("read events of incident %d: %w", incident, err)
		}
		ev.At = store.FromMicros(at)
		ev.Data = json.RawMessage(payload)
		events = append(events, ev)
	}
	return events, rows.Err()
}
