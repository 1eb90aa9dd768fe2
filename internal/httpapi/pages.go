package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/page"
)

type triggerIn struct {
	Body struct {
		Summary  string        `json:"summary" example:"eu1 control planes unreachable"`
		Details  string        `json:"details,omitempty" required:"false"`
		Incident int64         `json:"incident,omitempty" required:"false" minimum:"0"`
		Severity string        `json:"severity,omitempty" required:"false"`
		Policy   string        `json:"policy,omitempty" required:"false" doc:"Escalation policy to run; or give targets"`
		Targets  []page.Target `json:"targets,omitempty" required:"false" doc:"Reached in one step when no policy is named"`
	}
}

type pageOut struct {
	Location string `header:"Location"`
	Body     page.Page
}

type pagePath struct {
	ID int64 `path:"id" minimum:"1"`
}

type listPagesIn struct {
	Status   string `query:"status" doc:"triggered, acknowledged or resolved"`
	Incident int64  `query:"incident" minimum:"0"`
	Cursor   string `query:"cursor"`
	Limit    int    `query:"limit" minimum:"0" maximum:"200"`
}

type pagesOut struct {
	Body struct {
		Pages      []page.Page `json:"pages"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}
}

type deliveriesIn struct {
	Page   int64  `query:"page" minimum:"0"`
	Status string `query:"status" doc:"pending, sent, failed or canceled"`
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500"`
}

type deliveriesOut struct {
	Body struct {
		Deliveries []page.Delivery `json:"deliveries"`
		NextCursor string          `json:"next_cursor,omitempty"`
	}
}

func (s *Server) pageRoutes() {
	register(s, auth.Responder, huma.Operation{OperationID: "trigger-page", Method: http.MethodPost, Path: "/api/v1/pages",
		Summary: "Page people: through an escalation policy, or straight to targets", Tags: []string{"paging"}},
		func(ctx context.Context, p auth.Principal, in *triggerIn) (*pageOut, error) {
			b := in.Body
			pg, err := s.deps.Pages.Trigger(ctx, p, page.Request{Summary: b.Summary, Details: b.Details, Incident: b.Incident,
				Severity: b.Severity, Policy: b.Policy, Targets: b.Targets})
			if err != nil {
				return nil, err
			}
			return &pageOut{Location: "/api/v1/pages/" + strconv.FormatInt(pg.ID, 10), Body: pg}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-pages", Method: http.MethodGet, Path: "/api/v1/pages",
		Summary: "List pages, newest first", Tags: []string{"paging"}, Metadata: map[string]any{"query": []string{"status", "incident", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *listPagesIn) (*pagesOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			ps, next, err := s.deps.Pages.List(ctx, page.Filter{Status: in.Status, Incident: in.Incident, Before: before, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &pagesOut{}
			out.Body.Pages, out.Body.NextCursor = ps, formatCursor(next)
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-page", Method: http.MethodGet, Path: "/api/v1/pages/{id}",
		Summary: "Read a page", Tags: []string{"paging"}},
		func(ctx context.Context, p auth.Principal, in *pagePath) (*pageOut, error) {
			pg, err := s.deps.Pages.Get(ctx, in.ID)
			return &pageOut{Body: pg}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "ack-page", Method: http.MethodPost, Path: "/api/v1/pages/{id}/ack",
		Summary: "Acknowledge a page: escalation stops", Tags: []string{"paging"}, DefaultStatus: http.StatusOK},
		func(ctx context.Context, p auth.Principal, in *pagePath) (*pageOut, error) {
			pg, err := s.deps.Pages.Ack(ctx, p, in.ID)
			return &pageOut{Body: pg}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "resolve-page", Method: http.MethodPost, Path: "/api/v1/pages/{id}/resolve",
		Summary: "Resolve a page", Tags: []string{"paging"}, DefaultStatus: http.StatusOK},
		func(ctx context.Context, p auth.Principal, in *pagePath) (*pageOut, error) {
			pg, err := s.deps.Pages.Resolve(ctx, p, in.ID)
			return &pageOut{Body: pg}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-deliveries", Method: http.MethodGet, Path: "/api/v1/deliveries",
		Summary: "Notifications and their state; status=failed shows what did not reach people, with the last error", Tags: []string{"paging"},
		Metadata: map[string]any{"query": []string{"page", "status", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *deliveriesIn) (*deliveriesOut, error) {
			before, err := parseCursor("cursor", in.Cursor)
			if err != nil {
				return nil, err
			}
			ds, next, err := s.deps.Pages.Deliveries(ctx, in.Page, in.Status, before, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &deliveriesOut{}
			out.Body.Deliveries, out.Body.NextCursor = ds, formatCursor(next)
			return out, nil
		})
}
