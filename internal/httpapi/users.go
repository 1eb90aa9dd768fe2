package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
)

type createUserIn struct {
	Body struct {
		Handle   string `json:"handle" example:"laura"`
		Name     string `json:"name" example:"Laura de Vesine"`
		Email    string `json:"email" example:"laura@example.com"`
		Role     string `json:"role" enum:"viewer,responder,admin"`
		Password string `json:"password,omitempty" required:"false" doc:"For signing in to the web UI; 12 characters or more"`
	}
}

type userOut struct {
	Body auth.User
}

type UserPath struct {
	Handle string `path:"handle"`
}

type usersIn struct {
	Cursor string `query:"cursor" doc:"Handle to list after"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500"`
}

type usersOut struct {
	Body struct {
		Users      []auth.User `json:"users"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}
}

type passwordIn struct {
	UserPath
	Body struct {
		Password string `json:"password"`
	}
}

func (s *Server) userRoutes() {
	register(s, auth.Admin, huma.Operation{OperationID: "create-user", Method: http.MethodPost, Path: "/api/v1/users",
		Summary: "Add a user", Tags: []string{"users"}},
		func(ctx context.Context, p auth.Principal, in *createUserIn) (*userOut, error) {
			b := in.Body
			u, err := s.deps.Auth.CreateUser(ctx, p, auth.NewUser{Handle: b.Handle, Name: b.Name, Email: b.Email, Role: auth.Role(b.Role), Password: b.Password})
			return &userOut{Body: u}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: "/api/v1/users",
		Summary: "List users by handle", Tags: []string{"users"}, Metadata: map[string]any{"query": []string{"cursor", "limit"}}},
		func(ctx context.Context, p auth.Principal, in *usersIn) (*usersOut, error) {
			limit := in.Limit
			if limit == 0 {
				limit = 100
			}
			us, err := s.deps.Auth.Users(ctx, in.Cursor, limit)
			if err != nil {
				return nil, err
			}
			out := &usersOut{}
			out.Body.Users = us
			if len(us) == limit {
				out.Body.NextCursor = us[len(us)-1].Handle
			}
			return out, nil
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: "/api/v1/users/{handle}",
		Summary: "Read a user", Tags: []string{"users"}},
		func(ctx context.Context, p auth.Principal, in *UserPath) (*userOut, error) {
			u, err := s.deps.Auth.User(ctx, in.Handle)
			return &userOut{Body: u}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "set-password", Method: http.MethodPut, Path: "/api/v1/users/{handle}/password",
		Summary: "Set a password (your own, or anyone's as admin)", Tags: []string{"users"}, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *passwordIn) (*struct{}, error) {
			return nil, s.deps.Auth.SetPassword(ctx, p, in.Handle, in.Body.Password)
		})
}
