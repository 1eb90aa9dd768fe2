package notify

import (
	"sync"
	"time"
)

// CircuitState is where a Circuit stands.
type CircuitState int

// The states of a circuit.
const (
	// Closed: the provider works; every send goes through.
	Closed CircuitState = iota
	// Open: the provider kept failing; sends wait for the cool-down.
	Open
	// HalfOpen: the cool-down passed; one probe send finds out whether the
	// provider healed.
	HalfOpen
)

func (s CircuitState) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return "unknown"
}

// Circuit is the circuit breaker of one provider (an SMTP relay, Twilio,
// Slack). After threshold failures in a row it opens, and sends wait instead
// of adding load to a provider that is down; after the cool-down one probe
// goes through, and its outcome closes the circuit or opens it for another
// cool-down. Messages are never dropped by the circuit: the delivery layer
// keeps them queued and sends them when Allow says so, at the rate limit.
// It is safe for concurrent use.
type Circuit struct {
	mu        sync.Mutex
	now       func() time.Time
	threshold int
	coolDown  time.Duration

	state    CircuitState
	failures int
	openedAt time.Time
	probeAt  time.Time // when the half-open probe was let through
}

// NewCircuit returns a closed circuit that opens after threshold failures in
// a row and stays open for coolDown, reading time from now.
func NewCircuit(threshold int, coolDown time.Duration, now func() time.Time) *Circuit {
	return &Circuit{now: now, threshold: max(threshold, 1), coolDown: coolDown}
}

// Allow says whether a send may go to the provider now, and if not, how long
// until it may. In the half-open state it lets one probe through; should the
// probe never report (its process died), another is let through a cool-down
// later.
func (c *Circuit) Allow() (ok bool, wait time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	switch c.state {
	case Open:
		if until := c.openedAt.Add(c.coolDown); now.Before(until) {
			return false, until.Sub(now)
		}
		c.state, c.probeAt = HalfOpen, now
		return true, 0
	case HalfOpen:
		if until := c.probeAt.Add(c.coolDown); now.Before(until) {
			return false, until.Sub(now)
		}
		c.probeAt = now
		return true, 0
	}
	return true, 0
}

// Record reports the outcome of a send. A success closes the circuit. A
// failure worth a retry counts against the provider. A permanent failure (a
// 4xx, a recipient that cannot exist) proves the provider is answering, so it
// counts as the provider working.
func (c *Circuit) Record(retry bool, err error) {
	if err != nil && retry {
		c.Failure()
		return
	}
	c.Success()
}

// Success reports a send the provider accepted.
func (c *Circuit) Success() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state, c.failures = Closed, 0
}

// Failure reports a send that failed because of the provider.
func (c *Circuit) Failure() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures++
	if c.state == HalfOpen || c.failures >= c.threshold {
		c.state, c.openedAt = Open, c.now()
	}
}

// State returns the circuit's state. An open circuit whose cool-down has
// passed stays Open until Allow lets the probe through.
func (c *Circuit) State() CircuitState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}
