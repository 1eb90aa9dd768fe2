package event_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// logOn returns an event log over a fresh database of dialect d, wired to its
// hub the way the app wires them. The database has no users and no events.
func logOn(t *testing.T, d store.Dialect) (*store.DB, *event.Log) {
	t.Helper()
	dom := apptest.EmptyDomain(t, d, night, apptest.NotifyChannel)
	return dom.DB, dom.Log
}

// openIncident inserts a bare incident row to hang events on; these tests are
// about the log, not the incident domain.
func openIncident(t *testing.T, db *store.DB, number int64) {
	t.Helper()
	_, err := db.Exec(context.Background(), `INSERT INTO incidents (number, title, summary, severity, status, created_at, updated_at)
		VALUES (?, ?, '', 'SEV-2', 'investigating', ?, ?)`, number, "eu1 outage", store.Micros(night), store.Micros(night))
	if err != nil {
		t.Fatalf("insert incident %d: %v", number, err)
	}
}

// appendN appends n events to incident in one transaction.
func appendN(t testing.TB, db *store.DB, log *event.Log, incident int64, n int) {
	t.Helper()
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		for i := range n {
			if _, err := log.Append(context.Background(), tx, incident, 0, night, "message.posted", map[string]int{"i": i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Errorf("append %d events to %d: %v", n, incident, err)
	}
}

// guard bounds a test that waits for events, so that a lost event fails the
// test with a message instead of hanging the whole run.
func guard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
