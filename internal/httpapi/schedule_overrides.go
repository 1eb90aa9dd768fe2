package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/oncall"
)

type addOverrideIn struct {
	SchedulePath
	Body struct {
		User     string    `json:"user,omitempty" required:"false" doc:"Who goes on call; yourself when empty" example:"sam"`
		Replaces string    `json:"replaces,omitempty" required:"false" doc:"Whose shift they take; empty adds them on call alongside" example:"laura"`
		Start    time.Time `json:"start,omitzero" required:"false" doc:"When it begins; now when empty"`
		End      time.Time `json:"end,omitzero" required:"false" doc:"When it ends (required)"`
	}
}

type overrideOut struct {
	Location string `header:"Location"`
	Body     oncall.StoredOverride
}

type overridePath struct {
	SchedulePath
	ID int64 `path:"id" minimum:"1" doc:"Override id, as listed by GET /api/v1/schedules/{name}"`
}

func (s *Server) overrideRoutes() {
	tags := []string{"schedules"}
	register(s, auth.Responder, huma.Operation{OperationID: "add-override", Method: http.MethodPost, Path: "/api/v1/schedules/{name}/overrides",
		Summary: "Change who is on call for a while (\"take my shift now\")", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *addOverrideIn) (*overrideOut, error) {
			b := in.Body
			o, err := s.deps.Schedules.AddOverride(ctx, p, in.Name, oncall.NewOverride{User: b.User, Replaces: b.Replaces, Start: b.Start, End: b.End})
			if err != nil {
				return nil, err
			}
			return &overrideOut{Location: "/api/v1/schedules/" + in.Name + "/overrides/" + strconv.FormatInt(o.ID, 10), Body: o}, nil
		})
	register(s, auth.Responder, huma.Operation{OperationID: "remove-override", Method: http.MethodDelete, Path: "/api/v1/schedules/{name}/overrides/{id}",
		Summary: "Remove an override", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *overridePath) (*struct{}, error) {
			return nil, s.deps.Schedules.RemoveOverride(ctx, p, in.Name, in.ID)
		})
}
