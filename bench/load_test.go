package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Result is what one measured phase produced.
type Result struct {
	OK, Errors int
	Elapsed    time.Duration
	// Latency is from sending a request to its answer; Lag is from when the
	// schedule wanted it sent, so it also counts time queued behind a slow
	// previous request of the same client (no coordinated omission).
	Latency, Lag []time.Duration
	FirstErr     error
}

// Rate is completed requests per second.
func (r Result) Rate() float64 { return float64(r.OK+r.Errors) / r.Elapsed.Seconds() }

// pct returns the p-th percentile (0 < p <= 100) of ds in milliseconds.
func pct(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.999999) - 1
	return float64(s[max(0, min(i, len(s)-1))]) / float64(time.Millisecond)
}

// recorder gathers latencies from many goroutines.
type recorder struct {
	mu  sync.Mutex
	res Result
}

func (r *recorder) add(lat, lag time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.res.Errors++
		if r.res.FirstErr == nil {
			r.res.FirstErr = err
		}
		return
	}
	r.res.OK++
	r.res.Latency = append(r.res.Latency, lat)
	if lag > 0 {
		r.res.Lag = append(r.res.Lag, lag)
	}
}

// closedLoop runs total calls of op from workers goroutines, each sending its
// next request as soon as the previous one is answered.
func closedLoop(total, workers int, op func(ctx context.Context, worker, i int) error) Result {
	var rec recorder
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= total {
					return
				}
				t := time.Now()
				err := op(context.Background(), w, i)
				rec.add(time.Since(t), 0, err)
			}
		})
	}
	wg.Wait()
	rec.res.Elapsed = time.Since(start)
	return rec.res
}

// openLoop sends rate requests per second for d, request k going to worker
// k % workers at start + k/rate whether or not earlier ones were answered, as
// a crowd of responders would. A worker still busy sends its next request as
// soon as it is free; Lag then shows how late it was.
func openLoop(rate float64, d time.Duration, workers int, op func(ctx context.Context, worker, k int) error) Result {
	var rec recorder
	var wg sync.WaitGroup
	total := int(rate * d.Seconds())
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			for k := w; k < total; k += workers {
				due := start.Add(time.Duration(k) * interval)
				time.Sleep(time.Until(due))
				t := time.Now()
				err := op(context.Background(), w, k)
				rec.add(time.Since(t), time.Since(due), err)
			}
		})
	}
	wg.Wait()
	rec.res.Elapsed = time.Since(start)
	return rec.res
}

// summary is the line a benchmark prints for people to read.
func summary(name string, r Result) string {
	s := fmt.Sprintf("%-24s %6d ok %4d errors in %5.1fs  %6.1f req/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms",
		name, r.OK, r.Errors, r.Elapsed.Seconds(), r.Rate(), pct(r.Latency, 50), pct(r.Latency, 99), pct(r.Latency, 100))
	if len(r.Lag) > 0 {
		s += fmt.Sprintf("  (from schedule: p99 %.2f ms)", pct(r.Lag, 99))
	}
	if r.FirstErr != nil {
		s += "\n    first error: " + r.FirstErr.Error()
	}
	return s
}
