package incident

import (
	"context"

	"sitrep/internal/event"
)

// Timeline returns up to limit events of incident number after seq, in order.
func (s *Service) Timeline(ctx context.Context, number, after int64, limit int) ([]event.Event, error) {
	if _, err := s.incident(ctx, number); err != nil {
		return nil, err
	}
	return s.log.After(ctx, number, after, limit)
}

// Follow streams the events of incident number after seq until ctx ends; see
// event.Log.Stream.
func (s *Service) Follow(ctx context.Context, number, after int64, send func(event.Event) error) error {
	if _, err := s.incident(ctx, number); err != nil {
		return err
	}
	return s.log.Stream(ctx, number, after, send)
}
