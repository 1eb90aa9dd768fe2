// Package web owns the server-rendered user interface. Until the war room
// arrives it serves a placeholder that points people at the API and CLI; it
// sets the strict Content-Security-Policy every UI page will carry.
package web

import (
	"html/template"
	"net/http"
)

// CSP forbids inline script and any origin but our own: the UI must work when
// every CDN is down, and stored text can never run as script.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

var placeholder = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep</title></head>
<body>
<h1>sitrep</h1>
<p>Signed in as {{.}}. The web war room is on its way; meanwhile the API is at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a> and the CLI does everything:
<code>sitrep incidents</code>, <code>sitrep declare</code>, <code>sitrep timeline N --follow</code>.</p>
</body></html>
`))

// Home serves the placeholder page; who is the caller's handle.
func Home(who func(*http.Request) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", CSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_ = placeholder.Execute(w, who(r))
	})
}
