package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
)

type NumberPath struct {
	Number int64 `path:"number" minimum:"1" doc:"Incident number"`
}

type detailOut struct {
	Body incident.Detail
}

type incidentOut struct {
	Location string `header:"Location"`
	Body     incident.Incident
}

type declareIn struct {
	Body struct {
		Title      string    `json:"title" doc:"What is broken, in a few words" example:"Alerting down in all regions"`
		Severity   string    `json:"severity" enum:"SEV-1,SEV-2,SEV-3,SEV-4,SEV-5" doc:"SEV-1 is the worst"`
		Summary    string    `json:"summary,omitempty" required:"false"`
		Tags       []string  `json:"tags,omitempty" required:"false" doc:"Affected regions and services, such as region:eu1"`
		Commander  string    `json:"commander,omitempty" required:"false" doc:"Handle of the incident commander, joined at once"`
		StartedAt  time.Time `json:"started_at,omitzero" required:"false"`
		DetectedAt time.Time `json:"detected_at,omitzero" required:"false"`
	}
}

type listIn struct {
	Status   string `query:"status" doc:"open, investigating, identified, monitoring or resolved"`
	Severity string `query:"severity"`
	Tag      string `query:"tag"`
	Parent   int64  `query:"parent" minimum:"0"`
	Cursor   string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit    int    `query:"limit" minimum:"0" maximum:"200"`
}

type listOut struct {
	Body struct {
		Incidents  []incident.Incident `json:"incidents"`
		NextCursor string              `json:"next_cursor,omitempty"`
	}
}

type patchIn struct {
	NumberPath
	Body struct {
		Title    *string   `json:"title,omitempty"`
		Summary  *string   `json:"summary,omitempty"`
		Severity *string   `json:"severity,omitempty"`
		Status   *string   `json:"status,omitempty" doc:"investigating, identified, monitoring or resolved; a resolved incident reopens by moving to an open status"`
		Tags     *[]string `json:"tags,omitempty"`
	}
}

type milestoneIn struct {
	NumberPath
	Kind string `path:"kind" doc:"started, detected, declared, mitigated or resolved"`
	Body struct {
		At     time.Time `json:"at"`
		Reason string    `json:"reason" doc:"Why the time is corrected"`
	}
}

func (s *Server) incidentRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "declare-incident", Method: http.MethodPost, Path: "/api/v1/incidents",
		Summary: "Declare an incident", Tags: []string{"incidents"}},
		func(ctx context.Context, p auth.Principal, in *declareIn) (*incidentOut, error) {
			b := in.Body
			inc, err := s.deps.Incidents.Declare(ctx, p, incident.Declaration{Title: b.Title, Summary: b.Summary, Severity: incident.Severity(b.Severity),
				Tags: b.Tags, Commander: b.Commander, StartedAt: b.StartedAt, DetectedAt: b.DetectedAt})
			if err != nil {
				return nil, err
			}
			return &incidentOut{Location: "/api/v1/incidents/" + strconv.FormatInt(inc.Number, 10), Body: inc}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-incidents", Method: http.MethodGet, Path: "/api/v1/incidents",
		Summary: "List incidents, newest first", Tags: []string{"incidents"},
		Metadata: map[string]any{"query": []string{"status", "severity", "tag", "parent", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *listIn) (*listOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			incs, next, err := s.deps.Incidents.List(ctx, incident.Filter{Status: in.Status, Severity: incident.Severity(in.Severity),
				Tag: in.Tag, Parent: in.Parent, Before: before, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &listOut{}
			out.Body.Incidents, out.Body.NextCursor = incs, formatCursor(next)
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-incident", Method: http.MethodGet, Path: "/api/v1/incidents/{number}",
		Summary: "Read an incident with its roles, workstreams and links", Tags: []string{"incidents"}},
		func(ctx context.Context, p auth.Principal, in *NumberPath) (*detailOut, error) {
			d, err := s.deps.Incidents.Get(ctx, in.Number)
			return &detailOut{Body: d}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "update-incident", Method: http.MethodPatch, Path: "/api/v1/incidents/{number}",
		Summary: "Change title, summary, severity, status or tags", Tags: []string{"incidents"}},
		func(ctx context.Context, p auth.Principal, in *patchIn) (*incidentOut, error) {
			b := in.Body
			patch := incident.Patch{Title: b.Title, Summary: b.Summary, Tags: b.Tags}
			if b.Severity != nil {
				sev := incident.Severity(*b.Severity)
				patch.Severity = &sev
			}
			if b.Status != nil {
				st := incident.Status(*b.Status)
				patch.Status = &st
			}
			inc, err := s.deps.Incidents.Update(ctx, p, in.Number, patch)
			return &incidentOut{Body: inc}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "set-milestone", Method: http.MethodPut, Path: "/api/v1/incidents/{number}/milestones/{kind}",
		Summary: "Correct when a milestone happened, with a reason", Tags: []string{"incidents"}},
		func(ctx context.Context, p auth.Principal, in *milestoneIn) (*incidentOut, error) {
			inc, err := s.deps.Incidents.SetMilestone(ctx, p, in.Number, in.Kind, in.Body.At, in.Body.Reason)
			return &incidentOut{Body: inc}, err
		})
}

// parseCursor reads a numeric cursor; empty means the start.
func parseCursor(field, c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(c, 10, 64)
	if err != nil || n < 0 {
		return 0, problem.Invalidf(field, "%q is not a cursor; pass the next_cursor of the previous page, or nothing to start", c)
	}
	return n, nil
}

func formatCursor(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}
