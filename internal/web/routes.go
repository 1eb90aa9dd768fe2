package web

import (
	"net/http"
	"strconv"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
)

// extraRoutes lets other files of this package (the state document, briefs)
// mount their pages without editing Mount: append in an init().
var extraRoutes []func(u *UI, mux *http.ServeMux)

// Mount registers every war-room page and form on mux. Authentication is the
// caller's middleware: every handler here finds the principal in the context.
func (u *UI) Mount(mux *http.ServeMux) {
	mux.Handle("GET /static/{name}", Static())
	mux.HandleFunc("GET /{$}", u.list)
	mux.HandleFunc("GET /incidents", u.list)
	mux.HandleFunc("GET /incidents/new", u.declareForm)
	mux.HandleFunc("POST /incidents", u.writer(u.declare))
	mux.HandleFunc("GET /incidents/{n}", u.incidentPage)
	mux.HandleFunc("GET /incidents/{n}/board", u.boardFragment)
	mux.HandleFunc("GET /incidents/{n}/live", u.liveStream)
	mux.HandleFunc("GET /incidents/{n}/timeline", u.timelinePage)
	mux.HandleFunc("GET /incidents/{n}/responders", u.respondersPage)
	mux.HandleFunc("GET /incidents/{n}/workstreams/{id}", u.workstreamPage)
	u.mountActions(mux)
	for _, f := range extraRoutes {
		f(u, mux)
	}
}

// writer guards a form handler: only responders and admins change anything.
// A viewer gets a page saying so, with 403; the domain checks again.
func (u *UI) writer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		me, _ := auth.FromContext(r.Context())
		if !me.Role.Allows(auth.Responder) {
			u.errorPage(w, r, http.StatusForbidden, "Your role is "+string(me.Role)+": you can read incidents but not change them. Ask an admin for the responder role.", r.Referer())
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			u.errorPage(w, r, http.StatusBadRequest, "The form could not be read; reload the page and try again.", "")
			return
		}
		h(w, r)
	}
}

// maxForm bounds a form post; the longest field is a 20,000-character body.
const maxForm = 256 << 10

// number reads the {n} path value, answering 404 when it is not a number.
func (u *UI) number(w http.ResponseWriter, r *http.Request) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || n <= 0 {
		u.refuse(w, r, problem.NotFoundf("number", "there is no incident %q; incidents are numbered 1, 2, 3...", r.PathValue("n")), "/incidents")
		return 0, false
	}
	return n, true
}

// pathID reads a numeric path value other than {n}.
func (u *UI) pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		u.refuse(w, r, problem.NotFoundf(name, "there is no %s %q", name, r.PathValue(name)), "")
		return 0, false
	}
	return id, true
}

func me(r *http.Request) auth.Principal {
	p, _ := auth.FromContext(r.Context())
	return p
}
