package watch_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"sitrep/internal/watch"
)

// flakyServer is a sitrep server that is unreachable for its first few
// calls and then takes everything.
type flakyServer struct {
	mu           sync.Mutex
	probeFails   int
	reportFails  int
	reports      [][]watch.ProbeResult
	delivered    chan struct{}
	deliveredSet bool
}

var errUnreachable = errors.New("dial tcp: connection refused")

func (s *flakyServer) Probes(context.Context) ([]watch.Probe, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.probeFails > 0 {
		s.probeFails--
		return nil, errUnreachable
	}
	return []watch.Probe{{Name: "gone", Kind: watch.TCP, Target: "127.0.0.1:1", IntervalSeconds: 1, TimeoutSeconds: 0.5}}, nil
}

func (s *flakyServer) Report(_ context.Context, rs []watch.ProbeResult) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reportFails > 0 {
		s.reportFails--
		return errUnreachable
	}
	s.reports = append(s.reports, rs)
	if len(rs) >= 2 && !s.deliveredSet {
		s.deliveredSet = true
		close(s.delivered)
	}
	return nil
}

// An agent whose server is unreachable at first keeps its results and
// delivers them, each once, when the server answers again.
func TestAgentBuffersWhileTheServerIsUnreachable(t *testing.T) {
	srv := &flakyServer{probeFails: 1, reportFails: 2, delivered: make(chan struct{})}
	a := &watch.Agent{Name: "eu-west", Server: srv, Checker: loopback, Flush: 100 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Run(ctx)
	}()
	select {
	case <-srv.delivered:
	case <-time.After(30 * time.Second):
		t.Fatal("no batch of buffered results reached the server within 30 s")
	}
	cancel()
	<-done
	srv.mu.Lock()
	defer srv.mu.Unlock()
	seen := map[time.Time]bool{}
	for _, batch := range srv.reports {
		for _, r := range batch {
			if r.Vantage != "eu-west" || r.OK || r.Probe != "gone" {
				t.Fatalf("result %+v", r)
			}
			if seen[r.At] {
				t.Fatalf("result of %v delivered twice", r.At)
			}
			seen[r.At] = true
		}
	}
}

// Retries back off exponentially up to a minute, with jitter that takes up
// to half of each wait off.
func TestBackoffIsCappedWithJitter(t *testing.T) {
	for attempt, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute, time.Minute} {
		for range 50 {
			if d := watch.Backoff(attempt); d < want/2 || d > want {
				t.Fatalf("attempt %d waits %s; want %s to %s", attempt, d, want/2, want)
			}
		}
	}
	if d := watch.Backoff(1000); d > time.Minute {
		t.Fatalf("attempt 1000 waits %s", d)
	}
}
