package watch

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// AgentServer is the sitrep server as an agent sees it.
type AgentServer interface {
	// Probes returns the probes assigned to the agent.
	Probes(ctx context.Context) ([]Probe, error)
	// Report sends results; an error means none was kept.
	Report(ctx context.Context, rs []ProbeResult) error
}

// ErrRejected is what AgentServer.Report wraps when the server refused the
// results for good (they are invalid): they are dropped, not retried.
var ErrRejected = errors.New("the server refused the results")

// Agent defaults.
const (
	DefaultAgentBuffer  = 10000
	DefaultAgentRefresh = 30 * time.Second
	DefaultAgentFlush   = 2 * time.Second
	agentReportBatch    = 1000
	backoffBase         = time.Second
	backoffCap          = time.Minute
)

// Agent is a remote vantage point: it runs the probes the server assigns to
// it on their schedules, with the same checks as the server, and reports the
// results. While the server is unreachable it keeps the latest results, up
// to Buffer of them, and retries with capped exponential backoff and
// jitter, so a fleet of agents does not hammer a server coming back.
type Agent struct {
	Name    string
	Server  AgentServer
	Checker *Checker
	Log     *slog.Logger
	Workers int
	Buffer  int
	Refresh time.Duration
	Flush   time.Duration

	mu      sync.Mutex
	pending []ProbeResult
	dropped int
	// shifted counts results ever dropped from the front of pending, so
	// the reporter knows how much of what it sent is still there.
	shifted int
}

// Backoff is how long to wait before retry number attempt (0 first): it
// doubles from a second up to a minute, and a random part of it is taken
// off so retries spread.
func Backoff(attempt int) time.Duration {
	d := backoffCap
	if attempt < 6 {
		d = min(backoffCap, backoffBase<<attempt)
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func (a *Agent) defaults() {
	if a.Workers <= 0 {
		a.Workers = DefaultWorkers
	}
	if a.Buffer <= 0 {
		a.Buffer = DefaultAgentBuffer
	}
	if a.Refresh <= 0 {
		a.Refresh = DefaultAgentRefresh
	}
	if a.Flush <= 0 {
		a.Flush = DefaultAgentFlush
	}
	if a.Log == nil {
		a.Log = slog.Default()
	}
}

// Run runs the agent until ctx ends.
func (a *Agent) Run(ctx context.Context) {
	a.defaults()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.reporter(ctx)
	}()
	a.schedule(ctx)
	wg.Wait()
}

// schedule fetches the assignments (again every Refresh) and starts each
// probe's checks at its slots.
func (a *Agent) schedule(ctx context.Context) {
	sem := make(chan struct{}, a.Workers)
	next := map[string]time.Time{}
	var probes []Probe
	var fetched time.Time
	failures := 0
	retryAt := time.Time{}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		now := time.Now()
		if now.Sub(fetched) >= a.Refresh && !now.Before(retryAt) {
			ps, err := a.Server.Probes(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				wait := Backoff(failures)
				failures++
				retryAt = now.Add(wait)
				a.Log.Warn("agent: fetch assignments", "err", err, "retry_in", wait.Round(time.Millisecond))
			} else {
				if failures > 0 || fetched.IsZero() {
					a.Log.Info("agent: assignments", "probes", len(ps))
				}
				probes, fetched, failures = ps, now, 0
			}
		}
		for _, p := range probes {
			due, ok := next[p.Name]
			if !ok {
				due = NextSlot(p.Name, p.Interval(), now)
				next[p.Name] = due
			}
			if now.Before(due) {
				continue
			}
			next[p.Name] = NextSlot(p.Name, p.Interval(), now)
			go func() {
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					return
				}
				defer func() { <-sem }()
				a.keep(a.Checker.Run(ctx, p, a.Name, time.Now().UTC()))
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// keep buffers a result, dropping the oldest when the buffer is full.
func (a *Agent) keep(r ProbeResult) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.pending) >= a.Buffer {
		n := len(a.pending) - a.Buffer + 1
		a.pending = a.pending[n:]
		a.dropped += n
		a.shifted += n
	}
	a.pending = append(a.pending, r)
}

// reporter sends the buffered results every Flush, backing off while the
// server does not take them.
func (a *Agent) reporter(ctx context.Context) {
	failures := 0
	wait := a.Flush
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		a.mu.Lock()
		batch := append([]ProbeResult(nil), a.pending[:min(len(a.pending), agentReportBatch)]...)
		dropped, shifted := a.dropped, a.shifted
		a.dropped = 0
		a.mu.Unlock()
		if dropped > 0 {
			a.Log.Warn("agent: buffer full; dropped the oldest results", "dropped", dropped)
		}
		if len(batch) == 0 {
			wait = a.Flush
			continue
		}
		err := a.Server.Report(ctx, batch)
		if errors.Is(err, ErrRejected) {
			a.Log.Error("agent: the server refused results; dropping them", "err", err, "results", len(batch))
			err = nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			wait = Backoff(failures)
			failures++
			a.Log.Warn("agent: report results", "err", err, "buffered", a.buffered(), "retry_in", wait.Round(time.Millisecond))
			continue
		}
		if failures > 0 {
			a.Log.Info("agent: reporting again")
		}
		failures, wait = 0, a.Flush
		a.mu.Lock()
		sent := max(0, len(batch)-(a.shifted-shifted))
		a.pending = a.pending[min(sent, len(a.pending)):]
		a.mu.Unlock()
		if a.buffered() >= agentReportBatch {
			wait = 0
		}
	}
}

func (a *Agent) buffered() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.pending)
}
