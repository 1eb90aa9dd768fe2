package event

import (
	"context"
	"fmt"
)

// Stream calls send for every event of incident after the cursor, first from
// the log and then live, in seq order with no gap and no repeat, until ctx ends
// or the subscriber falls too far behind (ErrLagged). The caller reconnects
// with the last seq it sent and loses nothing.
func (l *Log) Stream(ctx context.Context, incident, after int64, send func(Event) error) error {
	sub, err := l.hub.Subscribe(ctx, incident)
	if err != nil {
		return err
	}
	defer sub.Close()
	last := after
	for {
		batch, err := l.After(ctx, incident, last, MaxPage)
		if err != nil {
			return err
		}
		for _, ev := range batch {
			if err := send(ev); err != nil {
				return err
			}
			last = ev.Seq
		}
		if len(batch) < MaxPage {
			break
		}
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-sub.C:
			if !ok {
				if sub.Lagged() {
					return ErrLagged
				}
				return ErrClosed
			}
			if ev.Seq <= last {
				continue
			}
			for last+1 < ev.Seq {
				// A gap means events were fanned out before we caught up; read
				// them from the log rather than skip them.
				missed, err := l.After(ctx, incident, last, int(ev.Seq-last-1))
				if err != nil {
					return err
				}
				if len(missed) == 0 {
					break
				}
				for _, m := range missed {
					if err := send(m); err != nil {
						return err
					}
					last = m.Seq
				}
			}
			if err := send(ev); err != nil {
				return err
			}
			last = ev.Seq
		}
	}
}

// ErrLagged ends a stream whose reader fell too far behind; reconnecting with
// the last seq received resumes it.
var ErrLagged = fmt.Errorf("live events: reader fell behind; reconnect with Last-Event-ID")

// ErrClosed ends a stream because the server is shutting down.
var ErrClosed = fmt.Errorf("live events: server shutting down; reconnect with Last-Event-ID")
