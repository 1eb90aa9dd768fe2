package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/event"
	"sitrep/internal/live"
)

// Live streams are built to be cheap, because a war room may have 10,000
// readers: an HTTP/1.1 stream hijacks its connection and hands it to one
// small goroutine that waits on the topic's shared signal and writes the
// events the topic shares among all readers. The request's goroutine, its
// buffers and net/http's background reader are released, so a reader costs
// a socket, a cursor and a shallow stack. Other protocols (HTTP/2) stream
// from the handler as usual.

// keepAlive is how long an idle stream stays silent before it sends a
// comment, so that proxies and load balancers do not close it; the topic's
// heartbeat (event.Heartbeat) is what wakes it to do so.
const keepAlive = event.Heartbeat / 2

// wantsStream reports whether r opens a live stream (an EventSource always
// asks for text/event-stream). Its context then ends as soon as the
// credential it was opened with does (see auth.Service.WatchCredential), so
// every stream handler stops at sign-out, password change or token
// revocation by watching r.Context(); a handler that hands its connection to
// a goroutine of its own watches the context of live.Detached instead (the
// middleware sets its watcher with streamWatch).
func wantsStream(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// stream serves the events of incident number after the cursor as SSE until
// the client goes away, its credential ends (sign-out, password change, token
// revocation), the server shuts down, or the client lags too far (it then
// reconnects with Last-Event-ID and catches up).
func (s *Server) stream(w http.ResponseWriter, r *http.Request, p auth.Principal, number, after int64) {
	f, err := s.deps.Incidents.Log().Follow(r.Context(), number, after)
	if err != nil {
		s.deps.Logger.Warn("live events: subscribe failed", "incident", number, "err", err)
		http.Error(w, "live events are unavailable; retry", http.StatusServiceUnavailable)
		return
	}
	live.SetHeaders(w)
	if out, err := live.Hijack(w, r); err == nil {
		// The request's context ends when this handler returns; the stream
		// lives on under the credential's watch alone, until the hub closes
		// or a write fails.
		ctx, stop := s.deps.Auth.WatchCredential(context.Background(), p)
		go pump(ctx, stop, f, out)
		return
	}
	ctx, stop := s.deps.Auth.WatchCredential(r.Context(), p)
	pump(ctx, stop, f, live.Flush(w))
}

// streamWatch lets a stream request's handler keep watching its credential
// after it hands its connection to a goroutine of its own (see live.Detached).
func (s *Server) streamWatch(ctx context.Context, p auth.Principal) context.Context {
	return live.WithWatcher(ctx, func(ctx context.Context) (context.Context, func()) {
		return s.deps.Auth.WatchCredential(ctx, p)
	})
}

// pump writes f's events to out until something ends the stream.
func pump(ctx context.Context, stop func(), f *event.Follower, out live.Out) {
	defer stop()
	defer f.Close()
	defer out.Close()
	if out.Write([]byte("retry: 2000\n\n")) != nil {
		return
	}
	lastWrite := time.Now()
	for {
		ev, ready, err := f.Poll(ctx)
		if ev != nil {
			frame, err := frames.get(ev)
			if err != nil || out.Write(frame) != nil {
				return
			}
			lastWrite = time.Now()
			continue
		}
		if err != nil {
			if errors.Is(err, event.ErrLagged) || errors.Is(err, event.ErrClosed) {
				_ = out.Write(controlFrame("reconnect", err.Error()))
			}
			return
		}
		select {
		case <-ctx.Done():
			if errors.Is(context.Cause(ctx), auth.ErrCredentialEnded) {
				_ = out.Write(controlFrame("signed-out", auth.ErrCredentialEnded.Error()))
			}
			return
		case <-ready:
		}
		// A wake-up with nothing new is the topic's heartbeat; the next Poll
		// finds out. Either way, a quiet stream says it is alive.
		if time.Since(lastWrite) >= keepAlive {
			if out.Write([]byte(": keep-alive\n\n")) != nil {
				return
			}
			lastWrite = time.Now()
		}
	}
}
