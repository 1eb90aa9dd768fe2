package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/statuspage"
)

// StatusComponentPath names one status page component.
type StatusComponentPath struct {
	ID int64 `path:"id" minimum:"1" doc:"Component id"`
}

type statusComponentCreateIn struct {
	Body struct {
		Name        string `json:"name" maxLength:"100" example:"API"`
		Group       string `json:"group,omitempty" required:"false" maxLength:"100" example:"EU" doc:"Heading it is shown under, such as a region or product area"`
		Description string `json:"description,omitempty" required:"false" maxLength:"500"`
		Position    int64  `json:"position,omitempty" required:"false" doc:"Order within its group, lowest first"`
		Status      string `json:"status,omitempty" required:"false" enum:"operational,degraded,partial_outage,major_outage,maintenance" doc:"operational when empty"`
		Service     string `json:"service,omitempty" required:"false" maxLength:"100" doc:"Name of the catalog service it stands for"`
	}
}

type statusComponentPatchIn struct {
	StatusComponentPath
	Body struct {
		Name        *string `json:"name,omitempty" maxLength:"100"`
		Group       *string `json:"group,omitempty" maxLength:"100"`
		Description *string `json:"description,omitempty" maxLength:"500"`
		Position    *int64  `json:"position,omitempty"`
		Status      *string `json:"status,omitempty" enum:"operational,degraded,partial_outage,major_outage,maintenance"`
		Service     *string `json:"service,omitempty" maxLength:"100"`
		Incident    int64   `json:"incident,omitempty" required:"false" minimum:"0" doc:"Incident the status change is because of; it goes on that incident's timeline"`
	}
}

type statusIncidentComponentsIn struct {
	NumberPath
	Body struct {
		ComponentIDs []int64 `json:"component_ids" minItems:"1" maxItems:"200"`
		Status       string  `json:"status" enum:"operational,degraded,partial_outage,major_outage,maintenance"`
	}
}

type statusComponentOut struct{ Body statuspage.Component }

type statusComponentsOut struct {
	Body struct {
		Components []statuspage.Component `json:"components"`
	}
}

// statusRoutes serves the admin API of the public status page: components,
// maintenance windows and subscribers.
func (s *Server) statusRoutes() {
	tags := []string{"status page"}
	register(s, auth.Viewer, huma.Operation{OperationID: "list-status-components", Method: http.MethodGet, Path: "/api/v1/status/components",
		Summary: "List the status page's components", Tags: tags},
		func(ctx context.Context, _ auth.Principal, _ *struct{}) (*statusComponentsOut, error) {
			cs, err := s.deps.Status.Components(ctx)
			out := &statusComponentsOut{}
			out.Body.Components = cs
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "create-status-component", Method: http.MethodPost, Path: "/api/v1/status/components",
		Summary: "Add a component to the status page", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *statusComponentCreateIn) (*statusComponentOut, error) {
			b := in.Body
			c := statuspage.ComponentChange{Name: &b.Name, Group: &b.Group, Description: &b.Description, Position: &b.Position, Service: &b.Service}
			if b.Status != "" {
				c.Status = &b.Status
			}
			comp, err := s.deps.Status.CreateComponent(ctx, p, c)
			return &statusComponentOut{Body: comp}, err
		})
	register(s, auth.Responder, huma.Operation{OperationID: "change-status-component", Method: http.MethodPatch, Path: "/api/v1/status/components/{id}",
		Summary: "Change a component; a new status is kept in its history", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *statusComponentPatchIn) (*statusComponentOut, error) {
			b := in.Body
			if (b.Name != nil || b.Group != nil || b.Description != nil || b.Position != nil || b.Service != nil) && !p.Role.Allows(auth.Admin) {
				return nil, huma.Error403Forbidden("only admins change a component's name, group, description, position or service; responders change its status")
			}
			comp, err := s.deps.Status.UpdateComponent(ctx, p, in.ID, statuspage.ComponentChange{Name: b.Name, Group: b.Group, Description: b.Description,
				Position: b.Position, Status: b.Status, Service: b.Service, Incident: b.Incident})
			return &statusComponentOut{Body: comp}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-status-component", Method: http.MethodDelete, Path: "/api/v1/status/components/{id}",
		Summary: "Remove a component and its history", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *StatusComponentPath) (*struct{}, error) {
			return nil, s.deps.Status.DeleteComponent(ctx, p, in.ID)
		})
	register(s, auth.Responder, huma.Operation{OperationID: "set-incident-components", Method: http.MethodPut, Path: "/api/v1/incidents/{number}/components",
		Summary: "Put components in a status because of an incident; they are listed as affected and each change is on the timeline", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *statusIncidentComponentsIn) (*statusComponentsOut, error) {
			cs, err := s.deps.Status.SetIncidentComponents(ctx, p, in.Number, in.Body.ComponentIDs, in.Body.Status)
			out := &statusComponentsOut{}
			out.Body.Components = cs
			return out, err
		})
	s.statusMaintenanceRoutes(tags)
	s.statusSubscriberRoutes(tags)
}
