package watch_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/problem"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

// sitrep itself is down for twenty minutes. The cron job kept calling, but
// nobody answered: when sitrep comes back, it gives every heartbeat one full
// interval and grace before calling it missed, instead of paging for all of
// them at once. A job that stays silent after that still pages.
func TestPingsLostWhileSitrepWasDownDoNotPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		_, secret := b.create(t, watch.NewHeartbeat{Name: "etl", Interval: 5 * time.Minute, Grace: time.Minute})
		b.ping(t, secret)
		b.advance(t, time.Minute)
		b.dom.Clock.Advance(20 * time.Minute)
		if n := b.advance(t, 30*time.Second); n != 0 {
			t.Fatalf("%d heartbeats paged right after sitrep came back", n)
		}
		if n := b.advance(t, 5*time.Minute); n != 0 {
			t.Fatalf("%d heartbeats paged within one interval and grace of the restart", n)
		}
		if n := b.advance(t, 2*time.Minute); n != 1 {
			t.Fatalf("%d heartbeats paged a full cycle after the restart; want the silent job", n)
		}
	})
}

// The alert service is unreachable when a deadline passes: the heartbeat is
// down at once, and the alert goes out on the next check that can send it.
func TestAlertThatCouldNotBeSentIsSentByTheNextCheck(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		_, secret := b.create(t, watch.NewHeartbeat{Name: "etl", Interval: time.Minute})
		b.ping(t, secret)
		b.sink.fail = 10
		b.dom.Clock.Advance(2*time.Minute + time.Second)
		if _, err := b.hb.Tick(context.Background()); err == nil {
			t.Fatal("a check that could not send its alert reported no error")
		}
		if got := b.status(t, "etl"); got != watch.HeartbeatDown || len(b.sink.sent()) != 0 {
			t.Fatalf("status %s with %d alerts", got, len(b.sink.sent()))
		}
		b.sink.fail = 0
		b.advance(t, time.Second)
		if a := b.sink.last(t); a.Status != alert.Firing || len(b.sink.sent()) != 1 {
			t.Fatalf("after the alert service came back: %+v (%d)", a, len(b.sink.sent()))
		}
	})
}

// Two instances on one PostgreSQL (or two checkers on one SQLite file) check
// at the same moment: the heartbeat goes down once.
func TestTwoCheckersMarkAHeartbeatDownOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		other := watch.NewHeartbeats(b.dom.DB, b.dom.Log, b.dom.Clock, b.sink, slog.New(slog.NewTextHandler(io.Discard, nil)))
		for _, name := range []string{"a", "b", "c", "d"} {
			_, secret := b.create(t, watch.NewHeartbeat{Name: name, Interval: time.Minute})
			b.ping(t, secret)
		}
		b.advance(t, 90*time.Second)
		b.dom.Clock.Advance(31 * time.Second)
		total := make(chan int, 2)
		for _, hb := range []*watch.Heartbeats{b.hb, other} {
			go func() {
				n, err := hb.Tick(context.Background())
				if err != nil {
					t.Error(err)
				}
				total <- n
			}()
		}
		if n := <-total + <-total; n != 4 {
			t.Fatalf("%d heartbeats marked down by two checkers; want each of the 4 once", n)
		}
	})
}

// Bad settings are refused naming the field, and nothing is stored.
func TestHeartbeatSettingsAreChecked(t *testing.T) {
	b := newBeats(t, store.SQLite)
	ctx := context.Background()
	for _, c := range []struct {
		field string
		n     watch.NewHeartbeat
	}{
		{"name", watch.NewHeartbeat{Name: "Nightly Backup", Interval: time.Minute}},
		{"name", watch.NewHeartbeat{Name: "", Interval: time.Minute}},
		{"interval", watch.NewHeartbeat{Name: "x", Interval: 5 * time.Second}},
		{"interval", watch.NewHeartbeat{Name: "x", Interval: 90 * 24 * time.Hour}},
		{"interval", watch.NewHeartbeat{Name: "x", Interval: 10500 * time.Millisecond}},
		{"grace", watch.NewHeartbeat{Name: "x", Interval: time.Minute, Grace: -time.Second}},
		{"kind", watch.NewHeartbeat{Name: "x", Interval: time.Minute, Kind: "cron"}},
		{"service", watch.NewHeartbeat{Name: "x", Interval: time.Minute, Service: "Billing API"}},
		{"severity", watch.NewHeartbeat{Name: "x", Interval: time.Minute, Severity: "very bad!"}},
		{"description", watch.NewHeartbeat{Name: "x", Interval: time.Minute, Description: "a\x00b"}},
	} {
		_, _, err := b.hb.Create(ctx, b.admin, c.n)
		if p, ok := problem.As(err); !ok || p.Kind != problem.Invalid || p.Field != c.field {
			t.Errorf("%+v: %v, want invalid %s", c.n, err, c.field)
		}
	}
	b.create(t, watch.NewHeartbeat{Name: "x", Interval: time.Minute})
	if _, _, err := b.hb.Create(ctx, b.admin, watch.NewHeartbeat{Name: "x", Interval: time.Minute}); !problem.Is(err, problem.Conflict) {
		t.Fatalf("a second heartbeat x: %v", err)
	}
	responder := b.dom.User(t, "laura", "responder")
	if _, _, err := b.hb.Create(ctx, responder, watch.NewHeartbeat{Name: "y", Interval: time.Minute}); !problem.Is(err, problem.Forbidden) {
		t.Fatalf("a responder adds a heartbeat: %v", err)
	}
	hs, _, err := b.hb.List(ctx, 0, 0)
	if err != nil || len(hs) != 1 {
		t.Fatalf("list: %v %d", err, len(hs))
	}
}

