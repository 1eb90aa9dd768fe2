// Package web owns the server-rendered user interface: browser sign-in and
// sign-out, and, until the war room arrives, a placeholder home page that
// points people at the API and CLI. It sets the strict Content-Security-Policy
// every UI page carries.
package web

import (
	"html/template"
	"net/http"

	"sitrep/internal/auth"
)

// CSP forbids inline script and any origin but our own: the UI must work when
// every CDN is down, and stored text can never run as script.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

var placeholder = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep</title></head>
<body>
<h1>sitrep</h1>
<p>Signed in as {{.Handle}}.</p>
{{if .CSRF}}<form method="post" action="/logout"><input type="hidden" name="csrf" value="{{.CSRF}}"><button type="submit">Sign out</button></form>{{end}}
<p>The web war room is on its way; meanwhile the API is at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a> and the CLI does everything:
<code>sitrep incidents</code>, <code>sitrep declare</code>, <code>sitrep timeline N --follow</code>.</p>
</body></html>
`))

type homeView struct {
	Handle string
	// CSRF is set when a session cookie signed the caller in; only then is
	// there a session to sign out of.
	CSRF string
}

// Home serves the placeholder page; who is the caller's handle.
func Home(who func(*http.Request) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		pageHeaders(w)
		csrf, _ := auth.SessionCSRF(r.Context())
		_ = placeholder.Execute(w, homeView{Handle: who(r), CSRF: csrf})
	})
}
