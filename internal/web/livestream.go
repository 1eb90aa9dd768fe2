package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/live"
	"sitrep/internal/problem"
)

// liveHeartbeat keeps idle streams alive through proxies.
const liveHeartbeat = 25 * time.Second

func notFound(n int64) error {
	return problem.NotFoundf("number", "no incident %d; list incidents at /incidents", n)
}

// liveStream serves GET /incidents/{n}/live: server-sent events, one per
// changed region, named by the region's element id, each carrying the
// region's rendered HTML. The id is the incident's event sequence the regions
// reflect. A reader that says (by ?since= on the first connection, or
// Last-Event-ID on a reconnection) that it has seen an older sequence gets
// every region at once; after that, each region as it changes. When the
// session ends, the stream sends "signed-out" and ends.
func (u *UI) liveStream(w http.ResponseWriter, r *http.Request) { u.serveLive(u.live, w, r) }

// serveLive streams the regions of hub h's page of the incident in the path.
func (u *UI) serveLive(h *liveHub, w http.ResponseWriter, r *http.Request) {
	n, ok := u.number(w, r)
	if !ok {
		return
	}
	since, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	if err != nil {
		since, err = strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
		if err != nil {
			since = -1
		}
	}
	rm, rd, err := h.join(r.Context(), n)
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	live.SetHeaders(w)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	sent := make([]uint64, len(h.names))
	rm.mu.Lock()
	if since >= rm.seq {
		// The page already shows this state: send only what changes next.
		copy(sent, rm.versions)
	}
	rm.mu.Unlock()
	// Over HTTP/1.1 the stream takes its connection over and runs in a
	// goroutine of its own, under a context that watches the credential
	// alone; net/http's goroutine, buffers and background reader are freed.
	if ctx, stop, ok := live.Detached(r); ok {
		if out, err := live.Hijack(w, r); err == nil {
			go h.pump(ctx, stop, rm, rd, sent, out)
			return
		}
		stop()
	}
	h.pump(r.Context(), func() {}, rm, rd, sent, live.Flush(w))
}

// pump writes room rm's regions newer than sent to out until the reader
// goes away, ctx ends or the room closes.
func (h *liveHub) pump(ctx context.Context, stop func(), rm *room, rd *reader, sent []uint64, out live.Out) {
	defer stop()
	defer h.leave(rm, rd)
	defer out.Close()
	if out.Write([]byte("retry: 3000\n\n")) != nil {
		return
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		if frames, _ := rm.newer(sent); len(frames) > 0 && live.WriteAll(out, frames...) != nil {
			return
		}
		select {
		case <-ctx.Done():
			if errors.Is(context.Cause(ctx), auth.ErrCredentialEnded) {
				// The session ended (sign-out, password change): tell the
				// script not to reconnect with it.
				_ = out.Write([]byte("event: signed-out\ndata: sign in again\n\n"))
			}
			return
		case _, ok := <-rd.wake:
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
