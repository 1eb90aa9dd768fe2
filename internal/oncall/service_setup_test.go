package oncall_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/oncall"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Monday 23 March 2026, 08:00 UTC: an hour before the first hand-off of the
// rotations below, in the first week of European summer time.
var monday = time.Date(2026, 3, 23, 8, 0, 0, 0, time.UTC)

// world is one database of dialect d with the services built on it the way
// the app builds them, a manual clock, an admin, and the responders laura,
// laurent and sam.
type world struct {
	dom                 *apptest.Domain
	db                  *store.DB
	clk                 *clock.Manual
	auth                *auth.Service
	sched               *oncall.Service
	admin               auth.Principal
	laura, laurent, sam auth.Principal
	vera                auth.Principal // a viewer
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.NewDomain(t, d, monday, "")
	w := &world{dom: dom, db: dom.DB, clk: dom.Clock, auth: dom.Auth, admin: dom.Admin,
		sched: oncall.NewService(dom.DB, dom.Log, dom.Clock)}
	w.laura = w.user(t, "laura", auth.Responder)
	w.laurent = w.user(t, "laurent", auth.Responder)
	w.sam = w.user(t, "sam", auth.Responder)
	w.vera = w.user(t, "vera", auth.Viewer)
	return w
}

func (w *world) user(t *testing.T, handle string, role auth.Role) auth.Principal {
	t.Helper()
	return w.dom.User(t, handle, role)
}

// weekly is a rotation handing over on Mondays at 09:00 in the schedule's
// zone, starting with the first member on 23 March 2026.
func weekly(t testing.TB, members ...string) oncall.Layer {
	t.Helper()
	start, err := oncall.ParseLocalTime("2026-03-23T09:00")
	if err != nil {
		t.Fatal(err)
	}
	return oncall.Layer{Name: "primary", Members: members, Start: start, ShiftKind: oncall.Weekly, ShiftLength: 1}
}

// majorIncident creates the major-incident schedule (Berlin, laura then
// laurent, weekly) as the admin.
func (w *world) majorIncident(t *testing.T) oncall.Definition {
	t.Helper()
	d, err := w.sched.CreateSchedule(context.Background(), w.admin, oncall.Spec{Name: "major-incident",
		Description: "Commanders for SEV-1 and SEV-2", TimeZone: "Europe/Berlin", Layers: []oncall.Layer{weekly(t, "laura", "laurent")}})
	if err != nil {
		t.Fatalf("create major-incident: %v", err)
	}
	return d
}

// onCall asks who is on call for name at, failing the test on error.
func (w *world) onCall(t *testing.T, name string, at time.Time) []string {
	t.Helper()
	who, err := w.sched.OnCall(context.Background(), name, at)
	if err != nil {
		t.Fatalf("on call for %s at %s: %v", name, at, err)
	}
	return who
}

func (w *world) wantOnCall(t *testing.T, name string, at time.Time, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if got := w.onCall(t, name, at); !slices.Equal(got, want) {
		t.Errorf("on call for %s at %s: %v, want %v", name, at.Format(time.RFC3339), got, want)
	}
}

// kinds lists the kinds of events written under no incident, in order.
func (w *world) kinds(t *testing.T) []string {
	t.Helper()
	rows, err := w.db.Query(context.Background(), `SELECT kind FROM events WHERE incident IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// refused runs f and checks that it was refused with kind naming field, and
// that it wrote no event.
func (w *world) refused(t *testing.T, kind problem.Kind, field string, f func() error) *problem.Error {
	t.Helper()
	before := len(w.kinds(t))
	err := f()
	p, ok := problem.As(err)
	if !ok || p.Kind != kind || p.Field != field {
		t.Fatalf("want refusal of kind %d naming %q, got %v", kind, field, err)
	}
	if after := len(w.kinds(t)); after != before {
		t.Fatalf("refused request wrote %d events", after-before)
	}
	return p
}

// at reads a wall-clock time in a zone: "Tuesday 10:00 in Berlin".
func at(t testing.TB, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}
