package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/statuspage"
)

// StatusMaintenancePath names one maintenance window.
type StatusMaintenancePath struct {
	ID int64 `path:"id" minimum:"1" doc:"Maintenance window id"`
}

type statusMaintenanceCreateIn struct {
	Body struct {
		Title      string    `json:"title" maxLength:"200" example:"Database upgrade in EU"`
		Body       string    `json:"body,omitempty" required:"false" maxLength:"5000" doc:"What customers should expect"`
		Components []int64   `json:"components,omitempty" required:"false" maxItems:"200" doc:"Ids of the components that show maintenance during the window"`
		StartsAt   time.Time `json:"starts_at"`
		EndsAt     time.Time `json:"ends_at"`
	}
}

type statusMaintenancePatchIn struct {
	StatusMaintenancePath
	Body struct {
		Title      *string    `json:"title,omitempty" maxLength:"200"`
		Body       *string    `json:"body,omitempty" maxLength:"5000"`
		Components *[]int64   `json:"components,omitempty" maxItems:"200"`
		StartsAt   *time.Time `json:"starts_at,omitempty"`
		EndsAt     *time.Time `json:"ends_at,omitempty"`
	}
}

type statusMaintenanceListIn struct {
	All bool `query:"all" doc:"Include cancelled windows"`
}

type statusMaintenanceOut struct{ Body statuspage.Maintenance }

type statusMaintenanceListOut struct {
	Body struct {
		Maintenance []statuspage.Maintenance `json:"maintenance"`
	}
}

func (s *Server) statusMaintenanceRoutes(tags []string) {
	register(s, auth.Viewer, huma.Operation{OperationID: "list-status-maintenance", Method: http.MethodGet, Path: "/api/v1/status/maintenance",
		Summary: "List maintenance windows that have not ended or ended within a week", Tags: tags, Metadata: map[string]any{"query": []string{"all"}}},
		func(ctx context.Context, _ auth.Principal, in *statusMaintenanceListIn) (*statusMaintenanceListOut, error) {
			ms, err := s.deps.Status.Maintenance(ctx, in.All)
			out := &statusMaintenanceListOut{}
			out.Body.Maintenance = ms
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "create-status-maintenance", Method: http.MethodPost, Path: "/api/v1/status/maintenance",
		Summary: "Schedule maintenance; subscribers hear of it now, when it starts and when it ends", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *statusMaintenanceCreateIn) (*statusMaintenanceOut, error) {
			b := in.Body
			m, err := s.deps.Status.CreateMaintenance(ctx, p, statuspage.MaintenanceChange{Title: &b.Title, Body: &b.Body, Components: &b.Components,
				StartsAt: &b.StartsAt, EndsAt: &b.EndsAt})
			return &statusMaintenanceOut{Body: m}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "change-status-maintenance", Method: http.MethodPatch, Path: "/api/v1/status/maintenance/{id}",
		Summary: "Change a maintenance window that has not ended", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *statusMaintenancePatchIn) (*statusMaintenanceOut, error) {
			b := in.Body
			m, err := s.deps.Status.UpdateMaintenance(ctx, p, in.ID, statuspage.MaintenanceChange{Title: b.Title, Body: b.Body, Components: b.Components,
				StartsAt: b.StartsAt, EndsAt: b.EndsAt})
			return &statusMaintenanceOut{Body: m}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "cancel-status-maintenance", Method: http.MethodDelete, Path: "/api/v1/status/maintenance/{id}",
		Summary: "Cancel a maintenance window; one in progress ends now", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *StatusMaintenancePath) (*struct{}, error) {
			return nil, s.deps.Status.CancelMaintenance(ctx, p, in.ID)
		})
}
