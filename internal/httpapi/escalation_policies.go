package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/escalation"
)

type policyOut struct {
	Location string `header:"Location"`
	Body     escalationPolicy
}

type policiesIn struct {
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500"`
}

type policiesOut struct {
	Body struct {
		Policies   []escalationPolicy `json:"policies"`
		NextCursor string             `json:"next_cursor,omitempty"`
	}
}

const policiesPath = "/api/v1/escalation-policies"

func (s *Server) policiesRoutes() {
	tags := []string{"escalation policies"}
	register(s, auth.Admin, huma.Operation{OperationID: "create-escalation-policy", Method: http.MethodPost, Path: policiesPath,
		Summary: "Add an escalation policy", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *createPolicyIn) (*policyOut, error) {
			pol, err := s.deps.Policies.Create(ctx, p, in.Body.policy())
			if err != nil {
				return nil, err
			}
			return &policyOut{Location: policiesPath + "/" + pol.Name, Body: wirePolicy(pol)}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-escalation-policies", Method: http.MethodGet, Path: policiesPath,
		Summary: "List escalation policies by name", Tags: tags, Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *policiesIn) (*policiesOut, error) {
			ps, next, err := s.deps.Policies.List(ctx, in.Cursor, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &policiesOut{}
			out.Body.Policies, out.Body.NextCursor = wirePolicies(ps), next
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-escalation-policy", Method: http.MethodGet, Path: policiesPath + "/{name}",
		Summary: "Read an escalation policy", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *PolicyPath) (*policyOut, error) {
			pol, err := s.deps.Policies.Get(ctx, in.Name)
			return &policyOut{Body: wirePolicy(pol)}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "replace-escalation-policy", Method: http.MethodPut, Path: policiesPath + "/{name}",
		Summary: "Replace an escalation policy's description, repeat and steps", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *replacePolicyIn) (*policyOut, error) {
			b := in.Body
			pol, err := s.deps.Policies.Update(ctx, p, in.Name, escalation.Policy{Name: b.Name, Description: b.Description, Repeat: b.Repeat, Steps: domainSteps(b.Steps)})
			return &policyOut{Body: wirePolicy(pol)}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-escalation-policy", Method: http.MethodDelete, Path: policiesPath + "/{name}",
		Summary: "Delete an escalation policy no other policy hands on to", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *PolicyPath) (*struct{}, error) {
			return nil, s.deps.Policies.Delete(ctx, p, in.Name)
		})
}
