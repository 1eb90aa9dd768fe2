package event

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// RingSize is how many recent events a topic keeps for its live readers, and
// so how far a reader may fall behind before it is dropped. A dropped reader
// reconnects with Last-Event-ID and catches up from the table, so dropping
// loses nothing. The ring belongs to the topic, not to the reader: a reader
// costs a cursor, however many readers there are.
const RingSize = 1024

// Heartbeat is how often an idle topic wakes its readers, so that streams can
// send keep-alives (and notice dead clients) without a timer per reader.
const Heartbeat = 15 * time.Second

// Hub fans committed events out to live subscribers, one topic per incident.
// A topic loads new events from the log once per wake-up, however many
// subscribers it has, so readers never multiply database work, and it shares
// each event among its readers rather than copying it to each.
type Hub struct {
	log    *Log
	logger *slog.Logger

	mu        sync.Mutex
	topics    map[int64]*topic
	closed    bool
	onRevoked []func(Revoked)
}

// topic is the live state of one incident: a ring of its latest events and a
// signal channel that is closed (and replaced) whenever the ring moves on.
type topic struct {
	incident int64
	wake     chan struct{}
	stop     chan struct{}
	subs     int // guarded by Hub.mu

	mu sync.RWMutex
	// ring holds the events first..last at index seq % RingSize; first > last
	// when it holds none yet.
	ring        [RingSize]*Event
	first, last int64
	signal      chan struct{}
	closed      bool
}

// Subscription reads the events of one incident committed after it was made.
// It is not safe for concurrent use: one reader, one subscription.
type Subscription struct {
	t      *topic
	hub    *Hub
	cursor int64 // the seq last handed out
	done   bool
	lagged bool
}

// Lagged reports whether the subscription ended for falling behind.
func (s *Subscription) Lagged() bool { return s.lagged }

// NewHub returns a hub; call SetLog before use (the log and hub refer to each other).
func NewHub(logger *slog.Logger) *Hub {
	return &Hub{logger: logger, topics: map[int64]*topic{}}
}

// SetLog tells the hub where to read events from.
func (h *Hub) SetLog(l *Log) { h.log = l }

// Subscribe starts receiving the events of incident committed from now on.
// To see history without a gap, subscribe first, then read the log after your
// cursor, then take events from the subscription skipping any seq already
// seen (Follow and Stream do all of this).
func (h *Hub) Subscribe(ctx context.Context, incident int64) (*Subscription, error) {
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
				t = &topic{incident: incident, wake: make(chan struct{}, 1), stop: make(chan struct{}),
					first: end + 1, last: end, signal: make(chan struct{})}
				h.topics[incident] = t
				go h.run(t)
			}
			h.mu.Unlock()
		}
		if s, ok := h.join(incident, t); ok {
			return s, nil
		}
		// The topic's last subscriber left between the lookup and now, and the
		// topic stopped: joining it would never deliver. Start over.
	}
}

// join adds a subscription to topic t if t is still the live topic of
// incident, or returns an ended one if the hub is shut. It reports false when
// t has stopped.
func (h *Hub) join(incident int64, t *topic) (*Subscription, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || t == nil {
		return &Subscription{hub: h, done: true}, true
	}
	if h.topics[incident] != t {
		return nil, false
	}
	t.subs++
	t.mu.RLock()
	s := &Subscription{t: t, hub: h, cursor: t.last}
	t.mu.RUnlock()
	// Wake the topic once: an event may have committed between reading the
	// end and joining.
	select {
	case t.wake <- struct{}{}:
	default:
	}
	return s, true
}

// Close stops receiving. It is safe to call more than once.
func (s *Subscription) Close() {
	if s.t == nil {
		s.done = true
		return
	}
	t := s.t
	s.t = nil
	s.done = true
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	t.subs--
	if t.subs == 0 && h.topics[t.incident] == t {
		delete(h.topics, t.incident)
		close(t.stop)
	}
}

// Poll returns the next event if one is ready. Otherwise it returns a nil
// event and a channel that is closed when there may be one (or when the
// topic's heartbeat beats). The event is shared with every other reader and
// must not be changed. Poll ends with ErrLagged when the reader fell more than
// RingSize events behind, and ErrClosed when the hub shut down.
func (s *Subscription) Poll() (*Event, <-chan struct{}, error) {
	if s.done {
		if s.lagged {
			return nil, nil, ErrLagged
		}
		return nil, nil, ErrClosed
	}
	t := s.t
	t.mu.RLock()
	defer t.mu.RUnlock()
	switch {
	case t.closed:
		s.done = true
		return nil, nil, ErrClosed
	case s.cursor >= t.last:
		return nil, t.signal, nil
	case s.cursor+1 < t.first:
		// The events after the cursor have left the ring.
		s.done, s.lagged = true, true
		return nil, nil, ErrLagged
	}
	s.cursor++
	return t.ring[s.cursor%RingSize], nil, nil
}

// Next waits for the next event; see Poll.
func (s *Subscription) Next(ctx context.Context) (*Event, error) {
	for {
		ev, ready, err := s.Poll()
		if ev != nil || err != nil {
			return ev, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-ready:
		}
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
		n += t.subs
	}
	return n
}

// Close ends every subscription: their next Poll returns ErrClosed.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	topics := h.topics
	h.topics = map[int64]*topic{}
	h.mu.Unlock()
	for _, t := range topics {
		t.mu.Lock()
		t.closed = true
		close(t.signal)
		t.mu.Unlock()
		close(t.stop)
	}
}
