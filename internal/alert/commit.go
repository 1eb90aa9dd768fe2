package alert

import (
	"context"
	"fmt"
	"sync"

	"sitrep/internal/auth"
	"sitrep/internal/store"
)

// commitAlerts bounds one group commit: enough batches to pay for the fsync
// many times over, few enough that the first caller's answer is not held up
// by a long transaction.
const commitAlerts = 2000

// pending is one Ingest call waiting for its batch to be committed. Its batch
// state and result belong to that call alone, whichever transaction runs it.
type pending struct {
	ctx    context.Context
	actor  auth.Principal
	alerts []Alert
	b      *batch
	err    error
	done   chan struct{}
}

// committer joins concurrent Ingest calls into one write transaction: one
// commit, one fsync, for every batch that queued while the last one ran.
// SQLite has one writer, so the batches would queue anyway; this way they
// share the commit instead of waiting for one fsync each.
type committer struct {
	mu      sync.Mutex
	queue   []*pending
	running bool
}

// commit queues the batch and waits until it is durable or has failed.
// Nothing is answered before the transaction that holds the batch commits.
func (s *Service) commit(ctx context.Context, actor auth.Principal, alerts []Alert) (Result, error) {
	p := &pending{ctx: ctx, actor: actor, alerts: alerts, done: make(chan struct{}),
		b: &batch{now: s.clock.Now()}}
	c := &s.committer
	c.mu.Lock()
	c.queue = append(c.queue, p)
	start := !c.running
	c.running = true
	c.mu.Unlock()
	if start {
		// The worker outlives no queue: it stops as soon as nothing waits.
		go s.commitLoop()
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		// The batch may still be committed; a sender that gave up resends
		// it, and the repeat is a dedup.
		return Result{}, fmt.Errorf("ingest alerts: %w", ctx.Err())
	}
	return p.answer()
}

// answer is what the caller hears once its batch's transaction is over.
func (p *pending) answer() (Result, error) {
	if p.err != nil {
		return Result{}, fmt.Errorf("ingest alerts: %w", p.err)
	}
	p.b.result.Accepted, p.b.result.Storm = len(p.alerts), p.b.storm
	return p.b.result, nil
}

// commitLoop commits what waits, one transaction at a time, until the queue
// is empty.
func (s *Service) commitLoop() {
	c := &s.committer
	for {
		c.mu.Lock()
		n, alerts := 0, 0
		for n < len(c.queue) && (n == 0 || alerts+len(c.queue[n].alerts) <= commitAlerts) {
			alerts += len(c.queue[n].alerts)
			n++
		}
		group := c.queue[:n:n]
		c.queue = c.queue[n:]
		if len(c.queue) == 0 {
			c.queue = nil
		}
		if n == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		s.commitGroup(group)
	}
}

// commitGroup runs the batches in one transaction. When it fails, each batch
// is tried again alone, so that one bad batch fails only its own caller.
func (s *Service) commitGroup(group []*pending) {
	live := group[:0:0]
	for _, p := range group {
		if err := p.ctx.Err(); err != nil {
			p.err = err
			close(p.done)
			continue
		}
		live = append(live, p)
	}
	if len(live) == 0 {
		return
	}
	err := s.runTx(live)
	if err != nil && len(live) > 1 {
		for _, p := range live {
			p.err = s.runTx([]*pending{p})
			close(p.done)
		}
		return
	}
	for _, p := range live {
		p.err = err
		close(p.done)
	}
}

// runTx writes the batches, in the order they came, in one transaction. Each
// batch sees the ones before it as a transaction of its own would, so storm
// detection counts their new alerts too.
func (s *Service) runTx(ps []*pending) (err error) {
	// The worker is no request's goroutine: a bug must fail the batches,
	// as it failed a request before, not end the process.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	// The transaction holds other callers' batches: one caller going away
	// must not roll them back.
	ctx := context.WithoutCancel(ps[0].ctx)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range ps {
			if err := s.ingestTx(ctx, tx, p.actor, p.alerts, p.b); err != nil {
				return err
			}
		}
		return nil
	})
}
