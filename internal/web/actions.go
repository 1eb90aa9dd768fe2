package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/incident"
	"sitrep/internal/problem"
)

// action is a form handler of one incident: it calls the incident service
// and returns where to send the browser next ("" for the incident page).
type action func(r *http.Request, n int64) (string, error)

// mountActions registers one POST route per action of the core API. Every
// form posts its fields named as in the JSON API, plus the session's csrf.
func (u *UI) mountActions(mux *http.ServeMux) {
	for path, a := range map[string]action{
		"details":                   u.editDetails,
		"severity":                  u.setSeverity,
		"status":                    u.setStatus,
		"milestones":                u.setMilestone,
		"roles":                     u.assignRole,
		"roles/release":             u.releaseRole,
		"join":                      u.join,
		"leave":                     u.leave,
		"responders":                u.addResponder,
		"workstreams":               u.addWorkstream,
		"workstreams/{id}":          u.changeWorkstream,
		"workstreams/{id}/updates":  u.workstreamUpdate,
		"workstreams/{id}/messages": u.workstreamMessage,
		"updates":                   u.postUpdate,
		"messages":                  u.postMessage,
		"links":                     u.link,
		"merge":                     u.merge,
		"split":                     u.split,
	} {
		mux.HandleFunc("POST /incidents/{n}/"+path, u.writer(u.run(a)))
	}
}

// run serves an action: post, then redirect (303) back to the page the form
// was on, or show the refusal as a page with its status.
func (u *UI) run(a action) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, ok := u.number(w, r)
		if !ok {
			return
		}
		back := "/incidents/" + itoa(n)
		next, err := a(r, n)
		if err != nil {
			if p, ok := problem.As(err); ok && p.Field != "" && p.Kind == problem.Invalid {
				err = problem.Invalidf(p.Field, "%s: %s", p.Field, p.Message)
			}
			u.refuse(w, r, err, back)
			return
		}
		if next == "" {
			next = back
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

func form(r *http.Request, name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }

// optional is a pointer to a form field's value, nil when it was left empty.
func optional(r *http.Request, name string) *string {
	if v := form(r, name); v != "" {
		return &v
	}
	return nil
}

func formInt(r *http.Request, name string) (int64, error) {
	v := form(r, name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, problem.Invalidf(name, "%q is not a number", v)
	}
	return n, nil
}

func (u *UI) editDetails(r *http.Request, n int64) (string, error) {
	p := incident.Patch{Title: optional(r, "title")}
	if _, ok := r.PostForm["summary"]; ok {
		s := r.PostForm.Get("summary")
		p.Summary = &s
	}
	if _, ok := r.PostForm["tags"]; ok {
		tags := splitList(r.PostForm.Get("tags"))
		p.Tags = &tags
	}
	_, err := u.d.Incidents.Update(r.Context(), me(r), n, p)
	return "", err
}

func (u *UI) setSeverity(r *http.Request, n int64) (string, error) {
	sev := incident.Severity(form(r, "severity"))
	_, err := u.d.Incidents.Update(r.Context(), me(r), n, incident.Patch{Severity: &sev})
	return "", err
}

func (u *UI) setStatus(r *http.Request, n int64) (string, error) {
	st := incident.Status(form(r, "status"))
	_, err := u.d.Incidents.Update(r.Context(), me(r), n, incident.Patch{Status: &st})
	return "", err
}

func (u *UI) setMilestone(r *http.Request, n int64) (string, error) {
	at, err := time.Parse(time.RFC3339, form(r, "at"))
	if err != nil {
		return "", problem.Invalidf("at", "must be a time such as 2023-03-08T01:22:00Z")
	}
	_, err = u.d.Incidents.SetMilestone(r.Context(), me(r), n, form(r, "kind"), at, form(r, "reason"))
	return "", err
}

func (u *UI) assignRole(r *http.Request, n int64) (string, error) {
	_, err := u.d.Incidents.AssignRole(r.Context(), me(r), n, form(r, "role"), form(r, "user"))
	return "", err
}

func (u *UI) releaseRole(r *http.Request, n int64) (string, error) {
	return "", u.d.Incidents.ReleaseRole(r.Context(), me(r), n, form(r, "role"))
}

func (u *UI) join(r *http.Request, n int64) (string, error) {
	_, err := u.d.Incidents.Join(r.Context(), me(r), n, me(r).Handle)
	return "", err
}

// leave takes the caller off the incident, or the responder named in user.
func (u *UI) leave(r *http.Request, n int64) (string, error) {
	who := form(r, "user")
	if who == "" {
		who = me(r).Handle
	}
	return "", u.d.Incidents.Leave(r.Context(), me(r), n, who)
}

func (u *UI) addResponder(r *http.Request, n int64) (string, error) {
	who := form(r, "user")
	if who == "" {
		return "", problem.Invalidf("user", "name the responder to add by handle")
	}
	_, err := u.d.Incidents.Join(r.Context(), me(r), n, who)
	return "", err
}

func (u *UI) workstreamChange(r *http.Request) (incident.WorkstreamChange, error) {
	c := incident.WorkstreamChange{Name: optional(r, "name"), Status: optional(r, "status")}
	if _, ok := r.PostForm["lead"]; ok {
		lead := form(r, "lead")
		c.Lead = &lead
	}
	if v := form(r, "priority"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			return c, problem.Invalidf("priority", "must be 1 (highest) to 5 (lowest)")
		}
		c.Priority = &p
	}
	return c, nil
}

