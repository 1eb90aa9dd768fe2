package statuspage

import (
	"context"
	"time"

	"sitrep/internal/store"
)

// PollInterval is how often the notifier looks for new public events,
// maintenance that started or ended, and retries that came due.
const PollInterval = time.Second

// Tick does the notifier's work that is due now: notices from new events and
// maintenance, then one batch of deliveries. It returns how much it did, so
// a caller can repeat until nothing is left.
func (s *Service) Tick(ctx context.Context) int {
	n, err := s.scanEvents(ctx)
	if err != nil {
		s.logger.Error("status notifier", "err", err)
	}
	if err := s.noticeMaintenance(ctx); err != nil {
		s.logger.Error("status notifier", "err", err)
	}
	sent, err := s.drain(ctx)
	if err != nil {
		s.logger.Error("status notifier", "err", err)
	}
	s.prune(ctx)
	return n + sent
}

// Retention of what the notifier leaves behind. Subscribe requests hold
// client addresses and are needed for an hour of rate limiting; delivered
// messages are kept a while for admins who ask "did we tell them?".
const (
	pruneEvery     = 10 * time.Minute
	keepRequests   = 2 * time.Hour
	keepDeliveries = 30 * 24 * time.Hour
)

// prune deletes old subscribe requests and finished deliveries, at most
// every pruneEvery.
func (s *Service) prune(ctx context.Context) {
	now := s.clock.Now()
	last := s.pruned.Load()
	if last != 0 && now.Sub(time.UnixMicro(last)) < pruneEvery || !s.pruned.CompareAndSwap(last, now.UnixMicro()) {
		return
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM status_subscribe_requests WHERE at < ?`, store.Micros(now.Add(-keepRequests))); err != nil {
		s.logger.Error("status notifier: prune subscribe requests", "err", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM status_outbox WHERE status <> 'pending' AND created_at < ?`, store.Micros(now.Add(-keepDeliveries))); err != nil {
		s.logger.Error("status notifier: prune deliveries", "err", err)
	}
}

// Run ticks every PollInterval, and at once when a subscribe request or a
// maintenance window queued mail, until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	for {
		for s.Tick(ctx) > 0 && ctx.Err() == nil {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}
