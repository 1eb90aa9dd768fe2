package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/watch"
)

// AgentPath names a remote vantage point in the path.
type AgentPath struct {
	Name string `path:"name" maxLength:"63"`
}

type agentProbesOut struct {
	Body struct {
		Probes []watch.Probe `json:"probes"`
	}
}

// agentResult is one check an agent reports.
type agentResult struct {
	Probe     string    `json:"probe" maxLength:"63"`
	At        time.Time `json:"at" doc:"When the check started"`
	OK        bool      `json:"ok"`
	LatencyMs float64   `json:"latency_ms,omitempty" required:"false" minimum:"0"`
	Error     string    `json:"error,omitempty" required:"false" maxLength:"2048"`
}

type agentResultsIn struct {
	AgentPath
	Body struct {
		Results []agentResult `json:"results" maxItems:"5000"`
	}
}

type agentResultsOut struct {
	Body struct {
		Stored int `json:"stored" doc:"Results kept; results for probes no longer assigned here are dropped"`
	}
}

func (s *Server) agentRoutes() {
	tags := []string{"probes"}
	register(s, auth.Responder, huma.Operation{OperationID: "list-agent-probes", Method: http.MethodGet, Path: "/api/v1/agents/{name}/probes",
		Summary: "The probes a remote vantage point (sitrep agent) runs", Tags: tags},
		func(ctx context.Context, _ auth.Principal, in *AgentPath) (*agentProbesOut, error) {
			ps, err := s.deps.Probes.ForVantage(ctx, in.Name)
			if err != nil {
				return nil, err
			}
			out := &agentProbesOut{}
			out.Body.Probes = ps
			return out, nil
		})
	register(s, auth.Responder, huma.Operation{OperationID: "report-agent-results", Method: http.MethodPost, Path: "/api/v1/agents/{name}/results",
		Summary: "Report a batch of check results from a remote vantage point", Tags: tags, DefaultStatus: http.StatusOK},
		func(ctx context.Context, _ auth.Principal, in *agentResultsIn) (*agentResultsOut, error) {
			rs := make([]watch.ProbeResult, len(in.Body.Results))
			for i, r := range in.Body.Results {
				rs[i] = watch.ProbeResult{Probe: r.Probe, Vantage: in.Name, At: r.At, OK: r.OK, LatencyMs: r.LatencyMs, Error: r.Error}
			}
			n, err := s.deps.Probes.Report(ctx, in.Name, rs)
			if err != nil {
				return nil, err
			}
			out := &agentResultsOut{}
			out.Body.Stored = n
			return out, nil
		})
}
