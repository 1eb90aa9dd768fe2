package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/page"
)

type broadcastIn struct {
	NumberPath
	Body struct {
		To   string `json:"to" enum:"leads,responders,commanders" doc:"Every workstream lead, every responder, or every commander of the incident family"`
		Body string `json:"body"`
	}
}

type severityPoliciesOut struct {
	Body struct {
		Policies []page.SeverityPolicy `json:"policies"`
	}
}

type setSeverityPolicyIn struct {
	Severity string `path:"severity" doc:"SEV-1 to SEV-5"`
	Body     struct {
		Targets []page.Target `json:"targets"`
	}
}

type severityPolicyOut struct {
	Body page.SeverityPolicy
}

func (s *Server) broadcastRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "broadcast", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/broadcast",
		Summary: "Tell every lead, responder or commander of an incident at once", Tags: []string{"paging"}},
		func(ctx context.Context, p auth.Principal, in *broadcastIn) (*pageOut, error) {
			pg, err := s.deps.Pages.Broadcast(ctx, p, in.Number, in.Body.To, in.Body.Body)
			return &pageOut{Body: pg}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-severity-policies", Method: http.MethodGet, Path: "/api/v1/severity-policies",
		Summary: "Whom each severity pages on declare and escalation", Tags: []string{"paging"}},
		func(ctx context.Context, p auth.Principal, in *struct{}) (*severityPoliciesOut, error) {
			ps, err := s.deps.Pages.SeverityPolicies(ctx)
			out := &severityPoliciesOut{}
			out.Body.Policies = ps
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "set-severity-policy", Method: http.MethodPut, Path: "/api/v1/severity-policies/{severity}",
		Summary: "Set whom a severity pages", Tags: []string{"paging"}},
		func(ctx context.Context, p auth.Principal, in *setSeverityPolicyIn) (*severityPolicyOut, error) {
			sp, err := s.deps.Pages.SetSeverityPolicy(ctx, p, page.SeverityPolicy{Severity: in.Severity, Targets: in.Body.Targets})
			return &severityPolicyOut{Body: sp}, err
		})
}
