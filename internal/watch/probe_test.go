package watch_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/notify"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

var dawn = time.Date(2025, 6, 2, 4, 0, 0, 0, time.UTC)

// probeSink records the alerts probes raise.
type probeSink struct {
	mu     sync.Mutex
	alerts []alert.Alert
}

func (s *probeSink) Ingest(_ context.Context, _ auth.Principal, as []alert.Alert) (alert.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts = append(s.alerts, as...)
	return alert.Result{Accepted: len(as)}, nil
}

func (s *probeSink) all() []alert.Alert {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]alert.Alert(nil), s.alerts...)
}

type probes struct {
	dm   *apptest.Domain
	svc  *watch.Service
	sink *probeSink
}

func newProbes(t *testing.T, d store.Dialect) *probes {
	t.Helper()
	dm := apptest.NewDomain(t, d, dawn, apptest.NotifyChannel)
	svc := watch.NewService(dm.DB, dm.Log, dm.Clock, notify.Guard{AllowPrivate: true})
	sink := &probeSink{}
	svc.SetAlerts(sink, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return &probes{dm: dm, svc: svc, sink: sink}
}

func (ps *probes) create(t *testing.T, p watch.Probe) {
	t.Helper()
	p.Enabled = true
	if _, err := ps.svc.Create(context.Background(), ps.dm.Admin, p); err != nil {
		t.Fatalf("create probe %s: %v", p.Name, err)
	}
}

func (ps *probes) report(t *testing.T, vantage, probe string, ok bool) {
	t.Helper()
	r := watch.ProbeResult{Probe: probe, At: ps.dm.Clock.Now(), OK: ok, LatencyMs: 5}
	if !ok {
		r.Error = "connection refused"
	}
	var err error
	if vantage == watch.Local {
		_, err = ps.svc.Record(context.Background(), vantage, []watch.ProbeResult{r})
		if err == nil {
			err = ps.svc.Sync(context.Background())
		}
	} else {
		_, err = ps.svc.Report(context.Background(), vantage, []watch.ProbeResult{r})
	}
	if err != nil {
		t.Fatalf("report %s from %s: %v", probe, vantage, err)
	}
}

func (ps *probes) state(t *testing.T, name string) string {
	t.Helper()
	p, err := ps.svc.Get(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return p.State
}

// A probe that needs two of three vantage points to fail does not alert
// when one network path is broken, alerts once when two see it down, and
// resolves when they no longer do; a vantage point that stopped reporting
// does not count.
func TestKOfNVantagePoints(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		ps := newProbes(t, d)
		ps.create(t, watch.Probe{Name: "db", Kind: watch.TCP, Target: "192.0.2.1:5432", IntervalSeconds: 30, FailuresBeforeAlert: 1,
			SuccessesBeforeRecovery: 1, Vantages: []string{"local", "eu-west", "us-east"}, MinFailing: 2, Service: "db"})
		ps.report(t, "local", "db", true)
		ps.report(t, "eu-west", "db", false)
		if s := ps.state(t, "db"); s != "up" || len(ps.sink.all()) != 0 {
			t.Fatalf("one of three down: state %s, alerts %+v", s, ps.sink.all())
		}
		ps.report(t, "us-east", "db", false)
		ps.report(t, "us-east", "db", false)
		as := ps.sink.all()
		if s := ps.state(t, "db"); s != "down" || len(as) != 1 || as[0].Status != alert.Firing {
			t.Fatalf("two of three down: state %s, alerts %+v", s, as)
		}
		if l := as[0].Labels; l["alertname"] != "ProbeFailed" || l["probe"] != "db" || l["service"] != "db" ||
			as[0].Annotations["summary"] != "db failed from eu-west, us-east: connection refused" {
			t.Fatalf("alert %+v", as[0])
		}
		// eu-west falls silent; two intervals later its verdict is stale.
		ps.dm.Clock.Advance(61 * time.Second)
		ps.report(t, "us-east", "db", false)
		ps.report(t, "local", "db", true)
		as = ps.sink.all()
		if s := ps.state(t, "db"); s != "up" || len(as) != 2 || as[1].Status != alert.Resolved || as[1].Labels["probe"] != "db" {
			t.Fatalf("only us-east down, eu-west stale: state %s, alerts %+v", s, as)
		}
	})
}

