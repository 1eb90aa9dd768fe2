package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Issue 4's storm: 200,000 Alertmanager alerts in batches of 100 from 8
// senders; the flags probe beyond it.
var (
	stormAlerts  = flag.Int("storm-alerts", 200000, "alerts the storm benchmark sends")
	stormBatch   = flag.Int("storm-batch", 100, "alerts per POST in the storm benchmark")
	stormSenders = flag.Int("storm-senders", 8, "concurrent senders in the storm benchmark")
	stormBin     = flag.String("storm-bin", "", "a sitrep binary to run instead of building this checkout's, to compare builds")
)

// stormRun is what one storm measured.
type stormRun struct {
	Alerts      int
	Elapsed     time.Duration // first POST sent until the last answered
	P50, P99    time.Duration // POST latency
	FirstPage   time.Duration // first POST sent until the first webhook arrived
	Errors      int
	RSS, HWM    int64         // server memory at the end, bytes
	CPU         time.Duration // server CPU time (user and system) during the storm
	StormFiring int           // alerts firing in the storm group at the end
}

// BenchmarkStorm runs the built sitrep binary as its own process on each database,
// so that the memory read from /proc is the server's alone, with a webhook
// receiver on loopback as the on-call person's only contact method. The
// alerts are encoded before the clock starts: the senders only send.
func BenchmarkStorm(b *testing.B) {
	bin := *stormBin
	if bin == "" {
		bin = buildSitrep(b)
	}
	for _, d := range apptest.Dialects {
		b.Run(string(d), func(b *testing.B) {
			var args []string
			if d == store.Postgres {
				// The server is a separate process: its own pool, on a
				// fresh schema of the test database.
				args = []string{"--db", apptest.PostgresSchema(b)}
			}
			for range b.N {
				r := stormOnce(b, bin, *stormAlerts, *stormBatch, *stormSenders, args...)
				reportStorm(b, d, r)
			}
		})
	}
}

func reportStorm(b *testing.B, d store.Dialect, r stormRun) {
	cpu := float64(r.CPU.Microseconds()) / float64(r.Alerts)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(r.Alerts)/r.Elapsed.Seconds(), "alerts/s")
	b.ReportMetric(ms(r.P50), "p50-ms")
	b.ReportMetric(ms(r.P99), "p99-ms")
	b.ReportMetric(ms(r.FirstPage), "first-page-ms")
	b.ReportMetric(float64(r.RSS)/(1<<20), "rss-MB")
	b.ReportMetric(float64(r.Errors), "errors")
	b.ReportMetric(cpu, "server-cpu-us/alert")
	fmt.Printf("%s storm of %d alerts (%d per POST, %d senders): %.0f alerts/s accepted, POST p50 %s p99 %s, "+
		"first page after %s, server RSS %.0f MB (peak %.0f MB), server CPU %.1f µs/alert, %d errors, storm group firing %d\n",
		d, r.Alerts, *stormBatch, *stormSenders, float64(r.Alerts)/r.Elapsed.Seconds(), r.P50.Round(10*time.Microsecond),
		r.P99.Round(10*time.Microsecond), r.FirstPage.Round(time.Millisecond), float64(r.RSS)/(1<<20), float64(r.HWM)/(1<<20),
		cpu, r.Errors, r.StormFiring)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// receiver is the on-call person's webhook: it notes when the first page
// arrived.
type receiver struct {
	first atomic.Int64 // unix nanoseconds of the first request
	got   chan struct{}
	once  sync.Once
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	now := time.Now().UnixNano()
	if rc.first.CompareAndSwap(0, now) {
		rc.once.Do(func() { close(rc.got) })
	}
	w.WriteHeader(http.StatusNoContent)
}

func stormOnce(tb testing.TB, bin string, total, per, senders int, args ...string) stormRun {
	tb.Helper()
	rc := &receiver{got: make(chan struct{})}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	srv := startServer(tb, bin, append([]string{"--alert-policy", "storm-oncall", "--allow-private-targets=true"}, args...)...)
	srv.call(tb, "POST", "/api/v1/users", map[string]any{"handle": "oncall", "name": "On Call", "email": "oncall@example.com", "role": "responder"})
	srv.call(tb, "POST", "/api/v1/users/oncall/contact-methods", map[string]any{"kind": "webhook", "address": hook.URL + "/page"})
	srv.call(tb, "POST", "/api/v1/escalation-policies", map[string]any{"name": "storm-oncall",
		"steps": []map[string]any{{"targets": []map[string]string{{"kind": "user", "ref": "oncall"}}}}})

	bodies := stormBodies(total, per, senders)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders}, Timeout: time.Minute}
	lat := make([][]time.Duration, senders)
	var errs atomic.Int64
	var wg sync.WaitGroup
	cpu0 := srv.cpu(tb)
	start := time.Now()
	for w := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, body := range bodies[w] {
				t0 := time.Now()
				req, _ := http.NewRequest("POST", srv.url+"/api/v2/alerts", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+srv.token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err == nil {
					resp.Body.Close()
				}
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil || resp.StatusCode/100 != 2 {
					errs.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	run := stormRun{Alerts: total, Elapsed: elapsed, Errors: int(errs.Load()), CPU: srv.cpu(tb) - cpu0}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) > 0 {
		run.P50, run.P99 = all[len(all)/2], all[len(all)*99/100]
	}
	select {
	case <-rc.got:
		run.FirstPage = time.Unix(0, rc.first.Load()).Sub(start)
	case <-time.After(30 * time.Second):
		var ds map[string]any
		srv.get(tb, "/api/v1/deliveries", &ds)
		tb.Errorf("no page reached the webhook within 30 s of the storm's end; deliveries: %v", ds)
	}
	run.RSS, run.HWM = srv.memory(tb)
	var groups struct {
		Groups []struct {
			Firing int  `json:"firing"`
			Storm  bool `json:"storm"`
		} `json:"groups"`
	}
	srv.get(tb, "/api/v1/alert-groups?status=open&limit=200", &groups)
	for _, g := range groups.Groups {
		if g.Storm {
			run.StormFiring += g.Firing
		}
	}
	return run
}

// stormBodies encodes each sender's batches: distinct node-down alerts over
// 4 regions and 50 clusters, as the acceptance check sends.
func stormBodies(total, per, senders int) [][][]byte {
	out := make([][][]byte, senders)
	regions := []string{"us1", "eu1", "us3", "us5"}
	for n, w := 0, 0; n < total; n, w = n+per, (w+1)%senders {
		batch := make([]map[string]any, 0, per)
		for i := n; i < min(n+per, total); i++ {
			batch = append(batch, map[string]any{
				"labels": map[string]string{"alertname": "NodeNotReady", "region": regions[i%4],
					"cluster": fmt.Sprintf("c%d", i%50), "node": fmt.Sprintf("n-%d", i)},
				"annotations": map[string]string{"summary": "node not ready"}})
		}
		body, _ := json.Marshal(batch)
		out[w] = append(out[w], body)
	}
	return out
}

// TestStormSmall runs the storm at a small scale in the ordinary test run,
// so that it keeps working: every alert accepted, all but the first batch in
// the storm group, and a page on the webhook.
func TestStormSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	r := stormOnce(t, buildSitrep(t), 2000, 100, 8)
	if r.Errors != 0 || r.StormFiring != 1900 || r.FirstPage <= 0 {
		t.Errorf("storm of 2,000: %d errors, %d firing in the storm group (want 1,900), first page after %s",
			r.Errors, r.StormFiring, r.FirstPage)
	}
}
