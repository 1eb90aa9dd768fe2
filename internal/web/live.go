package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"sitrep/internal/event"
	"sitrep/internal/store"
)

// Live regions, of the incident page and of the state document. A room per
// watched incident holds one hub subscription and the regions rendered as
// ready-to-send SSE messages; readers share them. On
// each batch of events the room renders every region once, and only regions
// whose HTML changed are announced, so 10,000 readers of one incident cost one
// render per change, not 10,000. A reader holds no queue: it is woken (a
// channel of one slot) and sends whatever regions are newer than what it sent,
// so a slow reader skips intermediate states instead of buffering them.

// regions are the live regions of the incident page, by element id.
var regions = [...]string{"region-header", "region-workstreams", "region-timeline", "region-channel"}

// liveTick re-renders the regions of watched incidents even without events:
// the header's elapsed time and the board's stale flags move with the clock.
const liveTick = time.Minute

// renderRegions renders incident n's live regions, in the order of the hub's
// names, and says which event sequence they reflect.
type renderRegions func(ctx context.Context, n int64) (seq int64, html [][]byte, err error)

// liveHub keeps the rooms of one kind of live page.
type liveHub struct {
	u      *UI
	what   string
	names  []string
	render renderRegions
	mu     sync.Mutex
	rooms  map[int64]*room
}

func newLiveHub(u *UI, what string, names []string, render renderRegions) *liveHub {
	return &liveHub{u: u, what: what, names: names, render: render, rooms: map[int64]*room{}}
}

type room struct {
	n      int64
	ready  chan struct{}
	err    error
	cancel context.CancelFunc

	mu     sync.Mutex
	seq    int64
	frames [][]byte
	// html is what each frame carries: a region is sent again only when
	// it changed, not because the sequence in its id moved on.
	html     [][]byte
	versions []uint64
	// readers is guarded by the hub's mu.
	readers map[*reader]struct{}
}

type reader struct{ wake chan struct{} }

// join adds a reader to incident n's room, starting the room if it is the
// first. The caller must call leave.
func (h *liveHub) join(ctx context.Context, n int64) (*room, *reader, error) {
	rd := &reader{wake: make(chan struct{}, 1)}
	h.mu.Lock()
	rm := h.rooms[n]
	start := rm == nil
	if start {
		rctx, cancel := context.WithCancel(context.Background())
		k := len(h.names)
		rm = &room{n: n, ready: make(chan struct{}), cancel: cancel, readers: map[*reader]struct{}{},
			frames: make([][]byte, k), html: make([][]byte, k), versions: make([]uint64, k)}
		h.rooms[n] = rm
		go h.run(rctx, rm)
	}
	rm.readers[rd] = struct{}{}
	h.mu.Unlock()
	select {
	case <-rm.ready:
	case <-ctx.Done():
		h.leave(rm, rd)
		return nil, nil, ctx.Err()
	}
	if rm.err != nil {
		h.leave(rm, rd)
		return nil, nil, rm.err
	}
	return rm, rd, nil
}

// leave removes a reader; the last one out stops the room.
func (h *liveHub) leave(rm *room, rd *reader) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(rm.readers, rd)
	if len(rm.readers) == 0 && h.rooms[rm.n] == rm {
		delete(h.rooms, rm.n)
		rm.cancel()
	}
}

