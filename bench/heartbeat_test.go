package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

// Issue 4's watch target: 10,000 heartbeats pinged every 30 s.
var (
	hbCount    = flag.Int("hb-count", 10000, "heartbeats the heartbeat benchmark creates")
	hbInterval = flag.Duration("hb-interval", 30*time.Second, "how often each heartbeat is pinged")
	hbRounds   = flag.Int("hb-rounds", 1, "intervals the heartbeat benchmark pings for")
	hbSenders  = flag.Int("hb-senders", 16, "concurrent pingers")
)

// BenchmarkHeartbeats pings every heartbeat once per interval over loopback
// HTTP, spread evenly across the interval as many cron jobs would, and then
// measures the deadline check: a scan that finds nothing due (the steady
// state) and scans that mark 500 heartbeats down and raise their alerts. CPU
// is the whole process's (server and pingers together) over the ping rounds.
func BenchmarkHeartbeats(b *testing.B) {
	for range b.N {
		clk := clock.NewManual(time.Now())
		in := apptest.Start(b, store.SQLite, apptest.Options{Clock: clk, ManualEngine: true})
		hb := in.App.Heartbeats
		// The manual clock jumps below; the jump is not an outage of sitrep.
		hb.OutageGap = 365 * 24 * time.Hour
		ctx := context.Background()
		admin := adminOf(b, in)
		tokens := make([]string, *hbCount)
		for i := range tokens {
			_, secret, err := hb.Create(ctx, admin, watch.NewHeartbeat{Name: fmt.Sprintf("job-%05d", i), Interval: time.Hour})
			if err != nil {
				b.Fatal(err)
			}
			tokens[i] = secret
		}
		cpu0 := cpuTime()
		start := time.Now()
		lat := pingRounds(b, in.URL, tokens)
		elapsed := time.Since(start)
		cores := (cpuTime() - cpu0).Seconds() / elapsed.Seconds()
		slices.Sort(lat)

		idle := timeTicks(b, hb, 20)
		clk.Advance(2 * time.Hour)
		ticks := (*hbCount + 499) / 500
		raise := timeTicks(b, hb, ticks)
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(ms(hbPct(lat, 0.99)), "ping-p99-ms")
		b.ReportMetric(ms(idle), "idle-scan-ms")
		b.ReportMetric(ms(raise), "raise-500-ms")
		b.ReportMetric(cores, "cores")
		fmt.Printf("sqlite heartbeats: %d pinged every %s for %d rounds: ping p50 %s p99 %s max %s; %.3f cores (server and pingers); "+
			"check with nothing due %s; check raising 500 alerts %s (%d checks to raise all)\n",
			*hbCount, *hbInterval, *hbRounds, hbPct(lat, 0.5).Round(10*time.Microsecond), hbPct(lat, 0.99).Round(10*time.Microsecond),
			lat[len(lat)-1].Round(10*time.Microsecond), cores, idle.Round(10*time.Microsecond), raise.Round(10*time.Microsecond), ticks)
	}
}

// pingRounds sends every token once per interval for the rounds asked, each
// at its own offset within the interval, and returns every ping's latency.
func pingRounds(b *testing.B, base string, tokens []string) []time.Duration {
	total := len(tokens) * *hbRounds
	gap := *hbInterval / time.Duration(len(tokens))
	work := make(chan string, *hbSenders)
	lat := make([]time.Duration, 0, total)
	var mu sync.Mutex
	var wg sync.WaitGroup
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *hbSenders}, Timeout: 30 * time.Second}
	for range *hbSenders {
		wg.Go(func() {
			for tok := range work {
				t0 := time.Now()
				resp, err := c.Post(base+"/hb/"+tok, "", nil)
				if err != nil {
					b.Error(err)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode != http.StatusOK {
					b.Errorf("ping: %d", resp.StatusCode)
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	for i := range total {
		if wait := time.Until(start.Add(time.Duration(i) * gap)); wait > 0 {
			time.Sleep(wait)
		}
		work <- tokens[i%len(tokens)]
	}
	close(work)
	wg.Wait()
	return lat
}

// timeTicks runs n checks and returns the mean time of one.
func timeTicks(b *testing.B, hb *watch.Heartbeats, n int) time.Duration {
	start := time.Now()
	for range n {
		if _, err := hb.Tick(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start) / time.Duration(n)
}

func hbPct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// adminOf is the bootstrap admin of in, as a caller of domain services.
func adminOf(tb testing.TB, in *apptest.Instance) auth.Principal {
	tb.Helper()
	u, err := in.App.Auth.User(context.Background(), auth.BootstrapHandle)
	if err != nil {
		tb.Fatal(err)
	}
	return auth.Principal{UserID: u.ID, Handle: u.Handle, Role: u.Role}
}
