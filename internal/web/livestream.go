package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
)

// liveWrite bounds one write to a reader: a reader that cannot take a few
// kilobytes in this long is dropped, and its browser reconnects.
const liveWrite = 10 * time.Second

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
func (u *UI) liveStream(w http.ResponseWriter, r *http.Request) {
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
	rm, rd, err := u.live.join(r.Context(), n)
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	defer u.live.leave(rm, rd)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	var sent [len(regions)]uint64
	rm.mu.Lock()
	if since >= rm.seq {
		// The page already shows this state: send only what changes next.
		sent = rm.versions
	}
	rm.mu.Unlock()
	send := func(chunks ...[]byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(liveWrite))
		for _, c := range chunks {
			if _, err := w.Write(c); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}
	if !send([]byte("retry: 3000\n\n")) {
		return
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		if frames, _ := rm.newer(&sent); len(frames) > 0 && !send(frames...) {
			return
		}
		select {
		case <-r.Context().Done():
			if errors.Is(context.Cause(r.Context()), auth.ErrCredentialEnded) {
				// The session ended (sign-out, password change): tell the
				// script not to reconnect with it.
				send([]byte("event: signed-out\ndata: sign in again\n\n"))
			}
			return
		case _, ok := <-rd.wake:
			if !ok {
				return
			}
		case <-beat.C:
			if !send([]byte(": keep-alive\n\n")) {
				return
			}
		}
	}
}
