// Package escalation owns escalation policies: ordered steps, each with
// targets (users, schedules, dynamic groups, other policies) and a delay,
// repeated a number of times, and the validation that keeps them acyclic.
package escalation

import (
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

// Service stores escalation policies.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
}

// NewService returns the escalation policy service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c}
}
