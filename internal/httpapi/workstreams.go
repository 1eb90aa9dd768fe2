package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

type WorkstreamPath struct {
	NumberPath
	ID int64 `path:"id" minimum:"1" doc:"Workstream id"`
}

type addWorkstreamIn struct {
	NumberPath
	Body struct {
		Name     string `json:"name" example:"eu1-compute"`
		Lead     string `json:"lead,omitempty" required:"false" doc:"Handle of the lead; must be a responder"`
		Priority int    `json:"priority,omitempty" required:"false" doc:"1 (highest) to 5; default 3"`
		Status   string `json:"status,omitempty" required:"false" doc:"active, blocked or done; default active"`
	}
}

type changeWorkstreamIn struct {
	WorkstreamPath
	Body struct {
		Name     *string `json:"name,omitempty"`
		Lead     *string `json:"lead,omitempty" doc:"Empty removes the lead"`
		Priority *int    `json:"priority,omitempty"`
		Status   *string `json:"status,omitempty"`
	}
}

type workstreamOut struct {
	Body incident.Workstream
}

type workstreamsOut struct {
	Body struct {
		Workstreams []incident.Workstream `json:"workstreams"`
	}
}

type workstreamUpdateIn struct {
	WorkstreamPath
	Body struct {
		Body   string `json:"body"`
		Status string `json:"status,omitempty" required:"false" doc:"Optionally set the workstream status with the update"`
	}
}

func (s *Server) workstreamRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "add-workstream", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/workstreams",
		Summary: "Open a workstream", Tags: []string{"workstreams"}},
		func(ctx context.Context, p auth.Principal, in *addWorkstreamIn) (*workstreamOut, error) {
			b := in.Body
			c := incident.WorkstreamChange{Name: &b.Name, Lead: &b.Lead}
			if b.Priority != 0 {
				c.Priority = &b.Priority
			}
			if b.Status != "" {
				c.Status = &b.Status
			}
			w, err := s.deps.Incidents.AddWorkstream(ctx, p, in.Number, c)
			return &workstreamOut{Body: w}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-workstreams", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/workstreams",
		Summary: "List workstreams, highest priority first", Tags: []string{"workstreams"}},
		func(ctx context.Context, p auth.Principal, in *NumberPath) (*workstreamsOut, error) {
			if _, err := s.deps.Incidents.Get(ctx, in.Number); err != nil {
				return nil, err
			}
			ws, err := s.deps.Incidents.Workstreams(ctx, in.Number)
			out := &workstreamsOut{}
			out.Body.Workstreams = ws
			return out, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "change-workstream", Method: http.MethodPatch, Path: "/api/v1/incidents/{number}/workstreams/{id}",
		Summary: "Rename, re-lead, reprioritize or change the status of a workstream", Tags: []string{"workstreams"}},
		func(ctx context.Context, p auth.Principal, in *changeWorkstreamIn) (*workstreamOut, error) {
			b := in.Body
			w, err := s.deps.Incidents.UpdateWorkstream(ctx, p, in.Number, in.ID,
				incident.WorkstreamChange{Name: b.Name, Lead: b.Lead, Priority: b.Priority, Status: b.Status})
			return &workstreamOut{Body: w}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "post-workstream-update", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/workstreams/{id}/updates",
		Summary: "Post a workstream's latest state", Tags: []string{"workstreams"}},
		func(ctx context.Context, p auth.Principal, in *workstreamUpdateIn) (*updateOut, error) {
			u, err := s.deps.Incidents.PostWorkstreamUpdate(ctx, p, in.Number, in.ID, in.Body.Body, in.Body.Status)
			return &updateOut{Body: u}, err
		})
}
