package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/brief"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/statedoc"
)

// The state document pages: the document itself with its live region, the
// edit forms for the commander and communications lead, a section's history,
// and the conflict page that shows both texts when two people edited at once.

func init() { extraRoutes = append(extraRoutes, mountStateDoc) }

// docPages serves the state document and the briefs.
type docPages struct {
	u      *UI
	docs   *statedoc.Service
	briefs *brief.Service
	live   *liveHub
	// public renders the brief page for people without an account: its own
	// template set, with no layout, no navigation and no internal links.
	public *template.Template
	// regions keeps the rendered state region per incident, event sequence
	// and minute (the region says how long ago workstreams reported).
	regions *statedoc.SeqCache[regionKey, []byte]
}

type regionKey struct {
	incident int64
	minute   int64
}

func mountStateDoc(u *UI, mux *http.ServeMux) {
	log := u.d.Incidents.Log()
	p := &docPages{u: u,
		docs:    statedoc.NewService(u.d.DB, log, u.d.Clock),
		briefs:  brief.NewService(u.d.DB, log, u.d.Clock, u.d.Incidents),
		public:  template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/brief.html", "templates/brief_public.html")),
		regions: statedoc.NewSeqCache[regionKey, []byte](1024),
	}
	p.live = newLiveHub(u, "state document", []string{stateRegion}, p.stateRegion)
	mux.HandleFunc("GET /incidents/{n}/state", p.statePage)
	mux.HandleFunc("GET /incidents/{n}/state/live", func(w http.ResponseWriter, r *http.Request) { u.serveLive(p.live, w, r) })
	mux.HandleFunc("POST /incidents/{n}/state/{section}", u.writer(p.saveSection))
	mux.HandleFunc("GET /incidents/{n}/state/{section}/history", p.historyPage)
	p.mountBriefs(mux)
}

// stateView is the state document page's data.
type stateView struct {
	Number  int64
	Title   string
	Seq     int64
	Region  template.HTML
	CanEdit bool
	// Sections are the written sections with their current text, for the
	// edit forms (outside the live region: they belong to one reader).
	Sections []statedoc.StateSection
}

// regionView is what the live region shows; it is the same for every reader.
type regionView struct {
	Doc statedoc.StateDoc
	Now time.Time
}

// region renders incident n's state region, once per change and minute
// however many readers ask.
func (p *docPages) region(ctx context.Context, n int64) ([]byte, statedoc.StateDoc, error) {
	doc, err := p.docs.Get(ctx, n, statedoc.Page{})
	if err != nil {
		return nil, doc, err
	}
	now := p.u.d.Clock.Now()
	html, err := p.regions.Get(regionKey{n, now.Unix() / 60}, doc.Seq, func() ([]byte, error) {
		var buf bytes.Buffer
		err := p.u.pages["statedoc"].ExecuteTemplate(&buf, "statedoc-region", regionView{Doc: doc, Now: now})
		return buf.Bytes(), err
	})
	return html, doc, err
}

func (p *docPages) statePage(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	d, err := p.u.d.Incidents.Get(r.Context(), n)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents")
		return
	}
	html, doc, err := p.region(r.Context(), n)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents")
		return
	}
	p.u.render(w, r, "statedoc", stateView{Number: n, Title: d.Title, Seq: doc.Seq, Region: template.HTML(html), // #nosec: rendered from escaped templates
		CanEdit: canWrite(me(r), d), Sections: doc.Sections})
}

// canWrite reports whether who may edit the document and hand out briefs:
// the commander, the communications lead or an admin. The domain checks
// again; this only decides whether to show the forms.
func canWrite(who auth.Principal, d incident.Detail) bool {
	if who.Role.Allows(auth.Admin) {
		return true
	}
	for _, r := range d.Roles {
		if (r.Role == incident.RoleCommander || r.Role == statedoc.RoleCommsLead) && r.User == who.Handle {
			return true
		}
	}
	return false
}

// conflictView is the page shown when a save met a newer revision.
type conflictView struct {
	Number   int64
	Section  string
	Title    string
	Theirs   statedoc.SectionRevision
	YourText string
}

func (p *docPages) saveSection(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	section := r.PathValue("section")
	base, err := strconv.ParseInt(r.PostForm.Get("base_revision"), 10, 64)
	if err != nil {
		p.u.errorPage(w, r, http.StatusBadRequest, "The form lost its base revision; reload the page and edit again.", "/incidents/"+strconv.FormatInt(n, 10)+"/state")
		return
	}
	body := r.PostForm.Get("body")
	back := "/incidents/" + strconv.FormatInt(n, 10) + "/state"
	_, err = p.docs.Edit(r.Context(), me(r), n, section, body, base)
	if pe, ok := problem.As(err); ok && pe.Kind == problem.Conflict {
		if theirs, ok := pe.Value.(statedoc.SectionRevision); ok {
			title := section
			for _, s := range statedoc.Sections {
				if s.Key == section {
					title = s.Title
				}
			}
			p.u.renderStatus(w, r, http.StatusConflict, "statedoc_conflict", conflictView{Number: n, Section: section, Title: title, Theirs: theirs, YourText: body})
			return
		}
	}
	if err != nil {
		p.u.refuse(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"#section-"+section, http.StatusSeeOther)
}

// historyView is a page of a section's revisions.
type historyView struct {
	Number    int64
	Section   string
	Title     string
	Revisions []statedoc.SectionRevision
	Older     int64
}

func (p *docPages) historyPage(w http.ResponseWriter, r *http.Request) {
	n, ok := p.u.number(w, r)
	if !ok {
		return
	}
	section := r.PathValue("section")
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	revs, older, err := p.docs.History(r.Context(), n, section, before, 20)
	if err != nil {
		p.u.refuse(w, r, err, "/incidents/"+strconv.FormatInt(n, 10)+"/state")
		return
	}
	v := historyView{Number: n, Section: section, Revisions: revs, Older: older}
	for _, s := range statedoc.Sections {
		if s.Key == section {
			v.Title = s.Title
		}
	}
	p.u.render(w, r, "statedoc_history", v)
}
