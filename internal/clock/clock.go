// Package clock owns the notion of "now" for domain code, so that tests move
// time instead of sleeping and production code reads the wall clock in one place.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time. Domain code never calls time.Now directly.
type Clock interface {
	Now() time.Time
}

// System is the wall clock, always in UTC.
type System struct{}

// Now returns the current UTC time at microsecond precision, the precision the
// database keeps, so that what an API call returns equals what a later read
// returns.
func (System) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Manual is a clock that only moves when told to. It is safe for concurrent use.
type Manual struct {
	mu  sync.Mutex
	now time.Time
}

var (
	_ Clock = System{}
	_ Clock = (*Manual)(nil)
)

// NewManual returns a clock stopped at t.
func NewManual(t time.Time) *Manual { return &Manual{now: t.UTC().Truncate(time.Microsecond)} }

// Now returns the clock's current time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Advance moves the clock forward by d.
func (m *Manual) Advance(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = m.now.Add(d).Truncate(time.Microsecond)
}

// Set moves the clock to t.
func (m *Manual) Set(t time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = t.UTC().Truncate(time.Microsecond)
}
