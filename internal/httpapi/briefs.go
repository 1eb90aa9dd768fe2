package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/brief"
)

type briefIn struct {
	NumberPath
	Audience string `path:"audience" doc:"support, executives or public"`
	Cursor   string `query:"cursor"`
	Limit    int    `query:"limit" minimum:"0" maximum:"100"`
}

type briefOut struct {
	Body brief.Brief
}

type briefLinkIn struct {
	NumberPath
	Body struct {
		Audience  string `json:"audience" enum:"support,executives,public" doc:"Whose brief the link opens"`
		ExpiresIn string `json:"expires_in,omitempty" required:"false" doc:"How long the link works: 7d (default), 36h, 90m; at most 30d"`
	}
}

type briefLinkOut struct {
	Body brief.BriefLink
}

type briefLinksOut struct {
	Body struct {
		Links []brief.BriefLink `json:"links"`
	}
}

type briefLinkPath struct {
	NumberPath
	ID int64 `path:"id" minimum:"1" doc:"Brief link id"`
}

func (s *Server) briefRoutes() {
	briefs := brief.NewService(s.deps.DB, s.deps.Incidents.Log(), s.clock(), s.deps.Incidents)
	register(s, auth.Viewer, huma.Operation{OperationID: "get-brief", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/briefs/{audience}",
		Summary: "Read an audience's brief: headline facts and only the updates addressed to it, newest first", Tags: []string{"briefs"},
		Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *briefIn) (*briefOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			b, err := briefs.Get(ctx, in.Number, in.Audience, before, in.Limit)
			return &briefOut{Body: b}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "create-brief-link", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/brief-links",
		Summary: "Hand out a read-only link to a brief (commander, communications lead or admin); the token is shown once", Tags: []string{"briefs"}},
		func(ctx context.Context, p auth.Principal, in *briefLinkIn) (*briefLinkOut, error) {
			ttl, err := brief.ParseExpiry(in.Body.ExpiresIn)
			if err != nil {
				return nil, err
			}
			l, err := briefs.CreateLink(ctx, p, in.Number, in.Body.Audience, ttl)
			return &briefLinkOut{Body: l}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "list-brief-links", Method: http.MethodGet, Path: "/api/v1/incidents/{number}/brief-links",
		Summary: "List the brief links of an incident (without their tokens)", Tags: []string{"briefs"}},
		func(ctx context.Context, p auth.Principal, in *NumberPath) (*briefLinksOut, error) {
			ls, err := briefs.Links(ctx, in.Number)
			out := &briefLinksOut{}
			out.Body.Links = ls
			return out, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "revoke-brief-link", Method: http.MethodDelete, Path: "/api/v1/incidents/{number}/brief-links/{id}",
		Summary: "Revoke a brief link at once", Tags: []string{"briefs"}, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *briefLinkPath) (*struct{}, error) {
			_, err := briefs.RevokeLink(ctx, p, in.Number, in.ID)
			return nil, err
		})
}
