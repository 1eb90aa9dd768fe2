package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"sitrep/internal/event"
	"sitrep/internal/live"
)

// The state document's live region. As on the incident page, one room per
// watched incident holds the only hub subscription and renders the region
// once per change (through the region cache); readers hold no queue, only a
// wake-up slot, and send the latest frame when woken. A slow reader skips
// intermediate versions instead of buffering them.

const stateRegion = "region-state"

type stateLive struct {
	p     *docPages
	mu    sync.Mutex
	rooms map[int64]*stateRoom
}

type stateRoom struct {
	n      int64
	ready  chan struct{}
	err    error
	cancel context.CancelFunc

	mu      sync.Mutex
	seq     int64
	frame   []byte
	version uint64
	// readers is guarded by stateLive.mu.
	readers map[chan struct{}]struct{}
}

func newStateLive(p *docPages) *stateLive {
	return &stateLive{p: p, rooms: map[int64]*stateRoom{}}
}

func (l *stateLive) join(ctx context.Context, n int64) (*stateRoom, chan struct{}, error) {
	wake := make(chan struct{}, 1)
	l.mu.Lock()
	rm := l.rooms[n]
	if rm == nil {
		rctx, cancel := context.WithCancel(context.Background())
		rm = &stateRoom{n: n, ready: make(chan struct{}), cancel: cancel, readers: map[chan struct{}]struct{}{}}
		l.rooms[n] = rm
		go l.run(rctx, rm)
	}
	rm.readers[wake] = struct{}{}
	l.mu.Unlock()
	select {
	case <-rm.ready:
	case <-ctx.Done():
		l.leave(rm, wake)
		return nil, nil, ctx.Err()
	}
	if rm.err != nil {
		l.leave(rm, wake)
		return nil, nil, rm.err
	}
	return rm, wake, nil
}

func (l *stateLive) leave(rm *stateRoom, wake chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(rm.readers, wake)
	if len(rm.readers) == 0 && l.rooms[rm.n] == rm {
		delete(l.rooms, rm.n)
		rm.cancel()
	}
}

// drop ends room rm: its readers' streams end and their browsers reconnect.
func (l *stateLive) drop(rm *stateRoom) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rooms[rm.n] == rm {
		delete(l.rooms, rm.n)
	}
	for wake := range rm.readers {
		close(wake)
		delete(rm.readers, wake)
	}
	rm.cancel()
}

func (l *stateLive) run(ctx context.Context, rm *stateRoom) {
	hub := l.p.u.hub()
	sub, err := hub.Subscribe(ctx, rm.n)
	if err == nil {
		err = l.render(ctx, rm)
	}
	if err != nil {
		rm.err = err
		close(rm.ready)
		l.drop(rm)
		return
	}
	close(rm.ready)
	defer func() { sub.Close() }()
	tick := time.NewTicker(liveTick)
	defer tick.Stop()
	for {
		got, wait := false, (<-chan struct{})(nil)
		for wait == nil {
			ev, ready, err := sub.Poll()
			switch {
			case errors.Is(err, event.ErrLagged):
				sub.Close()
				if sub, err = hub.Subscribe(ctx, rm.n); err != nil {
					l.drop(rm)
					return
				}
				got = true
			case err != nil:
				l.drop(rm)
				return
			case ev != nil:
				got = true
			default:
				wait = ready
			}
		}
		if got {
			l.renderLogged(ctx, rm)
		}
		select {
		case <-ctx.Done():
			return
		case <-wait:
		case <-tick.C:
			l.renderLogged(ctx, rm)
		}
	}
}

func (l *stateLive) renderLogged(ctx context.Context, rm *stateRoom) {
	if err := l.render(ctx, rm); err != nil && ctx.Err() == nil {
		l.p.u.d.Logger.Error("live state document: render", "incident", rm.n, "err", err)
	}
}

func (l *stateLive) render(ctx context.Context, rm *stateRoom) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	html, doc, err := l.p.region(ctx, rm.n)
	if err != nil {
		return err
	}
	frame := sseFrame(stateRegion, doc.Seq, html)
	rm.mu.Lock()
	changed := string(frame) != string(rm.frame)
	if changed {
		rm.frame, rm.seq = frame, doc.Seq
		rm.version++
	}
	rm.mu.Unlock()
	if changed {
		l.mu.Lock()
		for wake := range rm.readers {
			select {
			case wake <- struct{}{}:
			default:
			}
		}
		l.mu.Unlock()
	}
	return nil
}

// stateStream serves GET /incidents/{n}/state/live: the state region as a
// server-sent event named region-state whenever it changes.
func (p *docPages) stateStream(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	since, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	if err != nil {
		if since, err = strconv.ParseInt(r.URL.Query().Get("since"), 10, 64); err != nil {
			since = -1
		}
	}
	rm, wake, err := p.live.join(r.Context(), n)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents")
		return
	}
	live.SetHeaders(w)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	var sent uint64
	rm.mu.Lock()
	if since >= rm.seq {
		sent = rm.version
	}
	rm.mu.Unlock()
	// As on the incident page (liveStream), an HTTP/1.1 stream takes its
	// connection over and runs in a goroutine of its own.
	if ctx, stop, ok := live.Detached(r); ok {
		if out, err := live.Hijack(w, r); err == nil {
			go p.pumpState(ctx, stop, rm, wake, sent, out)
			return
		}
		stop()
	}
	p.pumpState(r.Context(), func() {}, rm, wake, sent, live.Flush(w))
}

// pumpState writes room rm's frame to out whenever its version passes sent,
// until the reader goes away, ctx ends or the room closes.
func (p *docPages) pumpState(ctx context.Context, stop func(), rm *stateRoom, wake chan struct{}, sent uint64, out live.Out) {
	defer stop()
	defer p.live.leave(rm, wake)
	defer out.Close()
	if out.Write([]byte("retry: 3000\n\n")) != nil {
		return
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		rm.mu.Lock()
		frame, version := rm.frame, rm.version
		rm.mu.Unlock()
		if version > sent {
			if out.Write(frame) != nil {
				return
			}
			sent = version
		}
		select {
		case <-ctx.Done():
			return
		case _, ok := <-wake:
			if !ok {
				return
			}
		case <-beat.C:
			if out.Write([]byte(": keep-alive\n\n")) != nil {
				return
			}
		}
	}
}
