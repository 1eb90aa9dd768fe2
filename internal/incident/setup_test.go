package incident_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The night most of these tests model starts here.
var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// world is one database of dialect d with the services built on it the way the
// app builds them, a manual clock, and the bootstrap admin.
type world struct {
	dom   *apptest.Domain
	db    *store.DB
	clk   *clock.Manual
	log   *event.Log
	auth  *auth.Service
	inc   *incident.Service
	admin auth.Principal
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, apptest.NotifyChannel)
	return &world{dom: dom, db: dom.DB, clk: dom.Clock, log: dom.Log, auth: dom.Auth, admin: dom.Admin,
		inc: incident.NewService(dom.DB, dom.Log, dom.Clock)}
}

// user creates a user with role and returns them as a caller.
func (w *world) user(t *testing.T, handle string, role auth.Role) auth.Principal {
	t.Helper()
	return w.dom.User(t, handle, role)
}

// declare opens an incident as by, failing the test on error.
func (w *world) declare(t *testing.T, by auth.Principal, title string, sev incident.Severity) incident.Incident {
	t.Helper()
	inc, err := w.inc.Declare(context.Background(), by, incident.Declaration{Title: title, Severity: sev})
	if err != nil {
		t.Fatalf("declare %q: %v", title, err)
	}
	return inc
}

// join puts handle on incident number, as the admin.
func (w *world) join(t *testing.T, number int64, handles ...string) {
	t.Helper()
	for _, h := range handles {
		if _, err := w.inc.Join(context.Background(), w.admin, number, h); err != nil {
			t.Fatalf("join %s to %d: %v", h, number, err)
		}
	}
}

// timeline returns every event of incident number (none if it does not exist).
func (w *world) timeline(t *testing.T, number int64) []event.Event {
	t.Helper()
	evs, err := w.log.After(context.Background(), number, 0, event.MaxPage)
	if err != nil {
		t.Fatalf("timeline of %d: %v", number, err)
	}
	return evs
}

// totalEvents counts every event of every incident and of none, so that a
// refused request that wrote anything anywhere shows up.
func (w *world) totalEvents(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := w.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM events`).Scan(&n); err != nil {
		t.Fatalf("count events: %v", err)
	}
	return n
}

// expectEvents runs f and checks that it appended exactly kinds to incident
// number's timeline, in order, and nothing to any other incident.
func (w *world) expectEvents(t *testing.T, number int64, f func() error, kinds ...string) []event.Event {
	t.Helper()
	return w.expectAcross(t, f, map[int64][]string{number: kinds})[number]
}

// expectAcross runs f and checks that it appended exactly want[n] to each
// incident n's timeline, and no other event anywhere.
func (w *world) expectAcross(t *testing.T, f func() error, want map[int64][]string) map[int64][]event.Event {
	t.Helper()
	before, total := map[int64]int{}, w.totalEvents(t)
	var all int64
	for n, kinds := range want {
		before[n] = len(w.timeline(t, n))
		all += int64(len(kinds))
	}
	if err := f(); err != nil {
		t.Fatalf("want success appending %v, got %v", want, err)
	}
	added := map[int64][]event.Event{}
	for n, kinds := range want {
		added[n] = w.timeline(t, n)[before[n]:]
		if got := kindsOf(added[n]); !slices.Equal(got, kinds) {
			t.Fatalf("incident %d timeline gained %v, want %v", n, got, kinds)
		}
	}
	if n := w.totalEvents(t) - total; n != all {
		t.Fatalf("%d events written in all, want %d", n, all)
	}
	return added
}

// refused runs f and checks that it was refused with kind naming field, and
// that it wrote no event at all.
func (w *world) refused(t *testing.T, kind problem.Kind, field string, f func() error) {
	t.Helper()
	before := w.totalEvents(t)
	err := f()
	p, ok := problem.As(err)
	if !ok || p.Kind != kind || p.Field != field {
		t.Fatalf("want refusal of kind %d naming %q, got %v", kind, field, err)
	}
	if after := w.totalEvents(t); after != before {
		t.Fatalf("refused request wrote %d events", after-before)
	}
}

func kindsOf(evs []event.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Kind
	}
	return out
}

// mentions reports whether ev's payload contains s, such as `"user":"laura"`.
func mentions(ev event.Event, s string) bool { return strings.Contains(string(ev.Data), s) }

func ptr[T any](v T) *T { return &v }
