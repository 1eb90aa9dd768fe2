package bench

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

// Issue 4's watch target: 2,000 HTTP probes every 30 s, no missed tick,
// schedule jitter p99 <= 1 s, under a quarter of one core.
var (
	probeCount    = flag.Int("probe-count", 2000, "HTTP probes the probe benchmark creates")
	probeInterval = flag.Int("probe-interval", 30, "seconds between each probe's checks")
	probeFor      = flag.Duration("probe-for", 2*time.Minute, "how long the probe benchmark measures, after one interval of warm-up")
)

// probeObs is when one check was due and when it started.
type probeObs struct {
	due, started time.Time
}

// BenchmarkProbes runs the production scheduler (Scheduler.Run, wall clock)
// over probe-count HTTP probes against one local httptest server, on
// SQLite. After one interval of warm-up it measures for probe-for: checks
// missed (a slot of a probe with no check), schedule jitter (start minus
// slot) and CPU used by the whole process (scheduler, database and the
// target server together) per second of wall time.
func BenchmarkProbes(b *testing.B) {
	for range b.N {
		target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) }))
		in := apptest.Start(b, store.SQLite, apptest.Options{ManualWatch: true, AllowPrivate: true})
		ctx := context.Background()
		for i := range *probeCount {
			p := watch.Probe{Name: fmt.Sprintf("probe-%05d", i), Kind: watch.HTTP, Target: target.URL + "/healthz",
				IntervalSeconds: *probeInterval, TimeoutSeconds: 5, Enabled: true}
			if _, err := in.App.Probes.Create(ctx, auth.Principal{}, p); err != nil {
				b.Fatal(err)
			}
		}
		var mu sync.Mutex
		var obs []probeObs
		in.App.Watch.Observe = func(_ string, due, started time.Time) {
			mu.Lock()
			obs = append(obs, probeObs{due, started})
			mu.Unlock()
		}
		interval := time.Duration(*probeInterval) * time.Second
		run, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		t0 := time.Now()
		go func() {
			defer close(done)
			in.App.Watch.Run(run)
		}()
		time.Sleep(interval)
		from, cpu0 := time.Now(), probeCPU()
		time.Sleep(*probeFor)
		to, cpu1 := time.Now(), probeCPU()
		stop()
		<-done
		target.Close()

		mu.Lock()
		var jitter []time.Duration
		seen := 0
		for _, o := range obs {
			if !o.due.Before(from) && o.due.Before(to) {
				seen++
				jitter = append(jitter, o.started.Sub(o.due))
			}
		}
		mu.Unlock()
		expected := 0
		for i := range *probeCount {
			name := fmt.Sprintf("probe-%05d", i)
			for s := watch.NextSlot(name, interval, from.Add(-time.Microsecond)); s.Before(to); s = s.Add(interval) {
				expected++
			}
		}
		slices.Sort(jitter)
		cores := (cpu1 - cpu0).Seconds() / to.Sub(from).Seconds()
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(float64(expected-seen), "missed")
		b.ReportMetric(float64(probePct(jitter, 0.99).Microseconds())/1000, "jitter-p99-ms")
		b.ReportMetric(cores, "cores")
		fmt.Printf("sqlite probes: %d HTTP probes every %s, measured %s after %s warm-up: %d checks of %d slots (missed %d); "+
			"jitter p50 %s p99 %s max %s; %.3f cores (scheduler, database and target)\n",
			*probeCount, interval, to.Sub(from).Round(time.Millisecond), from.Sub(t0).Round(time.Millisecond), seen, expected, expected-seen,
			probePct(jitter, 0.5).Round(time.Microsecond), probePct(jitter, 0.99).Round(time.Microsecond),
			probePct(jitter, 1).Round(time.Microsecond), cores)
	}
}

func probePct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// probeCPU is the user and system time this process has used.
func probeCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
