package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"time"

	"sitrep/internal/brief"
	"sitrep/internal/problem"
)

// Brief pages: an audience's brief for signed-in people, the forms that hand
// out and revoke brief links, and the read-only page a link opens for people
// without an account.

func (p *docPages) mountBriefs(mux *http.ServeMux) {
	mux.HandleFunc("GET /incidents/{n}/brief/{audience}", p.briefPage)
	mux.HandleFunc("POST /incidents/{n}/brief-links", p.u.writer(p.createLink))
	mux.HandleFunc("POST /incidents/{n}/brief-links/{id}/revoke", p.u.writer(p.revokeLink))
	mux.HandleFunc("GET /brief/{token}", p.publicBrief)
}

// briefView is a brief page's data.
type briefView struct {
	Brief     brief.Brief
	Now       time.Time
	Audiences []string
	// Older continues the updates; Base is the page's own path for it.
	Older int64
	Base  string
	// CanShare shows the link forms; Links and NewLink are for those who may.
	CanShare bool
	Links    []brief.BriefLink
	NewLink  string
}

// Elapsed says how long the incident has lasted, for the header.
func (v briefView) Elapsed() string { return ago(v.Now, v.Now.Add(-v.Brief.Header.Elapsed(v.Now))) }

func (p *docPages) briefPage(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	p.showBrief(w, r, n, r.PathValue("audience"), "")
}

func (p *docPages) showBrief(w http.ResponseWriter, r *http.Request, n int64, audience, newLink string) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	b, err := p.briefs.Get(r.Context(), n, audience, before, 20)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents/"+strconv.FormatInt(n, 10))
		return
	}
	d, err := p.u.d.Incidents.Get(r.Context(), n)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents")
		return
	}
	v := briefView{Brief: b, Now: p.u.d.Clock.Now(), Audiences: brief.Audiences, Older: b.NextCursor,
		Base: "/incidents/" + strconv.FormatInt(n, 10) + "/brief/" + audience, CanShare: canWrite(me(r), d), NewLink: newLink}
	if v.CanShare {
		if v.Links, err = p.briefs.Links(r.Context(), n); err != nil {
			p.u.refuse(w, r, err, "")
			return
		}
	}
	p.u.render(w, r, "brief", v)
}

func (p *docPages) createLink(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	audience := r.PostForm.Get("audience")
	back := "/incidents/" + strconv.FormatInt(n, 10) + "/brief/" + audience
	ttl, err := brief.ParseExpiry(r.PostForm.Get("expires_in"))
	if err != nil {
		p.u.refuse(w, r, err, back)
		return
	}
	l, err := p.briefs.CreateLink(r.Context(), me(r), n, audience, ttl)
	if err != nil {
		p.u.refuse(w, r, err, back)
		return
	}
	// The token is shown this once, on the page answering the form.
	p.showBrief(w, r, n, audience, absolute(r, l.Path))
}

func (p *docPages) revokeLink(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	id, ok := p.u.pathID(w, r, "id")
	if !ok {
		return
	}
	l, err := p.briefs.RevokeLink(r.Context(), me(r), n, id)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents/"+strconv.FormatInt(n, 10))
		return
	}
	http.Redirect(w, r, "/incidents/"+strconv.FormatInt(n, 10)+"/brief/"+l.Audience+"#links", http.StatusSeeOther)
}

// absolute makes path a full URL on the host the request came to, so that
// the link can be pasted into an email.
func absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// publicBrief serves GET /brief/{token} to anyone holding the link. An
// unknown, expired or revoked token gets the same bare 404, so a token's
// history is not revealed.
func (p *docPages) publicBrief(w http.ResponseWriter, r *http.Request) {
	l, err := p.briefs.Open(r.Context(), r.PathValue("token"))
	if err == nil {
		var b brief.Brief
		if b, err = p.briefs.Get(r.Context(), l.Incident, l.Audience, 0, brief.MaxPage); err == nil {
			var buf bytes.Buffer
			now := p.u.d.Clock.Now()
			if err = p.public.ExecuteTemplate(&buf, "brief-public", briefView{Brief: b, Now: now}); err == nil {
				publicHeaders(w)
				_, _ = buf.WriteTo(w)
				return
			}
		}
	}
	if errors.Is(err, brief.ErrNoBrief) || problem.Is(err, problem.NotFound) {
		publicHeaders(w)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1><p>This link does not open anything.</p></body></html>`))
		return
	}
	p.u.d.Logger.ErrorContext(r.Context(), "public brief", "err", err)
	p.u.fail(w, r)
}

// publicHeaders are the UI's headers, plus: the token in the URL must not
// leak through Referer when a reader follows a link in an update, and search
// engines must not index a brief.
func publicHeaders(w http.ResponseWriter) {
	pageHeaders(w)
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
}
