package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

type postUpdateIn struct {
	NumberPath
	Body struct {
		Body     string `json:"body"`
		Audience string `json:"audience" enum:"responders,support,executives,public" doc:"Who the update is for"`
	}
}

type updateOut struct {
	Body incident.Update
}

type listUpdatesIn struct {
	NumberPath
	Audience   string `query:"audience"`
	Workstream int64  `query:"workstream" minimum:"0"`
	Cursor     string `query:"cursor"`
	Limit      int    `query:"limit" minimum:"0" maximum:"500"`
}

type updatesOut struct {
	Body struct {
		Updates    []incident.Update `json:"updates"`
		NextCursor string            `json:"next_cursor,omitempty"`
	}
}

func (s *Server) updateRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "post-update", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/updates",
		Summary: "Post a status update for an audience", Tags: []string{"updates"}},
		func(ctx context.Context, p auth.Principal, in *postUpdateIn) (*updateOut, error) {
			u, err := s.deps.Incidents.PostUpdate(ctx, p, in.Number, in.Body.Audience, in.Body.Body)
			return &updateOut{Body: u}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-updates", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/updates",
		Summary: "List updates oldest first, by audience or workstream", Tags: []string{"updates"},
		Metadata: map[string]any{"query": []string{"audience", "workstream", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *listUpdatesIn) (*updatesOut, error) {
			after, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			us, next, err := s.deps.Incidents.Updates(ctx, in.Number, incident.UpdateFilter{Audience: in.Audience, Workstream: in.Workstream, After: after, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &updatesOut{}
			out.Body.Updates, out.Body.NextCursor = us, formatCursor(next)
			return out, nil
		})
}
