package web

import (
	"context"
	"errors"
	"net/http"

	"sitrep/internal/problem"
)

// errorView is the error page's data.
type errorView struct {
	Status  int
	Heading string
	Message string
	// Back is a link to offer, if any.
	Back string
}

// problemStatus maps a domain refusal to an HTTP status; ok is false for
// errors that are not refusals (a failing database, a bug).
func problemStatus(err error) (int, *problem.Error, bool) {
	p, ok := problem.As(err)
	if !ok {
		return 0, nil, false
	}
	switch p.Kind {
	case problem.NotFound:
		return http.StatusNotFound, p, true
	case problem.Conflict:
		return http.StatusConflict, p, true
	case problem.Forbidden:
		return http.StatusForbidden, p, true
	case problem.Unauthorized:
		return http.StatusUnauthorized, p, true
	}
	return http.StatusBadRequest, p, true
}

// fail answers an error that is the server's, not the caller's: logged, and
// shown as a short page that says to retry. It is 503, not 500: the usual
// cause is the database being briefly unreachable.
func (u *UI) fail(w http.ResponseWriter, r *http.Request) {
	pageHeaders(w)
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sitrep: try again</title></head><body><h1>sitrep could not show this page</h1><p>Something went wrong on our side; reload in a moment. The CLI and API keep working.</p></body></html>`))
}

// refuse answers err: a domain refusal as an error page with its status and
// message, anything else through fail.
func (u *UI) refuse(w http.ResponseWriter, r *http.Request, err error, back string) {
	if errors.Is(err, context.Canceled) {
		return
	}
	status, p, ok := problemStatus(err)
	if !ok {
		u.d.Logger.ErrorContext(r.Context(), "web", "path", r.URL.Path, "err", err)
		u.fail(w, r)
		return
	}
	u.errorPage(w, r, status, p.Message, back)
}

func (u *UI) errorPage(w http.ResponseWriter, r *http.Request, status int, msg, back string) {
	heading := map[int]string{
		http.StatusNotFound:  "Not found",
		http.StatusForbidden: "Not allowed",
		http.StatusConflict:  "Cannot do that now",
	}[status]
	if heading == "" {
		heading = "Cannot do that"
	}
	u.renderStatus(w, r, status, "error", errorView{Status: status, Heading: heading, Message: msg, Back: back})
}

// CSRFRefused answers a form post whose CSRF token is missing or wrong with a
// page a person can act on. The authentication middleware calls it.
func CSRFRefused(w http.ResponseWriter) {
	pageHeaders(w)
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form expired · sitrep</title><link rel="stylesheet" href="` + assetPath("app.css") + `"></head><body><main><h1>Form refused</h1><p role="alert">This form had a missing or out-of-date security token, so nothing was changed. Go back, reload the page and submit again.</p><p><a href="/">Incidents</a></p></main></body></html>`))
}
