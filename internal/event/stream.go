package event

import (
	"context"
	"errors"
	"fmt"
)

// Follower hands out the events of one incident after a cursor, first from
// the log and then live, in seq order with no gap and no repeat. It has no
// goroutine of its own: its reader polls it and waits on the channel Poll
// returns, so a live reader costs a cursor and a few words.
type Follower struct {
	log      *Log
	sub      *Subscription
	incident int64
	last     int64
	backlog  []Event
	caughtUp bool
}

// Follow subscribes to incident and returns a follower positioned after seq.
// Close it when done.
func (l *Log) Follow(ctx context.Context, incident, after int64) (*Follower, error) {
	sub, err := l.hub.Subscribe(ctx, incident)
	if err != nil {
		return nil, err
	}
	return &Follower{log: l, sub: sub, incident: incident, last: after}, nil
}

// Close ends the subscription.
func (f *Follower) Close() { f.sub.Close() }

// Last returns the seq of the last event handed out (or the starting cursor).
func (f *Follower) Last() int64 { return f.last }

// Poll returns the next event if one is ready, reading the log while the
// follower catches up. Otherwise it returns a nil event and a channel that is
// closed when there may be one. It ends with ErrLagged when the reader fell
// too far behind (reconnecting from Last resumes it) and ErrClosed when the
// hub shut down.
func (f *Follower) Poll(ctx context.Context) (*Event, <-chan struct{}, error) {
	for {
		if ev := f.pop(); ev != nil {
			return ev, nil, nil
		}
		if !f.caughtUp {
			batch, err := f.log.After(ctx, f.incident, f.last, MaxPage)
			if err != nil {
				return nil, nil, err
			}
			f.caughtUp = len(batch) < MaxPage
			f.backlog = batch
			continue
		}
		ev, ready, err := f.sub.Poll()
		if ev == nil {
			return nil, ready, err
		}
		if ev.Seq <= f.last {
			continue
		}
		if ev.Seq > f.last+1 {
			// A gap means events were published before we caught up; read
			// them from the log rather than skip them.
			missed, err := f.log.After(ctx, f.incident, f.last, int(ev.Seq-f.last-1))
			if err != nil {
				return nil, nil, err
			}
			f.backlog = append(missed, *ev)
			continue
		}
		f.last = ev.Seq
		return ev, nil, nil
	}
}

func (f *Follower) pop() *Event {
	for len(f.backlog) > 0 {
		ev := &f.backlog[0]
		f.backlog = f.backlog[1:]
		if ev.Seq > f.last {
			f.last = ev.Seq
			return ev
		}
	}
	f.backlog = nil
	return nil
}

// Stream calls send for every event of incident after the cursor, first from
// the log and then live, in seq order with no gap and no repeat, until ctx ends
// or the subscriber falls too far behind (ErrLagged). The caller reconnects
// with the last seq it sent and loses nothing.
func (l *Log) Stream(ctx context.Context, incident, after int64, send func(Event) error) error {
	f, err := l.Follow(ctx, incident, after)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		ev, ready, err := f.Poll(ctx)
		switch {
		case err != nil:
			return err
		case ev != nil:
			if err := send(*ev); err != nil {
				return err
			}
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ready:
		}
	}
}

// ErrLagged ends a stream whose reader fell too far behind; reconnecting with
// the last seq received resumes it.
var ErrLagged = errors.New("live events: reader fell behind; reconnect with Last-Event-ID")

// ErrClosed ends a stream because the server is shutting down.
var ErrClosed = fmt.Errorf("live events: server shutting down; reconnect with Last-Event-ID")
