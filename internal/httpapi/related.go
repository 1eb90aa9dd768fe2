package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
)

type splitIn struct {
	NumberPath
	Body struct {
		Title       string   `json:"title" example:"EU1: compute control planes"`
		Severity    string   `json:"severity,omitempty" required:"false" doc:"Defaults to the parent's severity"`
		Summary     string   `json:"summary,omitempty" required:"false"`
		Commander   string   `json:"commander,omitempty" required:"false" doc:"Handle of the child's commander"`
		Tags        []string `json:"tags,omitempty" required:"false" doc:"Added to the parent's tags"`
		Workstreams []int64  `json:"workstreams,omitempty" required:"false" doc:"Ids of the parent's workstreams to move"`
	}
}

type linkIn struct {
	NumberPath
	Body struct {
		Number int64  `json:"number" minimum:"1" doc:"The other incident"`
		Kind   string `json:"kind" enum:"related,duplicate" doc:"duplicate merges this incident into the other"`
	}
}

type linkOut struct {
	Body incident.Link
}

func (s *Server) relatedRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "split-incident", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/split",
		Summary: "Split a child incident off this one", Description: "The child gets its own commander; the chosen workstreams move with their channels.",
		Tags: []string{"related incidents"}},
		func(ctx context.Context, p auth.Principal, in *splitIn) (*incidentOut, error) {
			b := in.Body
			inc, err := s.deps.Incidents.Split(ctx, p, in.Number, incident.Split{Title: b.Title, Summary: b.Summary, Severity: incident.Severity(b.Severity),
				Commander: b.Commander, Tags: b.Tags, Workstreams: b.Workstreams})
			if err != nil {
				return nil, err
			}
			return &incidentOut{Location: "/api/v1/incidents/" + strconv.FormatInt(inc.Number, 10), Body: inc}, nil
		})
	register(s, auth.Responder, huma.Operation{OperationID: "link-incident", Method: http.MethodPost, Path: "/api/v1/incidents/{number}/links",
		Summary: "Link a related incident, or merge this one as a duplicate of another", Tags: []string{"related incidents"},
		// The domain calls the other incident "other"; here it is the body's number.
		Metadata: map[string]any{"fields": map[string]string{"other": "body.number"}}},
		func(ctx context.Context, p auth.Principal, in *linkIn) (*linkOut, error) {
			l, err := s.deps.Incidents.LinkIncidents(ctx, p, in.Number, in.Body.Number, in.Body.Kind)
			return &linkOut{Body: l}, err
		})
}
