package watch_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

// alertSink records what heartbeats send to the alert service; fail makes
// the next sends fail, as an unreachable database would.
type alertSink struct {
	mu   sync.Mutex
	got  []alert.Alert
	fail int
	// signal, when set, hears of every accepted send.
	signal chan struct{}
}

func (a *alertSink) Ingest(_ context.Context, _ auth.Principal, as []alert.Alert) (alert.Result, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail > 0 {
		a.fail--
		return alert.Result{}, errors.New("alert service unavailable")
	}
	a.got = append(a.got, as...)
	if a.signal != nil {
		select {
		case a.signal <- struct{}{}:
		default:
		}
	}
	return alert.Result{Accepted: len(as)}, nil
}

func (a *alertSink) sent() []alert.Alert {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]alert.Alert(nil), a.got...)
}

func (a *alertSink) last(t *testing.T) alert.Alert {
	t.Helper()
	s := a.sent()
	if len(s) == 0 {
		t.Fatal("no alert sent")
	}
	return s[len(s)-1]
}

type beats struct {
	dom   *apptest.Domain
	hb    *watch.Heartbeats
	sink  *alertSink
	admin auth.Principal
}

func newBeats(t *testing.T, d store.Dialect) *beats {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, "")
	sink := &alertSink{}
	hb := watch.NewHeartbeats(dom.DB, dom.Log, dom.Clock, sink, slog.New(slog.NewTextHandler(io.Discard, nil)))
	hb.BaseURL = "https://sitrep.example.com/"
	return &beats{dom: dom, hb: hb, sink: sink, admin: dom.Admin}
}

// service adds a service paging the admin, for heartbeats to name.
func (b *beats) service(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	pol := escalation.Policy{Name: name + "-oncall", Steps: []escalation.Step{{Targets: []escalation.Target{{Kind: escalation.KindUser, Ref: auth.BootstrapHandle}}}}}
	if _, err := escalation.NewService(b.dom.DB, b.dom.Log, b.dom.Clock).Create(ctx, b.admin, pol); err != nil {
		t.Fatal(err)
	}
	if _, err := catalog.New(b.dom.DB, b.dom.Log, b.dom.Clock).Create(ctx, b.admin, catalog.Service{Name: name, Tier: 1, Policy: pol.Name}); err != nil {
		t.Fatal(err)
	}
}

func (b *beats) create(t *testing.T, n watch.NewHeartbeat) (watch.Heartbeat, string) {
	t.Helper()
	h, secret, err := b.hb.Create(context.Background(), b.admin, n)
	if err != nil {
		t.Fatalf("create heartbeat %s: %v", n.Name, err)
	}
	return h, secret
}

func (b *beats) ping(t *testing.T, secret string) {
	t.Helper()
	if err := b.hb.Ping(context.Background(), secret); err != nil {
		t.Fatalf("ping: %v", err)
	}
}

// advance moves time in steps of at most 30 s, checking after each, as Run
// does in production every few seconds.
func (b *beats) advance(t *testing.T, d time.Duration) int {
	t.Helper()
	down := 0
	for d > 0 {
		step := min(d, 30*time.Second)
		b.dom.Clock.Advance(step)
		d -= step
		n, err := b.hb.Tick(context.Background())
		if err != nil {
			t.Fatalf("tick: %v", err)
		}
		down += n
	}
	return down
}

func (b *beats) status(t *testing.T, name string) watch.HeartbeatStatus {
	t.Helper()
	h, err := b.hb.Heartbeat(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return h.Status
}

// The nightly backup job pings every 10 minutes. While it does, nothing is
// raised; a ping a little late is late, not down; when it stops, one alert
// fires with its service and severity, and its next ping resolves it.
func TestStoppedJobRaisesOneAlertAndItsNextPingResolvesIt(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		b.service(t, "billing")
		h, secret := b.create(t, watch.NewHeartbeat{Name: "nightly-backup", Interval: 10 * time.Minute, Service: "billing", Description: "see runbook/backup"})
		if h.Grace != 5*time.Minute || h.Kind != watch.HeartbeatJob || h.Severity != "critical" || h.Status != watch.HeartbeatNew {
			t.Fatalf("defaults: %+v", h)
		}
		if url := b.hb.PingURL(secret); url != "https://sitrep.example.com/hb/"+secret {
			t.Fatalf("ping URL %q", url)
		}
		for range 3 {
			b.ping(t, secret)
			if b.advance(t, 10*time.Minute) != 0 {
				t.Fatal("a job pinging every 10 minutes went down")
			}
		}
		b.ping(t, secret)
		lastPing := b.dom.Clock.Now()
		b.advance(t, 12*time.Minute)
		if got := b.status(t, "nightly-backup"); got != watch.HeartbeatLate {
			t.Fatalf("2 minutes past the interval: %s, want late", got)
		}
		if down := b.advance(t, 3*time.Minute+30*time.Second); down != 1 {
			t.Fatalf("%d heartbeats down after interval and grace; want 1", down)
		}
		a := b.sink.last(t)
		want := "heartbeat nightly-backup missed: no ping since " + lastPing.Format("2006-01-02 15:04:05 UTC")
		if a.Status != alert.Firing || a.Annotations["summary"] != want || a.Annotations["description"] != "see runbook/backup" ||
			a.Labels["alertname"] != "HeartbeatMissed" || a.Labels["service"] != "billing" || a.Labels["heartbeat"] != "nightly-backup" ||
			a.Labels["severity"] != "critical" || a.Source != "heartbeat" {
			t.Fatalf("alert %+v", a)
		}
		if b.advance(t, time.Hour) != 0 || len(b.sink.sent()) != 1 {
			t.Fatalf("a heartbeat that stays down raised again: %d alerts", len(b.sink.sent()))
		}
		b.ping(t, secret)
		if a := b.sink.last(t); a.Status != alert.Resolved || a.DedupKey == "" || len(b.sink.sent()) != 2 {
			t.Fatalf("after the ping: %+v (%d alerts); want the alert resolved", a, len(b.sink.sent()))
		}
		if got := b.status(t, "nightly-backup"); got != watch.HeartbeatUp {
			t.Fatalf("after the ping: %s", got)
		}
	})
}

