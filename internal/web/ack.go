package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"

	"sitrep/internal/page"
	"sitrep/internal/problem"
)

// LinkPages is what the ack-link pages need from paging.
type LinkPages interface {
	LinkInfo(ctx context.Context, token string) (page.Page, string, error)
	UseLink(ctx context.Context, token string) (page.Page, error)
}

var ackTmpl = template.Must(template.New("ack").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>sitrep page</title></head>
<body>
{{if .Err}}<h1>Cannot use this link</h1><p>{{.Err}}</p>
{{else if .Done}}<h1>Page {{.Page.ID}} {{.Page.Status}}</h1><p>{{.Page.Summary}}</p>
<p>Escalation has stopped. Follow the incident with <code>sitrep timeline {{.Page.Incident}} --follow</code>.</p>
{{else}}<h1>{{if eq .Action "ack"}}Acknowledge{{else}}Resolve{{end}} page {{.Page.ID}}?</h1>
<p>{{if .Page.Severity}}<strong>{{.Page.Severity}}</strong> {{end}}{{.Page.Summary}}</p>
<p>Status: {{.Page.Status}}</p>
<form method="post"><button type="submit">{{if eq .Action "ack"}}Acknowledge{{else}}Resolve{{end}}</button></form>
{{end}}
</body></html>
`))

type ackView struct {
	Page   page.Page
	Action string
	Done   bool
	Err    string
}

// Ack serves the signed links in pages. A GET only shows what the link would
// do: mail scanners and chat previews fetch links, and must not acknowledge a
// page that nobody has seen. The button POSTs, which acts once.
func Ack(pages LinkPages, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.PathValue("token")
		var v ackView
		var err error
		if r.Method == http.MethodPost {
			v.Page, err = pages.UseLink(r.Context(), token)
			v.Done = err == nil
		} else {
			v.Page, v.Action, err = pages.LinkInfo(r.Context(), token)
		}
		status := http.StatusOK
		if err != nil {
			status, v.Err = linkError(err, logger)
		}
		w.Header().Set("Content-Security-Policy", CSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.WriteHeader(status)
		_ = ackTmpl.Execute(w, v)
	})
}

func linkError(err error, logger *slog.Logger) (int, string) {
	if p, ok := problem.As(err); ok {
		switch p.Kind {
		case problem.NotFound:
			return http.StatusNotFound, p.Message
		case problem.Conflict:
			return http.StatusConflict, p.Message
		}
		return http.StatusBadRequest, p.Message
	}
	logger.Error("ack link", "err", err)
	return http.StatusInternalServerError, "something went wrong; acknowledge in sitrep instead"
}
