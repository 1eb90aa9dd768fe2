package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/oncall"
	"sitrep/internal/problem"
)

type oncallIn struct {
	SchedulePath
	At string `query:"at" doc:"RFC 3339 instant, such as 2026-03-23T09:00:00+01:00; now when empty"`
}

type oncallOut struct {
	Body struct {
		Schedule string    `json:"schedule"`
		At       time.Time `json:"at"`
		Users    []string  `json:"users" doc:"Handles on call: the rotation's person first, then people added by overrides"`
	}
}

type shiftsIn struct {
	SchedulePath
	From string `query:"from" doc:"RFC 3339 instant; now when empty"`
	To   string `query:"to" doc:"RFC 3339 instant; a week after from when empty; at most a year and a day after from"`
	User string `query:"user" doc:"Only the stretches when this handle is on call"`
}

type shiftsOut struct {
	Body struct {
		Schedule string         `json:"schedule"`
		From     time.Time      `json:"from"`
		To       time.Time      `json:"to"`
		Shifts   []oncall.Shift `json:"shifts"`
	}
}

type everywhereIn struct {
	At     string `query:"at" doc:"RFC 3339 instant; now when empty"`
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type everywhereOut struct {
	Body struct {
		At         time.Time     `json:"at"`
		Schedules  []oncall.Rota `json:"schedules"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

func (s *Server) oncallRoutes() {
	tags := []string{"schedules"}
	register(s, auth.Viewer, huma.Operation{OperationID: "get-oncall", Method: http.MethodGet, Path: "/api/v1/schedules/{name}/oncall",
		Summary: "Who is on call for a schedule at an instant", Tags: tags, Metadata: map[string]any{"query": []string{"at"}}},
		func(ctx context.Context, p auth.Principal, in *oncallIn) (*oncallOut, error) {
			at, err := parseInstant("at", in.At, s.deps.Clock.Now())
			if err != nil {
				return nil, err
			}
			users, err := s.deps.Schedules.OnCall(ctx, in.Name, at)
			out := &oncallOut{}
			out.Body.Schedule, out.Body.At, out.Body.Users = in.Name, at, users
			return out, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-shifts", Method: http.MethodGet, Path: "/api/v1/schedules/{name}/shifts",
		Summary: "Who is on call over a range, as shifts without gaps", Tags: tags, Metadata: map[string]any{"query": []string{"from", "to", "user"}}},
		func(ctx context.Context, p auth.Principal, in *shiftsIn) (*shiftsOut, error) {
			from, err := parseInstant("from", in.From, s.deps.Clock.Now())
			if err != nil {
				return nil, err
			}
			to, err := parseInstant("to", in.To, from.Add(7*24*time.Hour))
			if err != nil {
				return nil, err
			}
			shifts, err := s.deps.Schedules.Shifts(ctx, in.Name, from, to)
			if err != nil {
				return nil, err
			}
			if in.User != "" {
				shifts = append([]oncall.Shift{}, oncall.ForUser(shifts, in.User)...)
			}
			if limit := from.Add(oncall.MaxSpan); to.After(limit) {
				to = limit
			}
			out := &shiftsOut{}
			out.Body.Schedule, out.Body.From, out.Body.To, out.Body.Shifts = in.Name, from, to, shifts
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-oncall", Method: http.MethodGet, Path: "/api/v1/oncall",
		Summary: "Who is on call for every schedule at an instant", Tags: tags, Metadata: map[string]any{"query": []string{"at", "cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *everywhereIn) (*everywhereOut, error) {
			at, err := parseInstant("at", in.At, s.deps.Clock.Now())
			if err != nil {
				return nil, err
			}
			rotas, next, err := s.deps.Schedules.OnCallAll(ctx, at, in.Cursor, in.Limit)
			out := &everywhereOut{}
			out.Body.At, out.Body.Schedules, out.Body.NextCursor = at, rotas, next
			return out, err
		})
}

// parseInstant reads an RFC 3339 query value; empty means def. The instant
// comes back in UTC, as the API writes every time.
func parseInstant(field, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def.UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, problem.Invalidf(field, "%q is not a time; use RFC 3339, such as 2026-03-23T09:00:00Z or 2026-03-23T10:00:00+01:00 (a '+' in a URL is written %%2B)", v)
	}
	return t.UTC(), nil
}
