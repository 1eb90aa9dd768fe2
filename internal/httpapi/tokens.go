package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
)

type createTokenIn struct {
	Body struct {
		Name       string `json:"name" example:"laptop"`
		User       string `json:"user,omitempty" required:"false" doc:"Whose token; yourself when empty (admins may name anyone)"`
		TTLSeconds int64  `json:"ttl_seconds,omitempty" required:"false" minimum:"0" maximum:"315360000" doc:"Lifetime; never expires when empty"`
	}
}

type tokenOut struct {
	Body struct {
		auth.Token
		Secret string `json:"secret" doc:"Shown once; store it now"`
	}
}

type tokenPath struct {
	ID int64 `path:"id"`
}

func (s *Server) tokenRoutes() {
	register(s, auth.Viewer, huma.Operation{OperationID: "create-token", Method: http.MethodPost, Path: "/api/v1/tokens",
		Summary: "Create an API token; the secret is shown once", Tags: []string{"tokens"}},
		func(ctx context.Context, p auth.Principal, in *createTokenIn) (*tokenOut, error) {
			tok, secret, err := s.deps.Auth.CreateToken(ctx, p, in.Body.User, in.Body.Name, time.Duration(in.Body.TTLSeconds)*time.Second)
			if err != nil {
				return nil, err
			}
			out := &tokenOut{}
			out.Body.Token, out.Body.Secret = tok, secret
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "revoke-token", Method: http.MethodDelete, Path: "/api/v1/tokens/{id}",
		Summary: "Revoke an API token at once", Tags: []string{"tokens"}, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *tokenPath) (*struct{}, error) {
			return nil, s.deps.Auth.RevokeToken(ctx, p, in.ID)
		})
}
