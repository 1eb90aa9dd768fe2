package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

type joinIn struct {
	NumberPath
	Body struct {
		User string `json:"user,omitempty" required:"false" doc:"Handle of who joins; yourself when empty"`
	}
}

type responderOut struct {
	Body incident.Responder
}

type leaveIn struct {
	NumberPath
	User string `path:"user" doc:"Handle of who leaves, or @me for yourself"`
}

type respondersIn struct {
	NumberPath
	All    bool   `query:"all" doc:"Include past stints"`
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"1000"`
}

type respondersOut struct {
	Body struct {
		Responders []incident.Responder `json:"responders"`
		NextCursor string               `json:"next_cursor,omitempty"`
	}
}

func (s *Server) responderRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "join-incident", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/responders",
		Summary: "Join an incident, or add a responder", Tags: []string{"responders"}},
		func(ctx context.Context, p auth.Principal, in *joinIn) (*responderOut, error) {
			r, err := s.deps.Incidents.Join(ctx, p, in.Number, in.Body.User)
			return &responderOut{Body: r}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "leave-incident", Method: http.MethodDelete, Path: "/api/v1/incidents/{number}/responders/{user}",
		Summary: "Leave an incident; the responder's roles are released", Tags: []string{"responders"}, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *leaveIn) (*struct{}, error) {
			// "@me" cannot be a handle (handles start with a letter or digit),
			// so a token holder can leave without first looking up their handle.
			user := in.User
			if user == "@me" {
				user = p.Handle
			}
			return nil, s.deps.Incidents.Leave(ctx, p, in.Number, user)
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-responders", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/responders",
		Summary: "List responders in the order they joined", Tags: []string{"responders"},
		Metadata: map[string]any{"query": []string{"all", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *respondersIn) (*respondersOut, error) {
			after, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			rs, next, err := s.deps.Incidents.Responders(ctx, in.Number, in.All, after, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &respondersOut{}
			out.Body.Responders, out.Body.NextCursor = rs, formatCursor(next)
			return out, nil
		})
}
