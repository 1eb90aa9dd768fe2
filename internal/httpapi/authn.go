package httpapi

import (
	"encoding/json"
	"net/http"
	pathpkg "path"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
)

// publicPaths are the only routes served without credentials: probes from
// load balancers and orchestrators must not need a token.
var publicPaths = map[string]bool{"/healthz": true, "/readyz": true}

// publicPrefixes carry their own credential in the URL: a signed single-use
// ack link in a page, or the read-only token of a calendar feed.
var publicPrefixes = []string{"/ack/", "/ical/"}

func isPublic(path string) bool {
	if publicPaths[path] {
		return true
	}
	// Only a clean path counts: "/ical/../metrics" must not skip the check,
	// even though the mux would merely redirect it.
	if pathpkg.Clean(path) != path {
		return false
	}
	for _, p := range publicPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// passwordSlots bounds concurrent argon2id checks (64 MiB each), so that a
// burst of Basic-auth guesses cannot exhaust memory.
var passwordSlots = make(chan struct{}, 2)

// authenticate resolves the caller of every request but the public ones and
// puts the principal in the request context. Unknown paths also answer 401 to
// strangers, so the route table is not revealed.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isPublic(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		p, err := s.principal(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
			if pe, ok := problem.As(err); ok && pe.Kind == problem.Unauthorized {
				writeProblem(w, http.StatusUnauthorized, pe.Message)
				return
			}
			s.deps.Logger.ErrorContext(r.Context(), "authenticate", "err", err)
			writeProblem(w, http.StatusServiceUnavailable, "cannot check credentials right now; retry shortly")
			return
		}
		next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
	})
}

func (s *Server) principal(r *http.Request) (auth.Principal, error) {
	h := r.Header.Get("Authorization")
	if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return s.deps.Auth.Authenticate(r.Context(), strings.TrimSpace(token))
	}
	if user, pass, ok := r.BasicAuth(); ok {
		if !storable(user) {
			// No handle holds such text, and PostgreSQL would fail the lookup.
			return auth.Principal{}, problem.Unauthorizedf("wrong handle or password")
		}
		select {
		case passwordSlots <- struct{}{}:
			defer func() { <-passwordSlots }()
		case <-r.Context().Done():
			return auth.Principal{}, r.Context().Err()
		}
		return s.deps.Auth.AuthenticatePassword(r.Context(), user, pass)
	}
	return auth.Principal{}, problem.Unauthorizedf("sign in: send an API token as 'Authorization: Bearer sitrep_...' (the first admin token is in the data directory's admin.token)")
}

// writeProblem answers with an RFC 9457 problem outside huma's handlers.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"title":  http.StatusText(status),
		"status": status,
		"detail": detail,
	})
}
