package live_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"sitrep/internal/live"
)

var errEnded = errors.New("credential ended")

// streamServer serves two frames the way the war room does: over HTTP/1.1 from
// a goroutine of its own after taking the connection over, otherwise from the
// handler.
func streamServer(t *testing.T, hijacked chan<- bool) http.Handler {
	t.Helper()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		live.SetHeaders(w)
		write := func(out live.Out) {
			defer out.Close()
			_ = out.Write([]byte("retry: 3000\n\n"))
			_ = live.WriteAll(out, []byte("event: a\ndata: 1\n\n"), []byte("event: b\ndata: 2\n\n"))
		}
		if out, err := live.Hijack(w, r); err == nil {
			hijacked <- true
			go write(out)
			return
		}
		hijacked <- false
		write(live.Flush(w))
	})
}

func readAll(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	b, err := io.ReadAll(bufio.NewReader(resp.Body))
	if err != nil {
		t.Fatalf("read stream: %v", err)
	}
	return string(b)
}

const want = "retry: 3000\n\nevent: a\ndata: 1\n\nevent: b\ndata: 2\n\n"

func TestHijackedStreamDeliversFramesAndEnds(t *testing.T) {
	hijacked := make(chan bool, 1)
	srv := httptest.NewServer(streamServer(t, hijacked))
	defer srv.Close()
	if got := readAll(t, srv.Client(), srv.URL); got != want {
		t.Fatalf("stream:\n%q\nwant\n%q", got, want)
	}
	if !<-hijacked {
		t.Fatal("an HTTP/1.1 stream was not taken over")
	}
}

func TestHTTP2StreamIsServedByTheHandler(t *testing.T) {
	hijacked := make(chan bool, 1)
	srv := httptest.NewUnstartedServer(streamServer(t, hijacked))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	if got := readAll(t, srv.Client(), srv.URL); got != want {
		t.Fatalf("stream:\n%q\nwant\n%q", got, want)
	}
	if <-hijacked {
		t.Fatal("an HTTP/2 stream claims to be taken over")
	}
}

func TestDetachedWatchesTheCredentialBeyondTheRequest(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if _, _, ok := live.Detached(r); ok {
		t.Fatal("a request without a watcher can be detached")
	}
	var end context.CancelCauseFunc
	watch := func(ctx context.Context) (context.Context, func()) {
		ctx, cancel := context.WithCancelCause(ctx)
		end = cancel
		return ctx, func() { cancel(nil) }
	}
	reqCtx, cancelReq := context.WithCancel(context.Background())
	r = r.WithContext(live.WithWatcher(reqCtx, watch))
	ctx, stop, ok := live.Detached(r)
	if !ok {
		t.Fatal("a request with a watcher cannot be detached")
	}
	defer stop()
	cancelReq() // the handler returned
	if ctx.Err() != nil {
		t.Fatal("the detached stream ended with its request")
	}
	end(errEnded)
	<-ctx.Done()
	if !errors.Is(context.Cause(ctx), errEnded) {
		t.Fatalf("cause %v, want the credential's end", context.Cause(ctx))
	}
}

func TestDetachedFromAnEndedRequestEndsAtOnce(t *testing.T) {
	watch := func(ctx context.Context) (context.Context, func()) {
		ctx, cancel := context.WithCancel(ctx)
		return ctx, cancel
	}
	reqCtx, end := context.WithCancelCause(context.Background())
	end(errEnded) // the credential ended while the stream was set up
	r := httptest.NewRequest("GET", "/", nil).WithContext(live.WithWatcher(reqCtx, watch))
	ctx, stop, ok := live.Detached(r)
	if !ok {
		t.Fatal("a request with a watcher cannot be detached")
	}
	defer stop()
	if !errors.Is(context.Cause(ctx), errEnded) {
		t.Fatalf("cause %v, want the credential's end", context.Cause(ctx))
	}
}
