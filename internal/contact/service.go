// Package contact owns how to reach a person: their contact methods (email,
// SMS, voice, Slack, webhook) and notification rules ("email at once, SMS
// after 2 minutes if not acknowledged").
package contact

import (
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

// Service stores contact methods and notification rules.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
}

// NewService returns the contact service.
func NewService(db *store.DB, log *event.Log, c clock.Clock) *Service {
	return &Service{db: db, log: log, clock: c}
}
