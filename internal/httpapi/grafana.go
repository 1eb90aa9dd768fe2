package httpapi

import (
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/catalog"
	"sitrep/internal/ingest"
)

// grafanaRoutes mounts the Grafana alerting webhook. Grafana's webhook
// contact point can send an Authorization header, so it takes an API token
// or a grafana integration key like every other intake.
func (s *Server) grafanaRoutes() {
	s.mux.Handle("POST /api/v1/alerts/grafana", s.intake(catalog.KindGrafana,
		func(b []byte, _ time.Time) ([]alert.Alert, error) { return ingest.Grafana(b) }, true))
}
