package app_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/config"
	"sitrep/internal/store"
)

var watchStart = time.Date(2025, 6, 2, 3, 0, 0, 0, time.UTC)

// target is a local HTTP server that a test can stop and start again on the
// same address.
type target struct {
	t    *testing.T
	addr string
	srv  *http.Server
}

func startTarget(t *testing.T, addr string) *target {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	tg := &target{t: t, addr: ln.Addr().String(), srv: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok"))
	})}}
	go tg.srv.Serve(ln)
	t.Cleanup(func() { tg.srv.Close() })
	return tg
}

func (tg *target) stop() { tg.srv.Close() }

// watchNight is an instance whose alerts page laura through the probes
// policy, with the probe scheduler and the delivery engine driven by hand.
type watchNight struct {
	in  *apptest.Instance
	clk *clock.Manual
}

func newWatchNight(t *testing.T, d store.Dialect, w config.Watch) *watchNight {
	t.Helper()
	clk := clock.NewManual(watchStart)
	in := apptest.Start(t, d, apptest.Options{Clock: clk, ManualEngine: true, ManualWatch: true, AllowPrivate: true, Watch: w,
		Alerts: config.Alerts{Policy: "probes", GroupBy: []string{"alertname", "probe"}}})
	in.User(t, "laura", "responder")
	n := &oncallNight{in: in, tok: apptest.AdminToken}
	n.post(t, "/api/v1/escalation-policies", map[string]any{"name": "probes", "steps": []map[string]any{
		{"targets": []map[string]string{{"kind": "user", "ref": "laura"}}}}})
	return &watchNight{in: in, clk: clk}
}

// step moves the clock by d and runs the probes due.
func (w *watchNight) step(t *testing.T, d time.Duration) {
	t.Helper()
	w.clk.Advance(d)
	if _, err := w.in.App.Watch.Tick(context.Background()); err != nil {
		t.Fatalf("watch tick: %v", err)
	}
}

func (w *watchNight) pages(t *testing.T, status string) []client.Page {
	t.Helper()
	ps, err := w.in.Admin.Pages(context.Background(), client.PageFilter{Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return ps.Pages
}

func (w *watchNight) state(t *testing.T, name string) string {
	t.Helper()
	p, err := w.in.Admin.Probe(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return p.State
}

// Done when: a probe against a stopped local server alerts and recovers.
// Two failures in a row page once; more failures page nobody again; two
// successes after the server is back resolve the page.
func TestProbeAgainstStoppedServerPagesOnceAndRecovers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWatchNight(t, d, config.Watch{})
		tg := startTarget(t, "127.0.0.1:0")
		ctx := context.Background()
		if _, err := w.in.Admin.CreateProbe(ctx, client.Probe{Name: "api-health", Kind: "http", Target: "http://" + tg.addr + "/healthz",
			IntervalSeconds: 10, TimeoutSeconds: 2, Service: "api", Severity: "critical"}); err != nil {
			t.Fatal(err)
		}
		w.step(t, 10*time.Second)
		if s := w.state(t, "api-health"); s != "up" {
			t.Fatalf("state %q after a good check; want up", s)
		}
		tg.stop()
		w.step(t, 10*time.Second)
		if got := w.pages(t, ""); len(got) != 0 {
			t.Fatalf("one failure paged: %+v", got)
		}
		for range 3 {
			w.step(t, 10*time.Second)
		}
		if s := w.state(t, "api-health"); s != "down" {
			t.Fatalf("state %q after four failures; want down", s)
		}
		pages := w.pages(t, "")
		if len(pages) != 1 || pages[0].Source != "alert" {
			t.Fatalf("pages after the target stopped: %+v; want one", pages)
		}
		alerts, err := w.in.Admin.Alerts(ctx, client.AlertFilter{Status: "firing"})
		if err != nil {
			t.Fatal(err)
		}
		if len(alerts.Alerts) != 1 || alerts.Alerts[0].Labels["alertname"] != "ProbeFailed" || alerts.Alerts[0].Labels["probe"] != "api-health" ||
			alerts.Alerts[0].Labels["service"] != "api" || alerts.Alerts[0].Source != "probe" {
			t.Fatalf("firing alerts %+v", alerts.Alerts)
		}
		startTarget(t, tg.addr)
		w.step(t, 10*time.Second)
		if s := w.state(t, "api-health"); s != "down" {
			t.Fatalf("state %q after one good check; want down until two", s)
		}
		w.step(t, 10*time.Second)
		if s := w.state(t, "api-health"); s != "up" {
			t.Fatalf("state %q after the target came back; want up", s)
		}
		if got := w.pages(t, "resolved"); len(got) != 1 {
			t.Fatalf("resolved pages %+v; want the probe's page resolved", got)
		}
		h, err := w.in.Admin.ProbeResults(ctx, "api-health", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Recent) != 7 || h.Recent[0].Vantage != "local" || !h.Recent[0].OK || h.Recent[2].OK || h.Summary.Uptime24h == nil {
			t.Fatalf("results %+v", h)
		}
		if up := *h.Summary.Uptime24h; up < 42 || up > 43 {
			t.Fatalf("uptime %.2f%%; want 3 of 7 checks", up)
		}
	})
}

// Done when: with the guard's canaries unreachable, no probe pages. One
// SitrepCutOff alert says why, and it resolves when a canary answers again;
// then the probe that is still down pages.
func TestCutOffSitrepPagesForNoProbe(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		canary := startTarget(t, "127.0.0.1:0")
		canary.stop()
		w := newWatchNight(t, d, config.Watch{Canaries: []string{canary.addr}})
		ctx := context.Background()
		for _, name := range []string{"db", "cache", "queue"} {
			dead := startTarget(t, "127.0.0.1:0")
			dead.stop()
			if _, err := w.in.Admin.CreateProbe(ctx, client.Probe{Name: name, Kind: "tcp", Target: dead.addr, IntervalSeconds: 10, TimeoutSeconds: 1}); err != nil {
				t.Fatal(err)
			}
		}
		for range 4 {
			w.step(t, 10*time.Second)
		}
		if got := w.pages(t, ""); len(got) != 1 {
			t.Fatalf("pages while cut off: %+v; want only the cut-off one", got)
		}
		firing, err := w.in.Admin.Alerts(ctx, client.AlertFilter{Status: "firing"})
		if err != nil {
			t.Fatal(err)
		}
		if len(firing.Alerts) != 1 || firing.Alerts[0].Labels["alertname"] != "SitrepCutOff" {
			t.Fatalf("firing alerts %+v; want one SitrepCutOff", firing.Alerts)
		}
		startTarget(t, canary.addr)
		w.step(t, 40*time.Second)
		firing, err = w.in.Admin.Alerts(ctx, client.AlertFilter{Status: "firing"})
		if err != nil {
			t.Fatal(err)
		}
		if len(firing.Alerts) != 3 {
			t.Fatalf("firing alerts once the canary answers: %+v; want the three probes", firing.Alerts)
		}
		for _, a := range firing.Alerts {
			if a.Labels["alertname"] != "ProbeFailed" {
				t.Fatalf("still firing: %+v", a)
			}
		}
	})
}
