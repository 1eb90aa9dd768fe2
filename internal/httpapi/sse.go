package httpapi

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/event"
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

// writeTimeout bounds one write to a reader; a reader that takes longer is gone.
const writeTimeout = 30 * time.Second

// sseOut is where a stream writes its frames.
type sseOut interface {
	write(frame []byte) error
	close()
}

// wantsStream reports whether r opens a live stream (an EventSource always
// asks for text/event-stream). Its context then ends as soon as the
// credential it was opened with does (see auth.Service.WatchCredential), so
// every stream handler, the war room's included, stops at sign-out, password
// change or token revocation by watching r.Context().
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
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if r.ProtoMajor == 1 && r.ProtoMinor == 1 {
		if conn, err := hijack(w); err == nil {
			// The request's context ends when this handler returns; the
			// stream lives on under the credential's watch alone, until the
			// hub closes or a write fails.
			ctx, stop := s.deps.Auth.WatchCredential(context.Background(), p)
			go pump(ctx, stop, f, &chunked{conn: conn})
			return
		}
	}
	ctx, stop := s.deps.Auth.WatchCredential(r.Context(), p)
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	pump(ctx, stop, f, &flushed{w: w, rc: rc})
}

// hijack takes the connection over from net/http and writes the response
// head itself, with the headers set so far and chunked framing.
func hijack(w http.ResponseWriter) (net.Conn, error) {
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, err
	}
	h := w.Header().Clone()
	h.Del("Content-Length")
	h.Set("Transfer-Encoding", "chunked")
	h.Set("Connection", "close")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	head := bufio.NewWriterSize(conn, 1024)
	_, _ = head.WriteString("HTTP/1.1 200 OK\r\n")
	_ = h.Write(head)
	_, _ = head.WriteString("\r\n")
	_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	if err := head.Flush(); err != nil {
		conn.Close()
		return nil, err
	}
	// Whatever the client sent after its request is of no interest to a
	// stream; dropping the reader frees its buffer.
	_ = brw
	return conn, nil
}

// pump writes f's events to out until something ends the stream.
func pump(ctx context.Context, stop func(), f *event.Follower, out sseOut) {
	defer stop()
	defer f.Close()
	defer out.close()
	if out.write([]byte("retry: 2000\n\n")) != nil {
		return
	}
	lastWrite := time.Now()
	for {
		ev, ready, err := f.Poll(ctx)
		if ev != nil {
			frame, err := frames.get(ev)
			if err != nil || out.write(frame) != nil {
				return
			}
			lastWrite = time.Now()
			continue
		}
		if err != nil {
			if errors.Is(err, event.ErrLagged) || errors.Is(err, event.ErrClosed) {
				_ = out.write(controlFrame("reconnect", err.Error()))
			}
			return
		}
		select {
		case <-ctx.Done():
			if errors.Is(context.Cause(ctx), auth.ErrCredentialEnded) {
				_ = out.write(controlFrame("signed-out", auth.ErrCredentialEnded.Error()))
			}
			return
		case <-ready:
		}
		// A wake-up with nothing new is the topic's heartbeat; the next Poll
		// finds out. Either way, a quiet stream says it is alive.
		if time.Since(lastWrite) >= keepAlive {
			if out.write([]byte(": keep-alive\n\n")) != nil {
				return
			}
			lastWrite = time.Now()
		}
	}
}