// Results of probes that do not run at a vantage point are dropped, and
// bad reports are refused whole.
func TestReportsAreChecked(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		ps := newProbes(t, d)
		ps.create(t, watch.Probe{Name: "web", Kind: watch.TCP, Target: "192.0.2.1:80", Vantages: []string{"eu-west"}})
		ctx := context.Background()
		n, err := ps.svc.Report(ctx, "us-east", []watch.ProbeResult{{Probe: "web", At: dawn, OK: true}})
		if err != nil || n != 0 {
			t.Fatalf("report from a vantage point the probe does not use: %d, %v", n, err)
		}
		for _, c := range []struct {
			vantage string
			r       watch.ProbeResult
			field   string
		}{
			{"local", watch.ProbeResult{Probe: "web", At: dawn}, "name"},
			{"EU WEST", watch.ProbeResult{Probe: "web", At: dawn}, "name"},
			{"eu-west", watch.ProbeResult{Probe: "web"}, "results[0].at"},
			{"eu-west", watch.ProbeResult{Probe: "web", At: dawn, LatencyMs: -1}, "results[0].latency_ms"},
		} {
			if _, err := ps.svc.Report(ctx, c.vantage, []watch.ProbeResult{c.r}); err == nil || !strings.HasPrefix(err.Error(), c.field+":") {
				t.Fatalf("report %+v from %q: %v; want a refusal of %s", c.r, c.vantage, err, c.field)
			}
		}
	})
}

// Hourly rollups outlive the raw results: after a day the raw results are
// gone and the uptime still counts them.
func TestRollupsOutliveRawResults(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		ps := newProbes(t, d)
		ps.create(t, watch.Probe{Name: "web", Kind: watch.TCP, Target: "192.0.2.1:80", IntervalSeconds: 600})
		for i := range 12 {
			ps.report(t, "local", "web", i%4 != 0)
			ps.dm.Clock.Advance(10 * time.Minute)
		}
		ctx := context.Background()
		if err := ps.svc.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		ps.dm.Clock.Advance(25 * time.Hour)
		if err := ps.svc.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		h, err := ps.svc.History(ctx, "web", 0, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		checks, failures := 0, 0
		for _, r := range h.Hourly {
			checks += r.Checks
			failures += r.Failures
		}
		if len(h.Recent) != 0 || checks != 12 || failures != 3 {
			t.Fatalf("after a day: %d raw results, rollups %+v", len(h.Recent), h.Hourly)
		}
		if h.Summary.Uptime24h != nil || h.Summary.Uptime7d == nil || *h.Summary.Uptime7d != 75 {
			t.Fatalf("summary %+v", h.Summary)
		}
	})
}

// Two instances ticking at once on one database run each due probe once.
func TestTwoSchedulersShareTheWork(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		ps := newProbes(t, d)
		for i := range 20 {
			ps.create(t, watch.Probe{Name: fmt.Sprintf("p%02d", i), Kind: watch.TCP, Target: closedPort(t), IntervalSeconds: 10, TimeoutSeconds: 1})
		}
		ps.dm.Clock.Advance(10 * time.Second)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		var wg sync.WaitGroup
		ran := make([]int, 2)
		for i := range 2 {
			s := watch.NewScheduler(ps.svc, loopback, ps.dm.Clock, logger, 8)
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.Tick(context.Background())
				if err != nil {
					t.Error(err)
				}
				ran[i] = n
			}()
		}
		wg.Wait()
		if ran[0]+ran[1] != 20 {
			t.Fatalf("schedulers ran %v checks; want the 20 due probes once", ran)
		}
	})
}

// Probes with one interval spread over it by name instead of all starting
// in the same second.
func TestSlotsSpreadOverTheInterval(t *testing.T) {
	perSecond := map[int64]int{}
	for i := range 2000 {
		slot := watch.NextSlot(fmt.Sprintf("probe-%d", i), 30*time.Second, dawn)
		if !slot.After(dawn) || slot.After(dawn.Add(30*time.Second)) {
			t.Fatalf("slot %v not within one interval of %v", slot, dawn)
		}
		perSecond[slot.Unix()]++
	}
	for s, n := range perSecond {
		if n > 150 {
			t.Fatalf("%d of 2000 probes start in second %d; want about 67", n, s)
		}
	}
}

// Disabling a down probe resolves its alert; so does removing one.
func TestDisabledOrRemovedProbesResolveTheirAlerts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		ps := newProbes(t, d)
		ctx := context.Background()
		for _, name := range []string{"a", "b"} {
			ps.create(t, watch.Probe{Name: name, Kind: watch.TCP, Target: "192.0.2.1:80", FailuresBeforeAlert: 1})
			ps.report(t, "local", name, false)
		}
		if n := len(ps.sink.all()); n != 2 {
			t.Fatalf("%d alerts; want a and b firing", n)
		}
		off := false
		if _, err := ps.svc.Update(ctx, ps.dm.Admin, "a", watch.ProbePatch{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		if err := ps.svc.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if err := ps.svc.Delete(ctx, ps.dm.Admin, "b"); err != nil {
			t.Fatal(err)
		}
		as := ps.sink.all()
		if len(as) != 4 || as[2].Status != alert.Resolved || as[2].Labels["probe"] != "a" || as[3].Status != alert.Resolved || as[3].Labels["probe"] != "b" {
			t.Fatalf("alerts %+v; want a and b resolved", as)
		}
	})
}
