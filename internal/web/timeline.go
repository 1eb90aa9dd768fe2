package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/event"
	"sitrep/internal/incident"
	"sitrep/internal/markdown"
)

// timelineItem is one event as the timeline shows it.
type timelineItem struct {
	Seq   int64
	Kind  string
	Actor string
	At    time.Time
	// Text is a one-line account of the event's fields.
	Text string
	// Body is the Markdown of a message or update, rendered and sanitized.
	Body template.HTML
}

// describe turns an event into a timeline line. Text fields are shown as
// data, never as markup: the template escapes Text, and Body went through
// the Markdown sanitizer.
func describe(ev event.Event) timelineItem {
	it := timelineItem{Seq: ev.Seq, Kind: ev.Kind, Actor: ev.Actor, At: ev.At}
	var data map[string]any
	if json.Unmarshal(ev.Data, &data) != nil {
		return it
	}
	if body, ok := data["body"].(string); ok {
		it.Body = markdown.Render(body)
	}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		switch k {
		case "body", "incident", "created_at", "id":
			continue
		}
		switch v := data[k].(type) {
		case string:
			if v != "" {
				parts = append(parts, k+": "+clip(v, 120))
			}
		case float64:
			parts = append(parts, k+": "+strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			parts = append(parts, k+": "+strconv.FormatBool(v))
		case []any:
			parts = append(parts, fmt.Sprintf("%s: %d", k, len(v)))
		}
	}
	it.Text = clip(strings.Join(parts, " · "), 300)
	return it
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

type timelinePageView struct {
	Title    string
	Timeline timelineView
}

// timelinePage serves GET /incidents/{n}/timeline?before=SEQ: the whole
// timeline, newest first, a page at a time.
func (u *UI) timelinePage(w http.ResponseWriter, r *http.Request) {
	n, ok := u.number(w, r)
	if !ok {
		return
	}
	d, err := u.d.Incidents.Get(r.Context(), n)
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	if err != nil || before <= 0 {
		seq, err := u.eventSeq(r.Context(), n)
		if err != nil {
			u.refuse(w, r, err, "")
			return
		}
		before = seq + 1
	}
	tl, err := u.timelineBefore(r.Context(), n, before, 100)
	if err != nil {
		u.refuse(w, r, err, "")
		return
	}
	u.render(w, r, "timeline", timelinePageView{Title: d.Title, Timeline: tl})
}

type respondersPageView struct {
	Incident   incident.Detail
	Responders []responderRow
	All        bool
	Next       int64
}

// respondersPage serves GET /incidents/{n}/responders?after=CURSOR&all=1.
func (u *UI) respondersPage(w http.ResponseWriter, r *http.Request) {
	n, ok := u.number(w, r)
	if !ok {
		return
	}
	d, err := u.d.Incidents.Get(r.Context(), n)
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	all := r.URL.Query().Get("all") != ""
	rs, next, err := u.d.Incidents.Responders(r.Context(), n, all, max(after, 0), 200)
	if err != nil {
		u.refuse(w, r, err, "")
		return
	}
	u.render(w, r, "responders", respondersPageView{Incident: d, Responders: withRoles(rs, d.Roles), All: all, Next: next})
}
