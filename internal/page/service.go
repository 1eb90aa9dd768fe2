package page

import (
	"context"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/store"
)

// OnCall answers who is on call on a schedule at a time.
type OnCall func(ctx context.Context, schedule string, at time.Time) ([]string, error)

// Policies looks up an escalation policy's steps and repeat count by name.
type Policies func(ctx context.Context, name string) (steps []Step, repeat int, err error)

// Contact is one way to reach a person, due Delay after they are paged.
type Contact struct {
	Delay   time.Duration
	Channel string
	Address string
	Method  int64
}

// Contacts returns how to reach a user, in order of delay.
type Contacts func(ctx context.Context, userID int64) ([]Contact, error)

// Deps are the other domains a page consults. They are functions so that the
// page package does not depend on how schedules, policies and contact methods
// are stored.
type Deps struct {
	OnCall   OnCall
	Policies Policies
	Contacts Contacts
	// BaseURL is where people's browsers reach sitrep, for ack links.
	BaseURL string
}

// Service triggers, escalates, acknowledges and resolves pages.
type Service struct {
	db    *store.DB
	log   *event.Log
	clock clock.Clock
	deps  Deps
	// wake tells the delivery engine that work is due now; set by the engine.
	wake func()
	// secret signs ack links; LoadSecret reads it.
	secret []byte
}

// NewService returns the page service.
func NewService(db *store.DB, log *event.Log, c clock.Clock, deps Deps) *Service {
	return &Service{db: db, log: log, clock: c, deps: deps, wake: func() {}}
}
