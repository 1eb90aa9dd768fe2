package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/watch"
)

const probesPath = "/api/v1/probes"

// probeFields is what a probe's body says, on create; everything but name,
// kind and target has a default.
type probeFields struct {
	Name                    string              `json:"name" maxLength:"63" example:"api-health" doc:"Lowercase letters, digits, '.', '_' and '-'"`
	Kind                    string              `json:"kind" enum:"http,tcp,dns,tls"`
	Target                  string              `json:"target" maxLength:"2048" example:"https://api.example.com/healthz" doc:"URL (http), host:port (tcp, tls) or DNS name (dns)"`
	HTTP                    *watch.HTTPSettings `json:"http,omitempty" required:"false"`
	DNS                     *watch.DNSSettings  `json:"dns,omitempty" required:"false"`
	TLS                     *watch.TLSSettings  `json:"tls,omitempty" required:"false"`
	IntervalSeconds         int                 `json:"interval_seconds,omitempty" required:"false" doc:"At least 10; default 60"`
	TimeoutSeconds          float64             `json:"timeout_seconds,omitempty" required:"false" doc:"Less than the interval; default 10 (or half the interval)"`
	FailuresBeforeAlert     int                 `json:"failures_before_alert,omitempty" required:"false" doc:"Failures in a row before a vantage point calls it down; default 2"`
	SuccessesBeforeRecovery int                 `json:"successes_before_recovery,omitempty" required:"false" doc:"Successes in a row before it is up again; default 2"`
	Service                 string              `json:"service,omitempty" required:"false" doc:"Label service on the alert"`
	Severity                string              `json:"severity,omitempty" required:"false" doc:"Label severity on the alert"`
	Vantages                []string            `json:"vantages,omitempty" required:"false" doc:"Where it runs: local (this server) and agent names; default [local]"`
	MinFailing              int                 `json:"min_failing,omitempty" required:"false" doc:"How many vantage points must see it down; default 1"`
	Enabled                 *bool               `json:"enabled,omitempty" required:"false" doc:"Default true"`
}

type createProbeIn struct {
	Body probeFields
}

type probePatchIn struct {
	ProbePath
	Body struct {
		Kind                    *string             `json:"kind,omitempty" enum:"http,tcp,dns,tls"`
		Target                  *string             `json:"target,omitempty" maxLength:"2048"`
		HTTP                    *watch.HTTPSettings `json:"http,omitempty"`
		DNS                     *watch.DNSSettings  `json:"dns,omitempty"`
		TLS                     *watch.TLSSettings  `json:"tls,omitempty"`
		IntervalSeconds         *int                `json:"interval_seconds,omitempty"`
		TimeoutSeconds          *float64            `json:"timeout_seconds,omitempty"`
		FailuresBeforeAlert     *int                `json:"failures_before_alert,omitempty"`
		SuccessesBeforeRecovery *int                `json:"successes_before_recovery,omitempty"`
		Service                 *string             `json:"service,omitempty"`
		Severity                *string             `json:"severity,omitempty"`
		Vantages                []string            `json:"vantages,omitempty"`
		MinFailing              *int                `json:"min_failing,omitempty"`
		Enabled                 *bool               `json:"enabled,omitempty"`
	}
}

// ProbePath names a probe in the path.
type ProbePath struct {
	Name string `path:"name" maxLength:"63"`
}

type probeOut struct {
	Location string `header:"Location"`
	Body     watch.Probe
}

type probesIn struct {
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500"`
}

