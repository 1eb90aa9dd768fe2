package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/incident"
	"sitrep/internal/markdown"
	"sitrep/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

// Deps is what the war room needs from the rest of sitrep.
type Deps struct {
	Incidents *incident.Service
	// DB is read for the one figure the incident service does not expose:
	// an incident's latest event sequence, where the timeline's newest page
	// starts.
	DB     *store.DB
	Clock  clock.Clock
	Logger *slog.Logger
}

// UI is the server-rendered war room.
type UI struct {
	d     Deps
	pages map[string]*template.Template
	live  *liveHub
}

// New parses the templates and returns the war room. Templates are embedded,
// so a parse error is a build defect and panics at start.
func New(d Deps) *UI {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	u := &UI{d: d, pages: parsePages()}
	u.live = newLiveHub(u, "incident", regions[:], u.incidentRegions)
	return u
}

func (u *UI) hub() *event.Hub { return u.d.Incidents.Log().Hub() }

// Template layout: files whose name starts with "_" are shared (the layout
// and the fragments of live regions) and are parsed into every page; every
// other file is a page that defines "title" and "content" and is rendered
// inside "layout" by render. Pages see the layout's data (see layoutData):
// their own data is .Data; .Me, .CSRF and .Can are the signed-in user's.
func parsePages() map[string]*template.Template {
	shared, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		panic(err)
	}
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, shared...))
	all, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{"": base}
	for _, f := range all {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, f))
	}
	return pages
}

var funcs = template.FuncMap{
	"asset":    assetPath,
	"markdown": markdown.Render,
	"ago":      ago,
	"utc":      func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"lower":    strings.ToLower,
	"add":      func(a, b int) int { return a + b },
	"list":     func(xs ...int) []int { return xs },
	"sevClass": func(s incident.Severity) string {
		return "sev-" + strings.TrimPrefix(strings.ToLower(string(s)), "sev-")
	},
}

// ago says how long before now t was, in whole minutes, hours or days.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// layoutData is what every page's template receives.
type layoutData struct {
	Me auth.Principal
	// CSRF is the session's token for forms; empty for callers signed in by
	// an API token, who need none.
	CSRF string
	// Can is true when the caller's role may change things (responder or admin).
	Can  bool
	Now  time.Time
	Data any
}

func (u *UI) layout(r *http.Request, data any) layoutData {
	me, _ := auth.FromContext(r.Context())
	csrf, _ := auth.SessionCSRF(r.Context())
	return layoutData{Me: me, CSRF: csrf, Can: me.Role.Allows(auth.Responder), Now: u.d.Clock.Now(), Data: data}
}

// render writes page name (templates/name.html inside the layout) with status
// 200. The page is rendered to a buffer first, so a template error becomes a
// clean error page rather than half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	u.renderStatus(w, r, http.StatusOK, name, data)
}

// renderStatus is render with another status code.
func (u *UI) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t := u.pages[name]
	if t == nil {
		u.d.Logger.ErrorContext(r.Context(), "render: no such page", "page", name)
		u.fail(w, r)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", u.layout(r, data)); err != nil {
		u.d.Logger.ErrorContext(r.Context(), "render", "page", name, "err", err)
		u.fail(w, r)
		return
	}
	pageHeaders(w)
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// fragment renders one shared template (a live region) to bytes.
func (u *UI) fragment(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := u.pages[""].ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("render fragment %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
