package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

type assignIn struct {
	NumberPath
	Role string `path:"role" doc:"commander, comms-lead, scribe, roving-troubleshooter or a configured role"`
	Body struct {
		User string `json:"user" doc:"Handle of the new holder; must be a responder of the incident"`
	}
}

type roleHolderOut struct {
	Body incident.RoleHolder
}

type releaseIn struct {
	NumberPath
	Role string `path:"role"`
}

type roleHistoryOut struct {
	Body struct {
		Roles []incident.RoleHolder `json:"roles"`
	}
}

type rolesOut struct {
	Body struct {
		Roles []incident.Role `json:"roles"`
	}
}

type createRoleIn struct {
	Body incident.Role
}

type roleOut struct {
	Body incident.Role
}

func (s *Server) roleRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "assign-role", Method: http.MethodPut, Path: "/api/v1/incidents/{number}/roles/{role}",
		Summary: "Hand a role to a responder", Description: "The previous holder's tenure ends; only the commander or an admin hands over command.",
		Tags: []string{"roles"}},
		func(ctx context.Context, p auth.Principal, in *assignIn) (*roleHolderOut, error) {
			h, err := s.deps.Incidents.AssignRole(ctx, p, in.Number, in.Role, in.Body.User)
			return &roleHolderOut{Body: h}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "release-role", Method: http.MethodDelete, Path: "/api/v1/incidents/{number}/roles/{role}",
		Summary: "Leave a role without a holder", Tags: []string{"roles"}, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *releaseIn) (*struct{}, error) {
			return nil, s.deps.Incidents.ReleaseRole(ctx, p, in.Number, in.Role)
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "role-history", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/roles",
		Summary: "Every tenure of every role: who held what, from when to when", Tags: []string{"roles"}},
		func(ctx context.Context, p auth.Principal, in *NumberPath) (*roleHistoryOut, error) {
			hs, err := s.deps.Incidents.RoleHistory(ctx, in.Number)
			out := &roleHistoryOut{}
			out.Body.Roles = hs
			return out, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-roles", Method: http.MethodGet, Path: "/api/v1/roles",
		Summary: "The configured roles", Tags: []string{"roles"}},
		func(ctx context.Context, p auth.Principal, in *struct{}) (*rolesOut, error) {
			rs, err := s.deps.Incidents.Roles(ctx)
			out := &rolesOut{}
			out.Body.Roles = rs
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "create-role", Method: http.MethodPost, Path: "/api/v1/roles",
		Summary: "Configure an additional role", Tags: []string{"roles"}},
		func(ctx context.Context, p auth.Principal, in *createRoleIn) (*roleOut, error) {
			r, err := s.deps.Incidents.CreateRole(ctx, p, in.Body)
			return &roleOut{Body: r}, err
		})
}
