package incident_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

const racers = 12

// During a messy SEV-1 several admins reassign the scribe at the same moment
// from different browser tabs and instances. Whatever the order, exactly one
// person holds the role afterwards, and every handover that was acknowledged
// is on the timeline and in the role history.
func TestConcurrentHandoversLeaveOneHolder(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "eu1 and us1 payments down", "SEV-1")
		n := inc.Number
		handles := make([]string, racers)
		for i := range handles {
			handles[i] = fmt.Sprintf("scribe%02d", i)
			w.user(t, handles[i], auth.Responder)
		}
		w.join(t, n, handles...)
		before := len(w.timeline(t, n))

		var ok atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, h := range handles {
			wg.Go(func() {
				<-start
				if _, err := w.inc.AssignRole(ctx, w.admin, n, "scribe", h); err != nil {
					t.Errorf("hand scribe to %s: %v", h, err)
					return
				}
				ok.Add(1)
			})
		}
		close(start)
		wg.Wait()

		got, err := w.inc.Get(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Roles) != 1 || got.Roles[0].Role != "scribe" {
			t.Fatalf("current roles %+v, want exactly one scribe", got.Roles)
		}
		assigned := w.timeline(t, n)[before:]
		if int64(len(assigned)) != ok.Load() {
			t.Fatalf("%d handovers succeeded, timeline gained %d events %v", ok.Load(), len(assigned), kindsOf(assigned))
		}
		hist, err := w.inc.RoleHistory(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(hist)) != ok.Load() {
			t.Fatalf("%d handovers succeeded, role history has %d tenures", ok.Load(), len(hist))
		}
		// Each event names the holder it replaced, so the chain of handovers is
		// complete: every tenure but the last ended, and the last is current.
		for i, ev := range assigned {
			if ev.Kind != "role.assigned" || !mentions(ev, `"user":"`+hist[i].User+`"`) {
				t.Fatalf("event %d %s %s does not match tenure %+v", i, ev.Kind, ev.Data, hist[i])
			}
			if i > 0 && !mentions(ev, `"previous":"`+hist[i-1].User+`"`) {
				t.Fatalf("event %d %s does not name the previous scribe %s", i, ev.Data, hist[i-1].User)
			}
			if last := i == len(hist)-1; hist[i].EndedAt.IsZero() != last {
				t.Fatalf("tenure %d %+v: only the last may be open", i, hist[i])
			}
		}
		if hist[len(hist)-1].User != got.Roles[0].User {
			t.Fatalf("last tenure %s, current scribe %s", hist[len(hist)-1].User, got.Roles[0].User)
		}
	})
}

// Command is vacant and every responder grabs it at once: one wins, the
// others are told that only the commander can hand it over, and the timeline
// shows one assignment.
func TestRaceForVacantCommandHasOneWinner(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "us1 control plane", "SEV-1")
		n := inc.Number
		var people []auth.Principal
		for i := range racers {
			p := w.user(t, fmt.Sprintf("ic%02d", i), auth.Responder)
			w.join(t, n, p.Handle)
			people = append(people, p)
		}
		before := len(w.timeline(t, n))

		var won, lost atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, p := range people {
			wg.Go(func() {
				<-start
				_, err := w.inc.AssignRole(ctx, p, n, incident.RoleCommander, p.Handle)
				switch {
				case err == nil:
					won.Add(1)
				case problem.Is(err, problem.Forbidden):
					lost.Add(1)
				default:
					t.Errorf("%s takes command: %v", p.Handle, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if won.Load() != 1 || lost.Load() != racers-1 {
			t.Fatalf("%d took command and %d were refused, want 1 and %d", won.Load(), lost.Load(), racers-1)
		}
		if k := kindsOf(w.timeline(t, n)[before:]); len(k) != 1 || k[0] != "role.assigned" {
			t.Fatalf("timeline gained %v, want one role.assigned", k)
		}
	})
}
