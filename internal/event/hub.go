package event

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
)

// SubscriberBuffer is how many events a subscriber may fall behind before it is
// dropped. A dropped subscriber reconnects with Last-Event-ID and catches up
// from the table, so dropping loses nothing and bounds memory per reader.
const SubscriberBuffer = 256

// Hub fans committed events out to live subscribers, one topic per incident.
// A topic loads new events from the log once per wake-up, however many
// subscribers it has, so readers never multiply database work.
type Hub struct {
	log    *Log
	logger *slog.Logger

	mu     sync.Mutex
	topics map[int64]*topic
	closed bool
}

type topic struct {
	incident int64
	wake     chan struct{}
	stop     chan struct{}
	// mu guards subs and last. last is the highest seq fanned out.
	mu   sync.Mutex
	subs map[*Subscription]struct{}
	last int64
}

// Subscription receives the events of one incident. C is closed when the
// subscriber is dropped for lagging or the hub shuts down.
type Subscription struct {
	C      <-chan Event
	c      chan Event
	t      *topic
	hub    *Hub
	once   sync.Once
	lagged atomic.Bool
}

// Lagged reports whether the subscription was dropped for falling behind.
func (s *Subscription) Lagged() bool { return s.lagged.Load() }

// NewHub returns a hub; call SetLog before use (the log and hub refer to each other).
func NewHub(logger *slog.Logger) *Hub {
	return &Hub{logger: logger, topics: map[int64]*topic{}}
}

// SetLog tells the hub where to read events from.
func (h *Hub) SetLog(l *Log) { h.log = l }

// Subscribe starts receiving the events of incident committed from now on.
// To see history without a gap, subscribe first, then read the log after your
// cursor, then drain C skipping any seq already seen (Stream does all of this).
func (h *Hub) Subscribe(ctx context.Context, incident int64) (*Subscription, error) {
	c := make(chan Event, SubscriberBuffer)
	s := &Subscription{C: c, c: c, hub: h}
	for {
		h.mu.Lock()
		t := h.topics[incident]
		h.mu.Unlock()
		if t == nil {
			// A new topic starts at the log's committed end: anything committed
			// earlier reaches the subscriber through its own read of the log.
			var end int64
			if err := h.log.db.QueryRow(ctx, `SELECT event_seq FROM incidents WHERE number = ?`, incident).Scan(&end); err != nil {
				return nil, fmt.Errorf("subscribe to incident %d: %w", incident, err)
			}
			h.mu.Lock()
			if t = h.topics[incident]; t == nil && !h.closed {
				t = &topic{incident: incident, wake: make(chan struct{}, 1), stop: make(chan struct{}), subs: map[*Subscription]struct{}{}, last: end}
				h.topics[incident] = t
				go h.run(t)
			}
			h.mu.Unlock()
		}
		if h.register(incident, t, s) {
			return s, nil
		}
		// The topic's last subscriber left between the lookup and now, and the
		// topic stopped: registering there would never deliver. Start over.
	}
}

// register adds s to topic t if t is still the live topic of incident, or
// closes s if the hub is shut. It reports false when t has stopped.
func (h *Hub) register(incident int64, t *topic, s *Subscription) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || t == nil {
		close(s.c)
		return true
	}
	if h.topics[incident] != t {
		return false
	}
	s.t = t
	t.mu.Lock()
	t.subs[s] = struct{}{}
	t.mu.Unlock()
	// Wake the topic once: an event may have committed between reading the
	// end and registering.
	select {
	case t.wake <- struct{}{}:
	default:
	}
	return true
}

// Close stops receiving. It is safe to call more than once.
func (s *Subscription) Close() {
	s.once.Do(func() {
		if s.t == nil {
			return
		}
		s.hub.unsubscribe(s)
	})
}

func (h *Hub) unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := s.t
	t.mu.Lock()
	if _, ok := t.subs[s]; ok {
		delete(t.subs, s)
		close(s.c)
	}
	empty := len(t.subs) == 0
	t.mu.Unlock()
	if empty && h.topics[t.incident] == t {
		delete(h.topics, t.incident)
		close(t.stop)
	}
}

// Notify tells the hub that incident has committed events up to seq. Wake-ups
// coalesce: many commits in a burst cost one read.
func (h *Hub) Notify(incident, seq int64) {
	h.mu.Lock()
	t := h.topics[incident]
	h.mu.Unlock()
	if t == nil {
		return
	}
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// NotifyAll wakes every topic, for when notifications may have been missed
// (a reconnected LISTEN connection).
func (h *Hub) NotifyAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, t := range h.topics {
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
}

// Subscribers returns how many live subscribers the hub has.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, t := range h.topics {
		t.mu.Lock()
		n += len(t.subs)
		t.mu.Unlock()
	}
	return n
}

// Close drops every subscriber.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	topics := h.topics
	h.topics = map[int64]*topic{}
	h.mu.Unlock()
	for _, t := range topics {
		t.mu.Lock()
		for s := range t.subs {
			delete(t.subs, s)
			close(s.c)
		}
		t.mu.Unlock()
		close(t.stop)
	}
}

// run is the topic's fan-out loop. Each wake-up reads the events after the
// highest seq already sent and hands them to every subscriber without blocking.
func (h *Hub) run(t *topic) {
	for {
		select {
		case <-t.stop:
			return
		case <-t.wake:
		}
		t.mu.Lock()
		last := t.last
		t.mu.Unlock()
		events, err := h.log.After(context.Background(), t.incident, last, MaxPage)
		if err != nil {
			h.logger.Warn("live events: read failed", "incident", t.incident, "err", err)
			continue
		}
		if len(events) == MaxPage {
			// More remain; come around again.
			select {
			case t.wake <- struct{}{}:
			default:
			}
		}
		t.fanout(events)
	}
}

func (t *topic) fanout(events []Event) {
	if len(events) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, ev := range events {
		if ev.Seq <= t.last {
			continue
		}
		t.last = ev.Seq
		for s := range t.subs {
			select {
			case s.c <- ev:
			default:
				// The reader is too slow: drop it rather than grow without bound.
				s.lagged.Store(true)
				delete(t.subs, s)
				close(s.c)
			}
		}
	}
}
