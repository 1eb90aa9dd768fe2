package live

import (
	"context"
	"net/http"
)

// A Watcher derives from ctx a context that ends, with a cause saying why,
// when the credential a stream was opened with ends; stop releases it.
// auth.Service.WatchCredential, bound to the request's principal, is one.
type Watcher func(ctx context.Context) (watched context.Context, stop func())

type watcherKey struct{}

// WithWatcher returns ctx carrying w, so that a stream that outlives its
// request (a hijacked one) can keep watching its credential: the
// authentication middleware sets it on every stream request.
func WithWatcher(ctx context.Context, w Watcher) context.Context {
	return context.WithValue(ctx, watcherKey{}, w)
}

// Detached returns a context for a stream that outlives r: it ends only when
// r's credential does (or stop is called). ok is false when r carries no
// Watcher; the stream must then stay within its handler, under r.Context().
func Detached(r *http.Request) (ctx context.Context, stop func(), ok bool) {
	w, _ := r.Context().Value(watcherKey{}).(Watcher)
	if w == nil {
		return nil, nil, false
	}
	ctx, stop = w(context.Background())
	if cause := context.Cause(r.Context()); cause != nil {
		// The credential ended (or the client left) before the new watch
		// began, so the watch would miss it: end the stream the same way.
		ended, cancel := context.WithCancelCause(ctx)
		cancel(cause)
		ctx = ended
	}
	return ctx, stop, true
}