type probesOut struct {
	Body struct {
		Probes     []watch.Probe `json:"probes"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

type probeResultsIn struct {
	ProbePath
	Limit int       `query:"limit" minimum:"0" maximum:"500" doc:"Most recent raw results to show; default 100"`
	Since time.Time `query:"since" doc:"Start of the hourly rollups; default 7 days ago"`
}

type probeResultsOut struct {
	Body watch.ProbeHistory
}

func (f probeFields) probe() watch.Probe {
	p := watch.Probe{Name: f.Name, Kind: watch.Kind(f.Kind), Target: f.Target, HTTP: f.HTTP, DNS: f.DNS, TLS: f.TLS,
		IntervalSeconds: f.IntervalSeconds, TimeoutSeconds: f.TimeoutSeconds, FailuresBeforeAlert: f.FailuresBeforeAlert,
		SuccessesBeforeRecovery: f.SuccessesBeforeRecovery, Service: f.Service, Severity: f.Severity, Vantages: f.Vantages,
		MinFailing: f.MinFailing, Enabled: f.Enabled == nil || *f.Enabled}
	return p
}

func (s *Server) probeRoutes() {
	tags := []string{"probes"}
	register(s, auth.Admin, huma.Operation{OperationID: "create-probe", Method: http.MethodPost, Path: probesPath,
		Summary: "Add a probe (http, tcp, dns or tls) that runs every interval from its vantage points", Tags: tags},
		func(ctx context.Context, actor auth.Principal, in *createProbeIn) (*probeOut, error) {
			p, err := s.deps.Probes.Create(ctx, actor, in.Body.probe())
			if err != nil {
				return nil, err
			}
			return &probeOut{Location: probesPath + "/" + p.Name, Body: p}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-probes", Method: http.MethodGet, Path: probesPath,
		Summary: "List probes by name, with their state", Tags: tags, Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, _ auth.Principal, in *probesIn) (*probesOut, error) {
			ps, next, err := s.deps.Probes.List(ctx, in.Cursor, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &probesOut{}
			out.Body.Probes, out.Body.NextCursor = ps, next
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-probe", Method: http.MethodGet, Path: probesPath + "/{name}",
		Summary: "Read a probe", Tags: tags},
		func(ctx context.Context, _ auth.Principal, in *ProbePath) (*probeOut, error) {
			p, err := s.deps.Probes.Get(ctx, in.Name)
			return &probeOut{Body: p}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "change-probe", Method: http.MethodPatch, Path: probesPath + "/{name}",
		Summary: "Change some of a probe's settings", Tags: tags},
		func(ctx context.Context, actor auth.Principal, in *probePatchIn) (*probeOut, error) {
			b := in.Body
			pt := watch.ProbePatch{Target: b.Target, HTTP: b.HTTP, DNS: b.DNS, TLS: b.TLS, IntervalSeconds: b.IntervalSeconds,
				TimeoutSeconds: b.TimeoutSeconds, FailuresBeforeAlert: b.FailuresBeforeAlert, SuccessesBeforeRecovery: b.SuccessesBeforeRecovery,
				Service: b.Service, Severity: b.Severity, Vantages: b.Vantages, MinFailing: b.MinFailing, Enabled: b.Enabled}
			if b.Kind != nil {
				k := watch.Kind(*b.Kind)
				pt.Kind = &k
			}
			p, err := s.deps.Probes.Update(ctx, actor, in.Name, pt)
			return &probeOut{Body: p}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-probe", Method: http.MethodDelete, Path: probesPath + "/{name}",
		Summary: "Remove a probe and its results", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, actor auth.Principal, in *ProbePath) (*struct{}, error) {
			return nil, s.deps.Probes.Delete(ctx, actor, in.Name)
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-probe-results", Method: http.MethodGet, Path: probesPath + "/{name}/results",
		Summary: "A probe's uptime (24h, 7d, 30d), latency, recent results and hourly rollups", Tags: tags,
		Metadata: map[string]any{"query": []string{"limit", "since"}}},
		func(ctx context.Context, _ auth.Principal, in *probeResultsIn) (*probeResultsOut, error) {
			h, err := s.deps.Probes.History(ctx, in.Name, in.Limit, in.Since)
			return &probeResultsOut{Body: h}, err
		})
	s.agentRoutes()
}