func (u *UI) addWorkstream(r *http.Request, n int64) (string, error) {
	c, err := u.workstreamChange(r)
	if err != nil {
		return "", err
	}
	if c.Name == nil {
		return "", problem.Invalidf("name", "give the workstream a name")
	}
	if c.Lead != nil && *c.Lead == "" {
		c.Lead = nil
	}
	ws, err := u.d.Incidents.AddWorkstream(r.Context(), me(r), n, c)
	if err != nil {
		return "", err
	}
	return "/incidents/" + itoa(n) + "/workstreams/" + itoa(ws.ID), nil
}

func (u *UI) changeWorkstream(r *http.Request, n int64) (string, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return "", problem.NotFoundf("id", "there is no workstream %q", r.PathValue("id"))
	}
	c, err := u.workstreamChange(r)
	if err != nil {
		return "", err
	}
	_, err = u.d.Incidents.UpdateWorkstream(r.Context(), me(r), n, id, c)
	return wsPath(n, id), err
}

func (u *UI) workstreamUpdate(r *http.Request, n int64) (string, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return "", problem.NotFoundf("id", "there is no workstream %q", r.PathValue("id"))
	}
	_, err = u.d.Incidents.PostWorkstreamUpdate(r.Context(), me(r), n, id, r.PostForm.Get("body"), form(r, "status"))
	return wsPath(n, id), err
}

func (u *UI) workstreamMessage(r *http.Request, n int64) (string, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return "", problem.NotFoundf("id", "there is no workstream %q", r.PathValue("id"))
	}
	_, err = u.d.Incidents.PostMessage(r.Context(), me(r), n, id, r.PostForm.Get("body"))
	return wsPath(n, id) + "#channel", err
}

func wsPath(n, id int64) string { return "/incidents/" + itoa(n) + "/workstreams/" + itoa(id) }

func (u *UI) postUpdate(r *http.Request, n int64) (string, error) {
	_, err := u.d.Incidents.PostUpdate(r.Context(), me(r), n, form(r, "audience"), r.PostForm.Get("body"))
	return "", err
}

func (u *UI) postMessage(r *http.Request, n int64) (string, error) {
	_, err := u.d.Incidents.PostMessage(r.Context(), me(r), n, 0, r.PostForm.Get("body"))
	return "/incidents/" + itoa(n) + "#region-channel", err
}

func (u *UI) link(r *http.Request, n int64) (string, error) {
	other, err := formInt(r, "number")
	if err != nil {
		return "", err
	}
	kind := form(r, "kind")
	if kind == "" {
		kind = "related"
	}
	_, err = u.d.Incidents.LinkIncidents(r.Context(), me(r), n, other, kind)
	return "", err
}

// merge closes this incident as a duplicate of the one named in number, and
// goes there.
func (u *UI) merge(r *http.Request, n int64) (string, error) {
	target, err := formInt(r, "number")
	if err != nil {
		return "", err
	}
	return "/incidents/" + itoa(target), u.d.Incidents.Merge(r.Context(), me(r), n, target)
}

func (u *UI) split(r *http.Request, n int64) (string, error) {
	sp := incident.Split{Title: form(r, "title"), Summary: r.PostForm.Get("summary"), Severity: incident.Severity(form(r, "severity")),
		Commander: form(r, "commander"), Tags: splitList(r.PostForm.Get("tags"))}
	for _, v := range r.PostForm["workstreams"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", problem.Invalidf("workstreams", "%q is not a workstream id", v)
		}
		sp.Workstreams = append(sp.Workstreams, id)
	}
	child, err := u.d.Incidents.Split(r.Context(), me(r), n, sp)
	if err != nil {
		return "", err
	}
	return "/incidents/" + itoa(child.Number), nil
}
