package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/oncall"
)

// SchedulePath names a schedule in the path.
type SchedulePath struct {
	Name string `path:"name" doc:"Schedule name, such as major-incident" example:"major-incident"`
}

// scheduleFields is what a schedule is made of, in a create or replace body.
// Everything is optional to huma so that the domain, which knows the rules,
// names what is missing or wrong: a body with only a bad zone is refused for
// its zone, not for its missing layers.
type scheduleFields struct {
	Description string         `json:"description,omitempty" required:"false" doc:"Who the rotation is for and how to reach them"`
	TimeZone    string         `json:"time_zone,omitempty" required:"false" doc:"IANA zone that hand-off times are read in" example:"Europe/Berlin"`
	Layers      []oncall.Layer `json:"layers,omitempty" required:"false" doc:"Rotation layers, bottom up: a later layer's person replaces an earlier one's"`
}

func (f scheduleFields) spec(name string) oncall.Spec {
	return oncall.Spec{Name: name, Description: f.Description, TimeZone: f.TimeZone, Layers: f.Layers}
}

type createScheduleIn struct {
	Body struct {
		Name        string         `json:"name" doc:"Lowercase letters, digits, '.', '_' or '-'" example:"major-incident"`
		Description string         `json:"description,omitempty" required:"false" doc:"Who the rotation is for and how to reach them"`
		TimeZone    string         `json:"time_zone,omitempty" required:"false" doc:"IANA zone that hand-off times are read in" example:"Europe/Berlin"`
		Layers      []oncall.Layer `json:"layers,omitempty" required:"false" doc:"Rotation layers, bottom up: a later layer's person replaces an earlier one's"`
	}
}

type replaceScheduleIn struct {
	SchedulePath
	Body scheduleFields
}

type scheduleOut struct {
	Location string `header:"Location"`
	Body     oncall.Definition
}

type schedulesIn struct {
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
}

type schedulesOut struct {
	Body struct {
		Schedules  []oncall.Definition `json:"schedules"`
		NextCursor string              `json:"next_cursor,omitempty"`
	}
}

func (s *Server) schedulesRoutes() {
	tags := []string{"schedules"}
	register(s, auth.Admin, huma.Operation{OperationID: "create-schedule", Method: http.MethodPost, Path: "/api/v1/schedules",
		Summary: "Create an on-call schedule", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *createScheduleIn) (*scheduleOut, error) {
			b := in.Body
			d, err := s.deps.Schedules.CreateSchedule(ctx, p, scheduleFields{Description: b.Description, TimeZone: b.TimeZone, Layers: b.Layers}.spec(b.Name))
			if err != nil {
				return nil, err
			}
			return &scheduleOut{Location: "/api/v1/schedules/" + d.Name, Body: d}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-schedules", Method: http.MethodGet, Path: "/api/v1/schedules",
		Summary: "List schedules by name, without their overrides", Tags: tags, Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *schedulesIn) (*schedulesOut, error) {
			defs, next, err := s.deps.Schedules.ListSchedules(ctx, in.Cursor, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &schedulesOut{}
			out.Body.Schedules, out.Body.NextCursor = defs, next
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-schedule", Method: http.MethodGet, Path: "/api/v1/schedules/{name}",
		Summary: "Read a schedule with its current and upcoming overrides", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *SchedulePath) (*scheduleOut, error) {
			d, err := s.deps.Schedules.GetSchedule(ctx, in.Name)
			return &scheduleOut{Body: d}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "replace-schedule", Method: http.MethodPut, Path: "/api/v1/schedules/{name}",
		Summary: "Replace a schedule's description, time zone and layers; overrides stay", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *replaceScheduleIn) (*scheduleOut, error) {
			d, err := s.deps.Schedules.UpdateSchedule(ctx, p, in.Name, in.Body.spec(in.Name))
			return &scheduleOut{Body: d}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-schedule", Method: http.MethodDelete, Path: "/api/v1/schedules/{name}",
		Summary: "Delete a schedule that no escalation policy pages", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *SchedulePath) (*struct{}, error) {
			return nil, s.deps.Schedules.DeleteSchedule(ctx, p, in.Name)
		})
	s.overrideRoutes()
	s.oncallRoutes()
	s.icalRoutes()
}
