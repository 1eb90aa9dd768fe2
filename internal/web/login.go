package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/problem"
)

// SessionCookie names the browser session cookie.
const SessionCookie = "sitrep_session"

// Sign-in limits. Guessing one account is stopped by the per-handle limit; the
// per-address limit is looser because a NAT or a proxy can put a whole office
// behind one address, and locking them all out mid-incident is its own outage.
const (
	handleFailures = 5
	addrFailures   = 30
	loginWindow    = 5 * time.Minute
	limiterKeys    = 10000
)

// Sessions is what signing in and out needs from auth.
type Sessions interface {
	CreateSession(ctx context.Context, handle, password string) (secret, csrf string, err error)
	EndSession(ctx context.Context, secret string) error
}

// Login serves the sign-in form, sign-in and sign-out.
type Login struct {
	sessions Sessions
	byHandle *auth.LoginLimiter
	byAddr   *auth.LoginLimiter
	logger   *slog.Logger
	// origin refuses cross-site posts of the sign-in form; see Submit.
	origin *http.CrossOriginProtection
}

// NewLogin returns the sign-in handlers, rate-limited on clock c.
func NewLogin(s Sessions, c clock.Clock, logger *slog.Logger) *Login {
	l := &Login{
		sessions: s,
		byHandle: auth.NewLoginLimiter(c, handleFailures, loginWindow, limiterKeys),
		byAddr:   auth.NewLoginLimiter(c, addrFailures, loginWindow, limiterKeys),
		logger:   logger,
		origin:   http.NewCrossOriginProtection(),
	}
	l.origin.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renderLogin(w, http.StatusForbidden, loginView{Error: "This sign-in came from another site and was refused. Open sitrep's own /login page and sign in there."})
	}))
	return l
}

var loginTmpl = template.Must(template.New("login").Funcs(template.FuncMap{"asset": assetPath}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in · sitrep</title><link rel="stylesheet" href="{{asset "app.css"}}"></head>
<body>
<main>
<h1>Sign in to sitrep</h1>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login">
<p><label for="handle">Handle</label><br><input id="handle" name="handle" autocomplete="username" required autofocus value="{{.Handle}}"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
<p>No password yet? Ask an admin to set one (<code>PUT /api/v1/users/HANDLE/password</code>); API tokens and the CLI keep working meanwhile.</p>
</main>
</body></html>
`))

type loginView struct {
	Handle string
	Error  string
}

func renderLogin(w http.ResponseWriter, status int, v loginView) {
	pageHeaders(w)
	w.WriteHeader(status)
	_ = loginTmpl.Execute(w, v)
}

// pageHeaders sets what every UI page that shows or takes credentials carries.
func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "same-origin")
}

// Form serves GET /login.
func (l *Login) Form() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renderLogin(w, http.StatusOK, loginView{})
	})
}

// Submit serves POST /login.
//
// There is no session yet, so no session CSRF token can guard the form; left
// open, another site could sign a victim's browser in as the attacker and
// collect what they type. The defence is the browser's own account of where
// the post came from (Sec-Fetch-Site, else Origin against Host), as checked
// by net/http's CrossOriginProtection. We chose it over a double-submit cookie
// because it needs no state or cookie before sign-in, cannot be defeated by a
// sibling subdomain planting a cookie, and every browser since 2023 sends the
// header; clients that send neither header are not browsers and cannot be
// forged into posting.
func (l *Login) Submit() http.Handler {
	return l.origin.Handler(http.HandlerFunc(l.submit))
}

func (l *Login) submit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		renderLogin(w, http.StatusBadRequest, loginView{Error: "The form could not be read; reload the page and try again."})
		return
	}
	handle := strings.TrimSpace(r.PostForm.Get("handle"))
	password := r.PostForm.Get("password")
	handleKey, addrKey := "h:"+handle, "ip:"+clientAddr(r)
	if wait := max(l.byHandle.Wait(handleKey), l.byAddr.Wait(addrKey)); wait > 0 {
		minutes := int(math.Ceil(wait.Minutes()))
		w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
		renderLogin(w, http.StatusTooManyRequests, loginView{Handle: handle, Error: fmt.Sprintf(
			"Too many failed sign-ins for this handle or from this address. Wait %d minute(s) and try again, or ask an admin to set a new password.", minutes)})
		return
	}
	if !plausible(handle, password) {
		l.fail(w, handleKey, addrKey, handle)
		return
	}
	secret, _, err := l.sessions.CreateSession(r.Context(), handle, password)
	if problem.Is(err, problem.Unauthorized) {
		l.fail(w, handleKey, addrKey, handle)
		return
	}
	if err != nil {
		l.logger.ErrorContext(r.Context(), "sign in", "err", err)
		renderLogin(w, http.StatusServiceUnavailable, loginView{Handle: handle, Error: "sitrep cannot sign you in right now; retry shortly, or use the CLI with an API token."})
		return
	}
	l.byHandle.Forget(handleKey)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isHTTPS(r)})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (l *Login) fail(w http.ResponseWriter, handleKey, addrKey, handle string) {
	l.byHandle.Fail(handleKey)
	l.byAddr.Fail(addrKey)
	renderLogin(w, http.StatusUnauthorized, loginView{Handle: handle, Error: "Wrong handle or password."})
}

// plausible rejects input no user can have before it reaches the database:
// PostgreSQL refuses invalid UTF-8 and NUL, and argon2id need not chew on a
// megabyte of password.
func plausible(handle, password string) bool {
	return handle != "" && len(handle) <= 63 && utf8.ValidString(handle) && !strings.ContainsRune(handle, 0) &&
		password != "" && len(password) <= 1024
}

// Logout serves POST /logout. The authentication middleware has already
// checked the session's CSRF token; a caller signed in by other means
// (a bearer token) has no session here to end.
func (l *Login) Logout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, viaSession := auth.SessionCSRF(r.Context()); viaSession {
			if c, err := r.Cookie(SessionCookie); err == nil {
				if err := l.sessions.EndSession(r.Context(), c.Value); err != nil {
					l.logger.ErrorContext(r.Context(), "sign out", "err", err)
					renderLogin(w, http.StatusServiceUnavailable, loginView{Error: "sitrep could not sign you out; retry shortly."})
					return
				}
			}
		}
		http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isHTTPS(r)})
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	})
}

// isHTTPS reports whether the browser reached us over TLS, directly or through
// a proxy that terminates it.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientAddr is the peer address. X-Forwarded-For is not trusted: anyone can
// send it, and a new value per guess would dodge the per-address limit.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
