package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"

	"sitrep/internal/problem"
)

// maxPingBody bounds what a ping may carry. Pings need no body, but
// Alertmanager's webhook receiver POSTs its JSON (a few KiB for the Watchdog
// group) and curl -d sends a form: both are read and ignored.
const maxPingBody = 256 << 10

// heartbeatPingRoutes mounts the ping URLs. They are public: the token in the
// path is the credential, as cron jobs and Alertmanager have no other. GET
// and HEAD work too, because curl in a crontab rarely says -X POST.
func (s *Server) heartbeatPingRoutes() {
	ping := s.pingHandler(s.deps.Heartbeats.Ping)
	fail := s.pingHandler(s.deps.Heartbeats.Fail)
	for _, m := range []string{"GET", "HEAD", "POST"} {
		s.mux.Handle(m+" /hb/{token}", ping)
		s.mux.Handle(m+" /hb/{token}/fail", fail)
	}
}

// pingHandler answers 200 "ok", or a bare 404 for a token it does not know:
// nothing in the answer tells a guesser more than that.
func (s *Server) pingHandler(record func(context.Context, string) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if r.Body != nil {
			_, err := io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxPingBody))
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "body too large: a ping needs no body", http.StatusRequestEntityTooLarge)
				return
			}
		}
		err := record(r.Context(), r.PathValue("token"))
		switch {
		case problem.Is(err, problem.NotFound):
			http.Error(w, "not found", http.StatusNotFound)
		case err != nil:
			s.deps.Logger.ErrorContext(r.Context(), "heartbeat ping", "err", err)
			http.Error(w, "cannot record the ping right now; retry", http.StatusServiceUnavailable)
		default:
			_, _ = io.WriteString(w, "ok\n")
		}
	})
}
