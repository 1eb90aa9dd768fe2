package web

import (
	"net/http"
	"strconv"
	"strings"

	"sitrep/internal/incident"
)

// formErr is a refused form: the message, and the field it names, which the
// form shows beside that field.
type formErr struct {
	Field   string
	Message string
}

type declareView struct {
	Title, Summary, Severity, Tags, Commander string
	Severities                                []incident.Severity
	Err                                       formErr
}

func (u *UI) declareForm(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, "declare", declareView{Severity: "SEV-3", Severities: incident.Severities})
}

// declare serves POST /incidents: declare, then redirect to the incident
// (post/redirect/get). A refusal re-renders the form with what was typed and
// the message beside the field the domain named.
func (u *UI) declare(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	v := declareView{Title: f.Get("title"), Summary: f.Get("summary"), Severity: f.Get("severity"), Tags: f.Get("tags"),
		Commander: strings.TrimSpace(f.Get("commander")), Severities: incident.Severities}
	d := incident.Declaration{Title: v.Title, Summary: v.Summary, Severity: incident.Severity(v.Severity), Commander: v.Commander, Tags: splitList(v.Tags)}
	inc, err := u.d.Incidents.Declare(r.Context(), me(r), d)
	if err != nil {
		status, p, ok := problemStatus(err)
		if !ok || status == http.StatusForbidden {
			u.refuse(w, r, err, "/incidents/new")
			return
		}
		v.Err = formErr{Field: p.Field, Message: p.Message}
		u.renderStatus(w, r, status, "declare", v)
		return
	}
	http.Redirect(w, r, "/incidents/"+strconv.FormatInt(inc.Number, 10), http.StatusSeeOther)
}

// splitList reads a comma- or space-separated list.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// For returns the form error if it names field, for templates.
func (e formErr) For(field string) string {
	if e.Field == field {
		return e.Message
	}
	return ""
}

// Other is the message when it names no field of the form.
func (e formErr) Other(fields ...string) string {
	for _, f := range fields {
		if e.Field == f {
			return ""
		}
	}
	return e.Message
}
