package event

import (
	"context"
	"time"
)

// run is the topic's fan-out loop. Each wake-up reads the events after the
// highest seq already in the ring and publishes them to every reader at once.
// Between events it beats every Heartbeat so that idle streams can send
// keep-alives.
func (h *Hub) run(t *topic) {
	beat := time.NewTicker(Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-t.stop:
			return
		case <-beat.C:
			t.publish(nil)
			continue
		case <-t.wake:
		}
		t.mu.RLock()
		last := t.last
		t.mu.RUnlock()
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
		if len(events) > 0 {
			t.publish(events)
		}
	}
}

// publish puts events into the ring and wakes every reader with one close of
// the signal channel. With no events it only wakes them (a heartbeat).
func (t *topic) publish(events []Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	for i := range events {
		ev := &events[i]
		if ev.Seq <= t.last {
			continue
		}
		if ev.Seq != t.last+1 {
			// Commits of one incident are gapless and in order, so this does
			// not happen; if it did, readers behind the gap would be dropped
			// and catch up from the table rather than skip events.
			t.first = ev.Seq
		}
		t.last = ev.Seq
		t.ring[ev.Seq%RingSize] = ev
		if t.last-t.first >= RingSize {
			t.first = t.last - RingSize + 1
		}
	}
	close(t.signal)
	t.signal = make(chan struct{})
}
