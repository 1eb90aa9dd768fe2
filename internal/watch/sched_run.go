package watch

import (
	"context"
	"sync"
	"time"
)

// Run runs the scheduler until ctx ends: it claims the runs due within the
// next second, starts each at its slot, and records results in batches.
func (s *Scheduler) Run(ctx context.Context) {
	results := make(chan ProbeResult, 1024)
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.recorder(ctx, results)
	}()
	t := time.NewTicker(runEvery)
	defer t.Stop()
	var lastSync time.Time
	for {
		now := s.clock.Now()
		due, err := s.claim(ctx, now, now.Add(lookahead))
		if err != nil && ctx.Err() == nil {
			s.log.Warn("watch: claim due probes", "err", err)
		}
		for _, c := range due {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if wait := c.due.Sub(s.clock.Now()); wait > 0 {
					select {
					case <-time.After(wait):
					case <-ctx.Done():
						return
					}
				}
				select {
				case s.sem <- struct{}{}:
				case <-ctx.Done():
					return
				}
				r := s.check(ctx, c)
				<-s.sem
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}()
		}
		if now.Sub(lastSync) >= syncEvery {
			lastSync = now
			if err := s.svc.Sync(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("watch: raise probe alerts", "err", err)
			}
			if err := s.maybeMaintain(ctx, now); err != nil && ctx.Err() == nil {
				s.log.Warn("watch: roll up and prune results", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			close(results)
			<-done
			return
		case <-t.C:
		}
	}
}

// recorder stores results in batches and raises the alerts they call for.
func (s *Scheduler) recorder(ctx context.Context, in <-chan ProbeResult) {
	t := time.NewTicker(runEvery)
	defer t.Stop()
	var batch []ProbeResult
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if _, err := s.svc.Record(ctx, Local, batch); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("watch: record results", "err", err, "results", len(batch))
			}
		} else if err := s.svc.Sync(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("watch: raise probe alerts", "err", err)
		}
		batch = batch[:0]
	}
	for {
		select {
		case r, ok := <-in:
			if !ok {
				return
			}
			if batch = append(batch, r); len(batch) >= recordBatchSize {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}