// The main monitoring's Watchdog stops arriving: the alert says what that
// means, under its own alertname.
func TestSilentMonitoringSaysYouMayBeBlind(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		_, secret := b.create(t, watch.NewHeartbeat{Name: "prometheus-eu1", Kind: watch.HeartbeatMonitoring, Interval: time.Minute})
		b.ping(t, secret)
		if b.advance(t, 2*time.Minute+time.Second) != 1 {
			t.Fatal("silent monitoring not down")
		}
		a := b.sink.last(t)
		if a.Annotations["summary"] != watch.MonitoringSilentSummary || a.Labels["alertname"] != "MonitoringSilent" {
			t.Fatalf("alert %+v", a)
		}
		if watch.MonitoringSilentSummary != "the main monitoring has gone silent: you may be blind" {
			t.Fatal("the monitoring text changed")
		}
	})
}

// A heartbeat nobody has pinged yet waits for its first ping: adding the
// heartbeat before deploying the cron job pages no one.
func TestNewHeartbeatWaitsForItsFirstPing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		b.create(t, watch.NewHeartbeat{Name: "cert-renewal", Interval: time.Minute})
		if b.advance(t, time.Hour) != 0 || len(b.sink.sent()) != 0 {
			t.Fatal("a never-pinged heartbeat raised an alert")
		}
	})
}

// The backup script reports its own failure: the alert fires at once, and
// the next successful run resolves it.
func TestReportedFailureAlertsAtOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		_, secret := b.create(t, watch.NewHeartbeat{Name: "nightly-backup", Interval: 24 * time.Hour, Grace: time.Hour})
		b.ping(t, secret)
		b.dom.Clock.Advance(time.Minute)
		if err := b.hb.Fail(context.Background(), secret); err != nil {
			t.Fatal(err)
		}
		a := b.sink.last(t)
		if a.Status != alert.Firing || a.Annotations["summary"] != "heartbeat nightly-backup reported a failure at 2024-03-08 01:01:00 UTC" {
			t.Fatalf("alert %+v", a)
		}
		if err := b.hb.Fail(context.Background(), secret); err != nil || len(b.sink.sent()) != 1 {
			t.Fatalf("a second failure report: %v, %d alerts", err, len(b.sink.sent()))
		}
		b.ping(t, secret)
		if a := b.sink.last(t); a.Status != alert.Resolved {
			t.Fatalf("alert %+v after a good run", a)
		}
	})
}

// An unknown token and a rotated-away token are refused alike, and say
// nothing about why.
func TestPingTokensAreTheCredential(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		b := newBeats(t, d)
		ctx := context.Background()
		_, old := b.create(t, watch.NewHeartbeat{Name: "etl", Interval: time.Hour})
		for _, tok := range []string{"hb_nope", "", string(make([]byte, 5000)), "hb_\x00\xff"} {
			if err := b.hb.Ping(ctx, tok); !problem.Is(err, problem.NotFound) {
				t.Fatalf("ping with %q: %v, want not found", tok, err)
			}
		}
		h, fresh, err := b.hb.Rotate(ctx, b.admin, "etl")
		if err != nil || fresh == old || h.TokenPrefix != fresh[:7] {
			t.Fatalf("rotate: %v %+v", err, h)
		}
		if err := b.hb.Ping(ctx, old); !problem.Is(err, problem.NotFound) {
			t.Fatalf("old token after rotate: %v", err)
		}
		b.ping(t, fresh)
		if got := b.status(t, "etl"); got != watch.HeartbeatUp {
			t.Fatalf("status %s after a ping with the new token", got)
		}
	})
}