// Shortening the interval of an up heartbeat moves its deadline; removing a
// heartbeat that is down resolves its alert.
func TestChangeAndRemoveHeartbeat(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		ctx := context.Background()
		_, secret := b.create(t, watch.NewHeartbeat{Name: "etl", Interval: time.Hour})
		b.ping(t, secret)
		b.service(t, "warehouse")
		typo := "warehuose"
		if _, err := b.hb.Update(ctx, b.admin, "etl", watch.HeartbeatPatch{Service: &typo}); !problem.Is(err, problem.Invalid) {
			t.Fatalf("a service that does not exist: %v", err)
		}
		iv, svc := 2*time.Minute, "warehouse"
		h, err := b.hb.Update(ctx, b.admin, "etl", watch.HeartbeatPatch{Interval: &iv, Service: &svc})
		if err != nil || h.Grace != 2*time.Minute || h.Service != "warehouse" || !h.NextDueAt.Equal(b.dom.Clock.Now().Add(4*time.Minute)) {
			t.Fatalf("update: %v %+v", err, h)
		}
		if n := b.advance(t, 4*time.Minute+time.Second); n != 1 {
			t.Fatalf("%d down after the shorter interval and grace", n)
		}
		if err := b.hb.Delete(ctx, b.admin, "etl"); err != nil {
			t.Fatal(err)
		}
		if a := b.sink.last(t); a.Status != alert.Resolved {
			t.Fatalf("removing a down heartbeat left its alert %s", a.Status)
		}
		if _, err := b.hb.Heartbeat(ctx, "etl"); !problem.Is(err, problem.NotFound) {
			t.Fatalf("read after remove: %v", err)
		}
	})
}

// A list of many heartbeats comes in pages that cover each one once.
func TestHeartbeatListPages(t *testing.T) {
	b := newBeats(t, store.SQLite)
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		b.create(t, watch.NewHeartbeat{Name: name, Interval: time.Minute})
	}
	var names []string
	var cursor int64
	for {
		hs, next, err := b.hb.List(context.Background(), cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			names = append(names, h.Name)
		}
		if next == 0 {
			break
		}
		cursor = next
	}
	if len(names) != 5 || names[0] != "a" || names[4] != "e" {
		t.Fatalf("pages gave %v", names)
	}
}

// Run checks on its own: with the clock past the deadline, the alert goes
// out without anyone calling Tick, and Run returns when its context ends.
func TestRunChecksOnItsOwn(t *testing.T) {
	b := newBeats(t, store.SQLite)
	_, secret := b.create(t, watch.NewHeartbeat{Name: "etl", Interval: time.Minute})
	b.ping(t, secret)
	b.advance(t, 90*time.Second)
	b.sink.signal = make(chan struct{}, 1)
	b.hb.CheckEvery = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.hb.Run(ctx)
	}()
	b.dom.Clock.Advance(31 * time.Second)
	select {
	case <-b.sink.signal:
	case <-time.After(30 * time.Second):
		t.Fatal("Run raised no alert within 30 s of the deadline passing")
	}
	cancel()
	<-done
	if a := b.sink.last(t); a.Status != alert.Firing || a.Labels["heartbeat"] != "etl" {
		t.Fatalf("alert %+v", a)
	}
}
