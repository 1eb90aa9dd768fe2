package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
)

// alertRoute is a routing rule on the wire.
type alertRoute = alert.Route

type routeMatcherIn struct {
	Label string `json:"label" maxLength:"200"`
	Op    string `json:"op" enum:"equals,not_equals,regex,absent"`
	Value string `json:"value,omitempty" maxLength:"1024"`
}

type createRouteIn struct {
	Body struct {
		Position int              `json:"position,omitempty" minimum:"0" doc:"1 is tried first; 0 or past the end appends"`
		Matchers []routeMatcherIn `json:"matchers" maxItems:"16"`
		Service  string           `json:"service,omitempty" maxLength:"64"`
		Policy   string           `json:"escalation_policy,omitempty" maxLength:"200" doc:"empty pages the service's policy"`
		GroupBy  []string         `json:"group_by,omitempty" maxItems:"8"`
		Declare  string           `json:"auto_declare,omitempty" doc:"severity of the incident each new group declares, such as SEV-2"`
	}
}

type patchRouteIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Position *int              `json:"position,omitempty" minimum:"0"`
		Matchers *[]routeMatcherIn `json:"matchers,omitempty" maxItems:"16"`
		Service  *string           `json:"service,omitempty" maxLength:"64"`
		Policy   *string           `json:"escalation_policy,omitempty" maxLength:"200"`
		GroupBy  *[]string         `json:"group_by,omitempty" maxItems:"8"`
		Declare  *string           `json:"auto_declare,omitempty"`
	}
}

type routePath struct {
	ID int64 `path:"id" minimum:"1"`
}

type routeOut struct {
	Location string `header:"Location"`
	Body     alertRoute
}

type routesOut struct {
	Body struct {
		Routes []alertRoute `json:"routes"`
	}
}

type reorderRoutesIn struct {
	Body struct {
		IDs []int64 `json:"ids" maxItems:"500" doc:"every route's id, in the order they are to be tried"`
	}
}

const routesPath = "/api/v1/routes"

func matchers(in []routeMatcherIn) []alert.Matcher {
	out := make([]alert.Matcher, len(in))
	for i, m := range in {
		out[i] = alert.Matcher(m)
	}
	return out
}

func (s *Server) alertRulesRoutes() {
	tags := []string{"alert routes"}
	register(s, auth.Admin, huma.Operation{OperationID: "create-route", Method: http.MethodPost, Path: routesPath,
		Summary: "Add an alert routing rule", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *createRouteIn) (*routeOut, error) {
			b := in.Body
			r, err := s.deps.Routes.Create(ctx, p, alert.Route{Position: b.Position, Matchers: matchers(b.Matchers),
				Service: b.Service, Policy: b.Policy, GroupBy: b.GroupBy, Declare: b.Declare})
			if err != nil {
				return nil, err
			}
			return &routeOut{Location: routesPath + "/" + strconv.FormatInt(r.ID, 10), Body: r}, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-routes", Method: http.MethodGet, Path: routesPath,
		Summary: "List alert routing rules in the order they are tried", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *struct{}) (*routesOut, error) {
			rs, err := s.deps.Routes.List(ctx)
			out := &routesOut{}
			out.Body.Routes = rs
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "reorder-routes", Method: http.MethodPut, Path: routesPath + "/order",
		Summary: "Set the order of every alert routing rule", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *reorderRoutesIn) (*routesOut, error) {
			rs, err := s.deps.Routes.Reorder(ctx, p, in.Body.IDs)
			out := &routesOut{}
			out.Body.Routes = rs
			return out, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-route", Method: http.MethodGet, Path: routesPath + "/{id}",
		Summary: "Read an alert routing rule", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *routePath) (*routeOut, error) {
			r, err := s.deps.Routes.Get(ctx, in.ID)
			return &routeOut{Body: r}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "change-route", Method: http.MethodPatch, Path: routesPath + "/{id}",
		Summary: "Change or move an alert routing rule", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *patchRouteIn) (*routeOut, error) {
			b := in.Body
			patch := alert.RoutePatch{Position: b.Position, Service: b.Service, Policy: b.Policy, GroupBy: b.GroupBy, Declare: b.Declare}
			if b.Matchers != nil {
				m := matchers(*b.Matchers)
				patch.Matchers = &m
			}
			r, err := s.deps.Routes.Update(ctx, p, in.ID, patch)
			return &routeOut{Body: r}, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "delete-route", Method: http.MethodDelete, Path: routesPath + "/{id}",
		Summary: "Delete an alert routing rule", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *routePath) (*struct{}, error) {
			return nil, s.deps.Routes.Delete(ctx, p, in.ID)
		})
}