// run keeps room rm current until its last reader leaves.
func (h *liveHub) run(ctx context.Context, rm *room) {
	sub, err := h.u.hub().Subscribe(ctx, rm.n)
	// sub is replaced when the room falls behind, and is nil when
	// subscribing failed: close whichever is current, if any.
	defer func() {
		if sub != nil {
			sub.Close()
		}
	}()
	if err == nil {
		err = h.update(ctx, rm)
	}
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			err = notFound(rm.n)
		}
		rm.err = err
		h.mu.Lock()
		if h.rooms[rm.n] == rm {
			delete(h.rooms, rm.n)
		}
		h.mu.Unlock()
		close(rm.ready)
		return
	}
	close(rm.ready)
	tick := time.NewTicker(liveTick)
	defer tick.Stop()
	for {
		// Take every event already committed: one render covers them all.
		got, wait := false, (<-chan struct{})(nil)
		for wait == nil {
			ev, ready, err := sub.Poll()
			switch {
			case errors.Is(err, event.ErrLagged):
				// The room fell behind the hub's ring: subscribe afresh;
				// the render reads the current state anyway.
				sub.Close()
				if sub, err = h.u.hub().Subscribe(ctx, rm.n); err != nil {
					if ctx.Err() == nil {
						h.u.d.Logger.Error("live: resubscribe", "page", h.what, "incident", rm.n, "err", err)
					}
					h.closeRoom(rm)
					return
				}
				got = true
			case err != nil:
				h.closeRoom(rm)
				return
			case ev != nil:
				got = true
			default:
				wait = ready
			}
		}
		if got {
			h.renderLogged(ctx, rm)
		}
		select {
		case <-ctx.Done():
			return
		case <-wait:
		case <-tick.C:
			h.renderLogged(ctx, rm)
		}
	}
}

func (h *liveHub) renderLogged(ctx context.Context, rm *room) {
	if err := h.update(ctx, rm); err != nil && ctx.Err() == nil {
		h.u.d.Logger.Error("live: render", "page", h.what, "incident", rm.n, "err", err)
	}
}

// closeRoom ends a room whose subscription cannot be renewed; its readers'
// streams end and their browsers reconnect.
func (h *liveHub) closeRoom(rm *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rooms[rm.n] == rm {
		delete(h.rooms, rm.n)
	}
	for rd := range rm.readers {
		close(rd.wake)
		delete(rm.readers, rd)
	}
}

// incidentRegions renders the incident page's regions.
func (u *UI) incidentRegions(ctx context.Context, n int64) (int64, [][]byte, error) {
	v, err := u.regionsView(ctx, n, boardQuery{Sort: "priority"})
	if err != nil {
		return 0, nil, err
	}
	html := make([][]byte, len(regions))
	for i, part := range []struct {
		name string
		data any
	}{{"hdr", v.Header}, {"board", v.Board}, {"timeline", v.Timeline}, {"channel", v.Channel}} {
		if html[i], err = u.fragment(part.name, part.data); err != nil {
			return 0, nil, err
		}
	}
	return v.Seq, html, nil
}

// update renders every region once and wakes the readers if any changed.
func (h *liveHub) update(ctx context.Context, rm *room) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	seq, html, err := h.render(ctx, rm.n)
	if err != nil {
		return err
	}
	changed := false
	rm.mu.Lock()
	rm.seq = seq
	for i := range html {
		if !bytes.Equal(html[i], rm.html[i]) {
			rm.html[i] = html[i]
			rm.frames[i] = sseFrame(h.names[i], seq, html[i])
			rm.versions[i]++
			changed = true
		}
	}
	rm.mu.Unlock()
	if changed {
		h.mu.Lock()
		for rd := range rm.readers {
			select {
			case rd.wake <- struct{}{}:
			default:
			}
		}
		h.mu.Unlock()
	}
	return nil
}

// sseFrame encodes one region as a server-sent event named after it, with the
// incident's event sequence as its id (the browser's Last-Event-ID).
func sseFrame(region string, seq int64, html []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "event: %s\nid: %d\n", region, seq)
	for line := range bytes.SplitSeq(html, []byte("\n")) {
		b.WriteString("data: ")
		b.Write(bytes.TrimRight(line, "\r"))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// newer returns the frames whose version is above sent, and updates sent.
func (rm *room) newer(sent []uint64) (out [][]byte, seq int64) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	for i, v := range rm.versions {
		if v > sent[i] {
			out = append(out, rm.frames[i])
			sent[i] = v
		}
	}
	return out, rm.seq
}
