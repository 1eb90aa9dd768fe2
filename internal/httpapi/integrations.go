package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/problem"
)

type createIntegrationIn struct {
	Body struct {
		Name    string `json:"name" maxLength:"64"`
		Kind    string `json:"kind" enum:"alertmanager,grafana,generic"`
		Service string `json:"service,omitempty" maxLength:"64" doc:"alerts sent with the key get label service=<this> when they have none"`
	}
}

type integrationCreated struct {
	catalog.Integration
	Key string `json:"key" doc:"shown once: send it as 'Authorization: Bearer <key>'"`
}

type integrationOut struct {
	Body integrationCreated
}

type integrationsOut struct {
	Body struct {
		Integrations []catalog.Integration `json:"integrations"`
	}
}

type integrationPath struct {
	Name string `path:"name" maxLength:"64"`
}

// intakePaths are where an integration key is accepted, by kind. Keys go in
// the Authorization header only: a key in a URL ends up in proxy and access
// logs.
var intakePaths = map[string]string{
	"/api/v2/alerts":              catalog.KindAlertmanager,
	"/api/v1/alerts/alertmanager": catalog.KindAlertmanager,
	"/api/v1/alerts/grafana":      catalog.KindGrafana,
	"/api/v1/alerts":              catalog.KindGeneric,
}

// integrationPrincipal authenticates an integration key, for its intake
// endpoints only.
func (s *Server) integrationPrincipal(r *http.Request, key string) (auth.Principal, error) {
	if _, ok := intakePaths[r.URL.Path]; !ok || r.Method != http.MethodPost {
		return auth.Principal{}, problem.Unauthorizedf("an integration key only sends alerts (POST to its intake endpoint); use an API token for anything else")
	}
	return s.deps.Catalog.AuthenticateKey(r.Context(), key)
}

func isIntegrationKey(token string) bool { return strings.HasPrefix(token, catalog.KeyPrefix) }

// scopeIntake refuses an integration key sent to another kind's endpoint,
// and labels the alerts of a key bound to a service.
func scopeIntake(p auth.Principal, kind string, alerts []alert.Alert) error {
	if p.Intake == "" {
		return nil
	}
	if p.Intake != kind {
		return problem.Unauthorizedf("this integration key is for %s alerts; post them to its endpoint or create a %s integration", p.Intake, kind)
	}
	if p.IntakeService == "" {
		return nil
	}
	for i := range alerts {
		if alerts[i].Labels == nil {
			alerts[i].Labels = map[string]string{}
		}
		if alerts[i].Labels["service"] == "" {
			alerts[i].Labels["service"] = p.IntakeService
		}
	}
	return nil
}

func (s *Server) integrationsRoutes() {
	tags := []string{"integrations"}
	register(s, auth.Admin, huma.Operation{OperationID: "create-integration", Method: http.MethodPost, Path: "/api/v1/integrations",
		Summary: "Add an integration; its key is in the answer, once", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *createIntegrationIn) (*integrationOut, error) {
			ig, key, err := s.deps.Catalog.CreateIntegration(ctx, p, in.Body.Name, in.Body.Kind, in.Body.Service)
			if err != nil {
				return nil, err
			}
			return &integrationOut{Body: integrationCreated{Integration: ig, Key: key}}, nil
		})
	register(s, auth.Admin, huma.Operation{OperationID: "list-integrations", Method: http.MethodGet, Path: "/api/v1/integrations",
		Summary: "List the integrations whose keys work", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *struct{}) (*integrationsOut, error) {
			igs, err := s.deps.Catalog.Integrations(ctx)
			out := &integrationsOut{}
			out.Body.Integrations = igs
			return out, err
		})
	register(s, auth.Admin, huma.Operation{OperationID: "revoke-integration", Method: http.MethodDelete, Path: "/api/v1/integrations/{name}",
		Summary: "Revoke an integration's key", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *integrationPath) (*struct{}, error) {
			return nil, s.deps.Catalog.RevokeIntegration(ctx, p, in.Name)
		})
}
