package httpapi

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func (s *Server) healthRoutes() {
	// Liveness: the process serves requests. It does not touch the database,
	// so a slow disk does not get a healthy process restarted.
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	// Readiness: migrations are applied and the database answers.
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.deps.Ready(); err != nil {
			writeProblem(w, http.StatusServiceUnavailable, err.Error())
			return
		}
		if err := s.deps.DB.Ping(r.Context()); err != nil {
			writeProblem(w, http.StatusServiceUnavailable, "database does not answer")
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ready\n"))
	})
	// Metrics need a token like everything else; Prometheus sends one with
	// authorization.credentials_file.
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.deps.Registry, promhttp.HandlerOpts{}))
}
