package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
)

type listGroupsIn struct {
	Status string `query:"status" doc:"open or resolved"`
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type groupsOut struct {
	Body struct {
		Groups     []alert.Group `json:"groups"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

type groupPath struct {
	ID int64 `path:"id" minimum:"1"`
}

type groupOut struct {
	Body alert.Group
}

func (s *Server) alertGroupRoutes() {
	register(s, auth.Viewer, huma.Operation{OperationID: "list-alert-groups", Method: http.MethodGet, Path: "/api/v1/alert-groups",
		Summary: "List alert groups, newest first; a storm group has storm=true", Tags: []string{"alerts"},
		Metadata: map[string]any{"query": []string{"status", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *listGroupsIn) (*groupsOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			gs, next, err := s.deps.Alerts.Groups(ctx, alert.Filter{Status: in.Status, Before: before, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &groupsOut{}
			out.Body.Groups, out.Body.NextCursor = gs, formatCursor(next)
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-alert-group", Method: http.MethodGet, Path: "/api/v1/alert-groups/{id}",
		Summary: "Read an alert group with its most recent alerts", Tags: []string{"alerts"}},
		func(ctx context.Context, p auth.Principal, in *groupPath) (*groupOut, error) {
			g, err := s.deps.Alerts.Group(ctx, in.ID)
			return &groupOut{Body: g}, err
		})
}
