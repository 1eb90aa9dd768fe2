// Package httpapi owns the JSON API under /api/v1: its routes (one file per
// resource), authentication and role checks, RFC 9457 problem details naming
// the offending field, Idempotency-Key replay, live event streams over SSE,
// metrics and health endpoints. Handlers decode, call one domain method and
// encode; all rules live in the domain packages.
package httpapi

import (
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/clock"
	"sitrep/internal/contact"
	"sitrep/internal/escalation"
	"sitrep/internal/incident"
	"sitrep/internal/oncall"
	"sitrep/internal/page"
	"sitrep/internal/statuspage"
	"sitrep/internal/store"
	"sitrep/internal/watch"
	"sitrep/internal/web"
)

// Deps is what the API needs from the rest of sitrep.
type Deps struct {
	DB        *store.DB
	Auth      *auth.Service
	Incidents *incident.Service
	Schedules *oncall.Service
	Policies  *escalation.Service
	Contacts  *contact.Service
	Pages     *page.Service
	Alerts    *alert.Service
	Catalog   *catalog.Catalog
	Routes    *alert.Routes
	Clock     clock.Clock
	Logger    *slog.Logger
	Registry  *prometheus.Registry
	Version   string
	// Ready reports whether the instance should receive traffic.
	Ready func() error

	// Heartbeats serves the heartbeat API and the public ping URLs.
	Heartbeats *watch.Heartbeats
	Status     *statuspage.Service
	// Probes serves the probe and agent API.
	Probes *watch.Service
}

// Server is the HTTP API.
type Server struct {
	deps    Deps
	mux     *http.ServeMux
	api     huma.API
	metrics *metrics
	handler http.Handler
	// lastSweep is the Unix second of the last sweep of expired idempotency keys.
	lastSweep atomic.Int64
}

// New builds the API with every route registered.
func New(d Deps) *Server {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("sitrep", d.Version)
	cfg.Info.Description = "Incident command: declare, staff, split and follow incidents."
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.SchemasPath = "/api/v1/schemas"
	// The hosted docs renderer loads scripts from a CDN, which sitrep must not
	// depend on; the OpenAPI document is what clients need.
	cfg.DocsPath = ""
	// No $schema links in bodies: responses stay plain for curl and scripts.
	cfg.CreateHooks = nil
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "API token (sitrep_...) or HTTP Basic with handle and password"},
	}
	cfg.Security = []map[string][]string{{"bearer": {}}}
	s := &Server{deps: d, mux: mux, metrics: newMetrics(d.Registry)}
	s.api = humago.New(mux, cfg)
	s.routes()
	s.handler = s.metrics.instrument(s.authenticate(s.idempotent(s.refuseUnstorable(recordRoute(mux)))))
	return s
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// API exposes the huma API, for tests that walk the route table.
func (s *Server) API() huma.API { return s.api }

func (s *Server) routes() {
	s.healthRoutes()
	s.incidentRoutes()
	s.responderRoutes()
	s.roleRoutes()
	s.workstreamRoutes()
	s.updateRoutes()
	s.messageRoutes()
	s.relatedRoutes()
	s.timelineRoutes()
	s.userRoutes()
	s.tokenRoutes()
	s.schedulesRoutes()
	s.policiesRoutes()
	s.contactsRoutes()
	s.pageRoutes()
	s.broadcastRoutes()
	s.alertRoutes()
	s.alertGroupRoutes()
	s.heartbeatRoutes()
	s.probeRoutes()
	s.catalogRoutes()
	s.statusRoutes()
	s.stateDocRoutes()
	s.briefRoutes()
	s.loginRoutes()
	ack := web.Ack(s.deps.Pages, s.deps.Logger)
	s.mux.Handle("GET /ack/{token}", ack)
	s.mux.Handle("POST /ack/{token}", ack)
	web.New(web.Deps{Incidents: s.deps.Incidents, DB: s.deps.DB, Clock: s.deps.Clock, Logger: s.deps.Logger}).Mount(s.mux)
}
