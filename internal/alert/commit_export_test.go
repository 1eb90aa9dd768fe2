package alert

import (
	"context"

	"sitrep/internal/auth"
)

// IngestTogether ingests the batches in one group commit, as concurrent
// Ingest calls that queued behind a running transaction are: tests cannot
// make goroutines queue in a chosen order without it.
func (s *Service) IngestTogether(ctx context.Context, actor auth.Principal, batches ...[]Alert) ([]Result, []error) {
	ps := make([]*pending, len(batches))
	for i, as := range batches {
		as, err := s.prepare(as)
		if err != nil {
			panic(err)
		}
		ps[i] = &pending{ctx: ctx, actor: actor, alerts: as, b: &batch{now: s.clock.Now()}, done: make(chan struct{})}
	}
	s.commitGroup(ps)
	res, errs := make([]Result, len(ps)), make([]error, len(ps))
	for i, p := range ps {
		res[i], errs[i] = p.answer()
	}
	return res, errs
}
