package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/catalog"
)

// catalogService is a service on the wire.
type catalogService = catalog.Service

type createServiceIn struct {
	Body struct {
		Name        string `json:"name" maxLength:"64" doc:"slug: lower-case letters, digits, - and _"`
		DisplayName string `json:"display_name,omitempty" maxLength:"200"`
		Tier        int    `json:"tier" minimum:"1" maximum:"4" doc:"1 is the most critical"`
		OwnerTeam   string `json:"owner_team,omitempty" maxLength:"200"`
		Policy      string `json:"escalation_policy" maxLength:"200"`
		Description string `json:"description,omitempty" maxLength:"4000"`
	}
}

type patchServiceIn struct {
	Name string `path:"name" maxLength:"64"`
	Body struct {
		DisplayName *string `json:"display_name,omitempty" maxLength:"200"`
		Tier        *int    `json:"tier,omitempty" minimum:"1" maximum:"4"`
		OwnerTeam   *string `json:"owner_team,omitempty" maxLength:"200"`
		Policy      *string `json:"escalation_policy,omitempty" maxLength:"200"`
		Description *string `json:"description,omitempty" maxLength:"4000"`
	}
}

type servicePath struct {
	Name string `path:"name" maxLength:"64"`
}

type serviceOut struct {
	Location string `header:"Location"`
	Body     catalogService
}

type servicesIn struct {
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500"`
}

type servicesOut struct {
	Body struct {
		Services   []catalogService `json:"services"`
		NextCursor string           `json:"next_cursor,omitempty"`
	}
}

const servicesPath = "/api/v1/services"

// catalogRoutes mounts services, alert routes, integrations and the
// Grafana intake.
func (s *Server) catalogRoutes() {
	s.servicesRoutes()
	s.alertRulesRoutes()
	s.integrationsRoutes()
	s.grafanaRoutes()
}

func (s *Server) servicesRoutes() {
	tags := []string{"services"}
	register(s, auth.Admin, huma.Operation{OperationID: "create-service", Method: http.MethodPost, Path: servicesPath,
		Summary: "Add a service", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *createServiceIn) (*serviceOut, error) {
			b := in.Body
			sv, err := s.deps.Catalog.Create(ctx, p, catalog.Service{Name: b.Name, DisplayName: b.DisplayName, Tier: b.Tier,
				OwnerTeam: b.OwnerTeam, Policy: b.Policy, Description: b.Description})
			if err != nil {
				return nil, err
			}
			return &serviceOut{Location: servicesPath + "/" + sv.Name, Body: sv}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-services", Method: http.MethodGet, Path: servicesPath,
		Summary: "List services by name", Tags: tags, Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *servicesIn) (*servicesOut, error) {
			svs, next, err := s.deps.Catalog.List(ctx, in.Cursor, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &servicesOut{}
			out.Body.Services, out.Body.NextCursor = svs, next
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-service", Method: http.MethodGet, Path: servicesPath + "/{name}",
		Summary: "Read a service", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *servicePath) (*serviceOut, error) {
			sv, err := s.deps.Catalog.Get(ctx, in.Name)
			return &serviceOut{Body: sv}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "change-service", Method: http.MethodPatch, Path: servicesPath + "/{name}",
		Summary: "Change a service's display name, tier, owner team, escalation policy or description", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *patchServiceIn) (*serviceOut, error) {
			b := in.Body
			sv, err := s.deps.Catalog.Update(ctx, p, in.Name, catalog.ServicePatch{DisplayName: b.DisplayName, Tier: b.Tier,
				OwnerTeam: b.OwnerTeam, Policy: b.Policy, Description: b.Description})
			return &serviceOut{Body: sv}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-service", Method: http.MethodDelete, Path: servicesPath + "/{name}",
		Summary: "Delete a service no route or integration names", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *servicePath) (*struct{}, error) {
			return nil, s.deps.Catalog.Delete(ctx, p, in.Name)
		})
}
