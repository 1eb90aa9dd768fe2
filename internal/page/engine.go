package page

import (
	"context"
	"log/slog"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"sitrep/internal/notify"
	"sitrep/internal/store"
)

// Limits bound what the engine asks of providers and of people.
type Limits struct {
	// PerSecond caps sends per channel per second across all instances,
	// counted from the deliveries table so it holds through restarts.
	PerSecond map[string]int
	// PerContactPerMinute caps messages to one address per minute.
	PerContactPerMinute map[string]int
	// Concurrency caps sends in flight per channel in this instance.
	Concurrency int
	// Lease is how long a claimed delivery is this instance's; a crashed
	// instance's deliveries are picked up again after it.
	Lease time.Duration
	// GiveUpAfter fails a delivery that has not gone out for this long.
	GiveUpAfter time.Duration
	// BackoffBase and BackoffMax shape capped exponential backoff with full jitter.
	BackoffBase, BackoffMax time.Duration
	// Poll is how often the engine looks for work nobody told it about
	// (another instance's pages, retries coming due).
	Poll time.Duration
}

// DefaultLimits are conservative: a provider sees at most 20 messages a
// second from sitrep, and a phone at most 6 a minute.
func DefaultLimits() Limits {
	return Limits{
		PerSecond:           map[string]int{notify.ChannelEmail: 20, notify.ChannelSMS: 10, notify.ChannelVoice: 5, notify.ChannelWebhook: 50, notify.ChannelSlack: 20, notify.ChannelSlackWebhook: 20},
		PerContactPerMinute: map[string]int{notify.ChannelEmail: 30, notify.ChannelSMS: 6, notify.ChannelVoice: 3, notify.ChannelWebhook: 120, notify.ChannelSlack: 30, notify.ChannelSlackWebhook: 30},
		Concurrency:         8,
		Lease:               time.Minute,
		GiveUpAfter:         24 * time.Hour,
		BackoffBase:         time.Second,
		BackoffMax:          5 * time.Minute,
		Poll:                time.Second,
	}
}

// Engine escalates pages that are due and delivers their notifications.
type Engine struct {
	s       *Service
	senders map[string]notify.Sender
	limits  Limits
	logger  *slog.Logger

	mu       sync.Mutex
	rnd      *rand.Rand
	circuits map[string]*notify.Circuit
	slots    map[string]time.Time // next free send slot per rate-limited channel

	// lanes are the delivery loops Run starts: one per channel with a
	// sender, so that a provider that hangs holds up only its own channel,
	// and one for channels without a sender, whose deliveries fail at once.
	lanes []lane
	// wakes has one channel per loop of Run: escalation first, then lanes.
	wakes []chan struct{}
}

// lane selects the deliveries one loop works on.
type lane struct {
	channel string
	// others selects every channel that has no sender.
	others bool
}

// NewEngine returns an engine that sends through senders, keyed by channel.
func NewEngine(s *Service, senders []notify.Sender, limits Limits, logger *slog.Logger) *Engine {
	e := &Engine{s: s, senders: map[string]notify.Sender{}, limits: limits, logger: logger,
		rnd: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x5175)), circuits: map[string]*notify.Circuit{}, slots: map[string]time.Time{}}
	for _, snd := range senders {
		e.senders[snd.Channel()] = snd
		e.circuits[snd.Channel()] = notify.NewCircuit(5, 30*time.Second, s.clock.Now)
	}
	for _, ch := range slices.Sorted(maps.Keys(e.senders)) {
		e.lanes = append(e.lanes, lane{channel: ch})
	}
	e.lanes = append(e.lanes, lane{others: true})
	for range 1 + len(e.lanes) {
		e.wakes = append(e.wakes, make(chan struct{}, 1))
	}
	s.wake = e.Wake
	return e
}

// Wake makes the engine look for due work now; the first notification of a
// page goes out right after its commit instead of at the next poll.
func (e *Engine) Wake() {
	for _, w := range e.wakes {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// Run works until ctx ends. On SQLite this process owns the database, so
// leases left by a crashed run are released at once.
func (e *Engine) Run(ctx context.Context) {
	if e.s.db.Dialect == store.SQLite {
		if _, err := e.s.db.Exec(ctx, `UPDATE deliveries SET lease_until = NULL WHERE status = 'pending' AND lease_until IS NOT NULL`); err != nil {
			e.logger.Warn("paging: release leases", "err", err)
		}
	}
	var wg sync.WaitGroup
	run := func(wake <-chan struct{}, work func(context.Context) int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.loop(ctx, wake, work)
		}()
	}
	run(e.wakes[0], func(ctx context.Context) int {
		n, err := e.s.escalateDue(ctx)
		if err != nil {
			e.logger.Warn("paging: escalate", "err", err)
		}
		return n
	})
	for i, l := range e.lanes {
		run(e.wakes[i+1], func(ctx context.Context) int {
			n, err := e.deliverDue(ctx, &l)
			if err != nil {
				e.logger.Warn("paging: deliver", "channel", l.channel, "err", err)
			}
			return n
		})
	}
	wg.Wait()
}

// loop does work whenever woken or every Poll, until a pass finds nothing
// more to do, until ctx ends.
func (e *Engine) loop(ctx context.Context, wake <-chan struct{}, work func(context.Context) int) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
		for work(ctx) > 0 && ctx.Err() == nil {
			// More may be due at once: keep going until a pass finds nothing.
		}
		t.Reset(e.limits.Poll)
	}
}

// Tick escalates every page that is due and makes one pass over due
// deliveries. It returns how much work it did. Tests call it after moving
// the clock.
func (e *Engine) Tick(ctx context.Context) int {
	n, err := e.s.escalateDue(ctx)
	if err != nil {
		e.logger.Warn("paging: escalate", "err", err)
	}
	m, err := e.deliverDue(ctx, nil)
	if err != nil {
		e.logger.Warn("paging: deliver", "err", err)
	}
	return n + m
}
