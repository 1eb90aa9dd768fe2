package contact_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/contact"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The night these tests model starts here.
var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// world is one database of dialect d with the services built on it the way
// the app builds them, a manual clock, and the bootstrap admin.
type world struct {
	dom      *apptest.Domain
	db       *store.DB
	clk      *clock.Manual
	auth     *auth.Service
	contacts *contact.Service
	admin    auth.Principal
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, "")
	return &world{dom: dom, db: dom.DB, clk: dom.Clock, auth: dom.Auth, admin: dom.Admin,
		contacts: contact.NewService(dom.DB, dom.Log, dom.Clock)}
}

// user creates a user with role and returns them as a caller.
func (w *world) user(t *testing.T, handle string, role auth.Role) auth.Principal {
	t.Helper()
	return w.dom.User(t, handle, role)
}

// method adds a contact method to by's own, failing the test on error.
func (w *world) method(t *testing.T, by auth.Principal, kind contact.Kind, address string) contact.ContactMethod {
	t.Helper()
	m, err := w.contacts.AddMethod(context.Background(), by, contact.Self, contact.NewMethod{Kind: kind, Address: address})
	if err != nil {
		t.Fatalf("%s adds %s %s: %v", by.Handle, kind, address, err)
	}
	return m
}

// rule adds a rule for by's own method, failing the test on error.
func (w *world) rule(t *testing.T, by auth.Principal, m contact.ContactMethod, after time.Duration) contact.NotificationRule {
	t.Helper()
	r, err := w.contacts.AddRule(context.Background(), by, contact.Self, m.ID, after)
	if err != nil {
		t.Fatalf("%s adds rule for method %d after %s: %v", by.Handle, m.ID, after, err)
	}
	return r
}

// loggedEvent is an event outside any incident, with its payload decoded.
type loggedEvent struct {
	Kind string
	Data map[string]any
}

// events returns every event that belongs to no incident, oldest first.
func (w *world) events(t *testing.T) []loggedEvent {
	t.Helper()
	rows, err := w.db.Query(context.Background(), `SELECT kind, payload FROM events WHERE incident IS NULL ORDER BY id`)
	if err != nil {
		t.Fatalf("read events: %v", err)
	}
	defer rows.Close()
	var out []loggedEvent
	for rows.Next() {
		var ev loggedEvent
		var payload string
		if err := rows.Scan(&ev.Kind, &payload); err != nil {
			t.Fatalf("read events: %v", err)
		}
		if err := json.Unmarshal([]byte(payload), &ev.Data); err != nil {
			t.Fatalf("event %s payload: %v", ev.Kind, err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read events: %v", err)
	}
	return out
}

// refused checks that f was refused with kind naming field and that it
// wrote no event.
func (w *world) refused(t *testing.T, kind problem.Kind, field string, f func() error) {
	t.Helper()
	before := len(w.events(t))
	err := f()
	p, ok := problem.As(err)
	if !ok || p.Kind != kind || p.Field != field {
		t.Fatalf("want refusal of kind %d naming %q, got %v", kind, field, err)
	}
	if after := len(w.events(t)); after != before {
		t.Fatalf("refused request wrote %d events", after-before)
	}
}
