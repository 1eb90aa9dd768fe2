package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// register adds an operation that requires at least role min. The check lives
// here, once, for every route; domain methods check the finer rules.
func register[I, O any](s *Server, min auth.Role, op huma.Operation, h func(context.Context, auth.Principal, *I) (*O, error)) {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata["role"] = min
	if op.DefaultStatus == 0 && op.Method == http.MethodPost {
		op.DefaultStatus = http.StatusCreated
	}
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity)
	// Middleware (refuseUnstorable) has already read the body to its end under
	// the server's ReadTimeout, so net/http is waiting in its background read.
	// huma's default 5 s body deadline would be set on that read, and when it
	// fired it cancelled the request: any write still waiting for the database
	// 5 s later failed although the client was still there.
	if op.BodyReadTimeout == 0 {
		op.BodyReadTimeout = -1
	}
	huma.Register(s.api, op, func(ctx context.Context, in *I) (*O, error) {
		p, ok := auth.FromContext(ctx)
		if !ok {
			return nil, huma.Error401Unauthorized("sign in: send an API token as 'Authorization: Bearer sitrep_...'")
		}
		if !p.Role.Allows(min) {
			return nil, huma.Error403Forbidden("this needs the " + string(min) + " role; you are " + string(p.Role))
		}
		out, err := h(ctx, p, in)
		if err != nil {
			return nil, s.fail(ctx, op, err)
		}
		return out, nil
	})
}

// fail turns a domain error into a problem response naming the field. Errors
// that are not refusals are logged and answered with a 500 that leaks nothing.
func (s *Server) fail(ctx context.Context, op huma.Operation, err error) error {
	if p, ok := problem.As(err); ok {
		var details []error
		if p.Field != "" {
			details = append(details, &huma.ErrorDetail{Location: location(op, p.Field), Message: p.Message, Value: p.Value})
		}
		return huma.NewError(status(p.Kind), p.Error(), details...)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, store.ErrConflict):
		return huma.Error409Conflict("the change conflicts with another one made at the same time; reload and try again")
	case errors.Is(err, context.Canceled):
		return huma.NewError(499, "request canceled")
	}
	s.deps.Logger.ErrorContext(ctx, "request failed", "operation", op.OperationID, "err", err)
	return huma.Error500InternalServerError("internal error; the server log has details")
}

func status(k problem.Kind) int {
	switch k {
	case problem.NotFound:
		return http.StatusNotFound
	case problem.Conflict:
		return http.StatusConflict
	case problem.Forbidden:
		return http.StatusForbidden
	case problem.Unauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusUnprocessableEntity
}

// location says where field came from: a path or query parameter of op, or the body.
// An operation's "fields" metadata maps domain names that differ from the API's.
func location(op huma.Operation, field string) string {
	base, _, _ := strings.Cut(field, "[")
	if names, ok := op.Metadata["fields"].(map[string]string); ok && names[base] != "" {
		return names[base] + strings.TrimPrefix(field, base)
	}
	if strings.Contains(op.Path, "{"+base+"}") {
		return "path." + field
	}
	if q, ok := op.Metadata["query"].([]string); ok {
		for _, name := range q {
			if name == base {
				return "query." + field
			}
		}
	}
	return "body." + field
}
