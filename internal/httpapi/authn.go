package httpapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	pathpkg "path"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/web"
)

// publicPaths are the only routes served without credentials: probes from
// load balancers and orchestrators must not need a token, and the sign-in
// page is how a browser gets one.
var publicPaths = map[string]bool{"/healthz": true, "/readyz": true, "/login": true}

// publicPrefixes carry their own credential in the URL: a signed single-use
// ack link in a page, the read-only token of a calendar feed, the ping
// token of a heartbeat, or the token of a brief link; /static/ holds only
// the UI's own stylesheet and script, which the sign-in page needs.
var publicPrefixes = []string{"/ack/", "/ical/", "/hb/", "/brief/", "/static/"}

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

// authenticate resolves the caller of every request but the public ones and
// puts the principal in the request context. Unknown paths also answer 401 to
// strangers, so the route table is not revealed.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isPublic(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		p, csrf, err := s.principal(r)
		if err != nil {
			pe, unauthorized := problem.As(err)
			unauthorized = unauthorized && pe.Kind == problem.Unauthorized
			if unauthorized && wantsPage(r) {
				s.toLogin(w, r)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
			if unauthorized {
				writeProblem(w, http.StatusUnauthorized, pe.Message)
				return
			}
			s.deps.Logger.ErrorContext(r.Context(), "authenticate", "err", err)
			writeProblem(w, http.StatusServiceUnavailable, "cannot check credentials right now; retry shortly")
			return
		}
		ctx := auth.WithPrincipal(r.Context(), p)
		if csrf != "" {
			// A browser sends the cookie with any request it is tricked into
			// making; only our own pages know the session's token.
			if unsafeMethod(r.Method) && !csrfMatches(w, r, csrf) {
				if isForm(r) {
					web.CSRFRefused(w)
					return
				}
				writeProblem(w, http.StatusForbidden, "missing or wrong CSRF token: send the session's token in the X-CSRF-Token header or the csrf form field; reload the page for a fresh one")
				return
			}
			ctx = auth.WithSessionCSRF(ctx, csrf)
		}
		if wantsStream(r) {
			var stop func()
			ctx, stop = s.deps.Auth.WatchCredential(ctx, p)
			defer stop()
			ctx = s.streamWatch(ctx, p)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// principal finds the caller by, in order, a bearer token, HTTP Basic, or the
// browser session cookie; csrf is set only for the cookie. An Authorization
// header that fails is final: a script that sent a token must learn it is
// wrong, not be served as whoever's cookie happens to ride along.
func (s *Server) principal(r *http.Request) (p auth.Principal, csrf string, err error) {
	h := r.Header.Get("Authorization")
	if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		if token = strings.TrimSpace(token); isIntegrationKey(token) {
			p, err = s.integrationPrincipal(r, token)
			return p, "", err
		}
		p, err = s.deps.Auth.Authenticate(r.Context(), token)
		return p, "", err
	}
	if user, pass, ok := r.BasicAuth(); ok {
		if !storable(user) {
			// No handle holds such text, and PostgreSQL would fail the lookup.
			return auth.Principal{}, "", problem.Unauthorizedf("wrong handle or password")
		}
		p, err = gatedSessions{s.deps.Auth}.AuthenticatePassword(r.Context(), user, pass)
		return p, "", err
	}
	if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
		return s.deps.Auth.SessionPrincipal(r.Context(), c.Value)
	}
	return auth.Principal{}, "", problem.Unauthorizedf("sign in: send an API token as 'Authorization: Bearer sitrep_...' (the first admin token is in the data directory's admin.token)")
}

// wantsPage reports whether a browser is loading a page, which should lead to
// the sign-in form rather than a JSON problem. Scripts and the CLI do not ask
// for text/html, so they keep their 401.
func wantsPage(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return false
	}
	// A form posted after the session expired: sign in again, then retry.
	return isForm(r) || (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// isForm reports whether r posts an HTML form.
func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return r.Method == http.MethodPost && mt == "application/x-www-form-urlencoded"
}

// toLogin sends a browser to sign in, dropping a session cookie that no longer
// works so that it is not sent again.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(web.SessionCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: web.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// maxFormBody bounds a form read for its CSRF token; UI forms are small.
const maxFormBody = 1 << 20

// csrfMatches checks the X-CSRF-Token header, or else the csrf field of a
// URL-encoded form (the UI has no file uploads, so no multipart forms).
func csrfMatches(w http.ResponseWriter, r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
			// The parsed form stays on the request for the handler.
			if r.ParseForm() == nil {
				got = r.PostForm.Get("csrf")
			}
		}
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// passwordSlots bounds concurrent argon2id checks (64 MiB each), so that a
// burst of Basic-auth or sign-in guesses cannot exhaust memory.
var passwordSlots = make(chan struct{}, 2)

// gatedSessions is auth with password checks held to passwordSlots.
type gatedSessions struct{ *auth.Service }

func acquirePasswordSlot(ctx context.Context) (release func(), err error) {
	select {
	case passwordSlots <- struct{}{}:
		return func() { <-passwordSlots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g gatedSessions) AuthenticatePassword(ctx context.Context, handle, password string) (auth.Principal, error) {
	release, err := acquirePasswordSlot(ctx)
	if err != nil {
		return auth.Principal{}, err
	}
	defer release()
	return g.Service.AuthenticatePassword(ctx, handle, password)
}

func (g gatedSessions) CreateSession(ctx context.Context, handle, password string) (string, string, error) {
	release, err := acquirePasswordSlot(ctx)
	if err != nil {
		return "", "", err
	}
	defer release()
	return g.Service.CreateSession(ctx, handle, password)
}

// loginRoutes mounts browser sign-in and sign-out, beside the middleware that
// honours the cookie they set.
func (s *Server) loginRoutes() {
	l := web.NewLogin(gatedSessions{s.deps.Auth}, s.deps.Clock, s.deps.Logger)
	s.mux.Handle("GET /login", l.Form())
	s.mux.Handle("POST /login", l.Submit())
	s.mux.Handle("POST /logout", l.Logout())
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
