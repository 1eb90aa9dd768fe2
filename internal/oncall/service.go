package oncall

import (
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

// Service stores schedules and their overrides and answers who is on call.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
}

// NewService returns the schedule service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c}
}
