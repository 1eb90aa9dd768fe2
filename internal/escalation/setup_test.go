package escalation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// world is one database of dialect d with the services built on it the way
// the app builds them, a manual clock, and the bootstrap admin.
type world struct {
	dom   *apptest.Domain
	db    *store.DB
	clk   *clock.Manual
	auth  *auth.Service
	pol   *escalation.Service
	admin auth.Principal
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, apptest.NotifyChannel)
	return &world{dom: dom, db: dom.DB, clk: dom.Clock, auth: dom.Auth, admin: dom.Admin,
		pol: escalation.NewService(dom.DB, dom.Log, dom.Clock)}
}

// user creates a user with role and returns them as a caller.
func (w *world) user(t *testing.T, handle string, role auth.Role) auth.Principal {
	t.Helper()
	return w.dom.User(t, handle, role)
}

// schedule stores an empty schedule called name. The schedule service owns
// the table; a row is all a policy needs to point at it.
func (w *world) schedule(t *testing.T, name string) {
	t.Helper()
	_, err := w.db.Exec(context.Background(), `INSERT INTO schedules (name, time_zone, layers, created_at, updated_at) VALUES (?, 'UTC', '[]', 0, 0)`, name)
	if err != nil {
		t.Fatalf("create schedule %s: %v", name, err)
	}
}

// create saves p as the admin, failing the test on error.
func (w *world) create(t *testing.T, p escalation.Policy) escalation.Policy {
	t.Helper()
	out, err := w.pol.Create(context.Background(), w.admin, p)
	if err != nil {
		t.Fatalf("create policy %s: %v", p.Name, err)
	}
	return out
}

// events lists the kinds of every event written so far, oldest first.
func (w *world) events(t *testing.T) []string {
	t.Helper()
	rows, err := w.db.Query(context.Background(), `SELECT kind FROM events ORDER BY id`)
	if err != nil {
		t.Fatalf("read events: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatalf("read events: %v", err)
		}
		out = append(out, k)
	}
	return out
}

// refused runs f and checks that it was refused with kind naming field, that
// the message mentions each of says, and that nothing was written.
func (w *world) refused(t *testing.T, kind problem.Kind, field string, f func() error, says ...string) {
	t.Helper()
	before := len(w.events(t))
	err := f()
	p, ok := problem.As(err)
	if !ok || p.Kind != kind || p.Field != field {
		t.Fatalf("want refusal of kind %d naming %q, got %v", kind, field, err)
	}
	for _, s := range says {
		if !strings.Contains(p.Message, s) {
			t.Errorf("refusal %q does not mention %q", p.Message, s)
		}
	}
	if after := len(w.events(t)); after != before {
		t.Fatalf("refused request wrote %d events", after-before)
	}
}

// steps builds a policy's steps from a delay and targets each, written as
// "kind:ref", so tests read like the policies they model.
func steps(spec ...any) []escalation.Step {
	var out []escalation.Step
	for _, s := range spec {
		switch v := s.(type) {
		case int:
			out = append(out, escalation.Step{DelaySeconds: v})
		case string:
			kind, ref, _ := strings.Cut(v, ":")
			last := &out[len(out)-1]
			last.Targets = append(last.Targets, escalation.Target{Kind: kind, Ref: ref})
		}
	}
	return out
}
