package web

// Stable ids and names for browser tests and the live script:
//
//	forms:   declare-form, workstream-form, update-form, message-form,
//	         severity-form, status-form, role-form, join-form, leave-form,
//	         responder-form, link-form, merge-form, split-form,
//	         ws-change-form, ws-update-form, ws-message-form (workstream page)
//	regions: region-header, region-workstreams, region-timeline, region-channel
//	         (each an element whose content the live script replaces)
//	inputs:  named like the API fields: title, severity, summary, status, body,
//	         audience, name, lead, priority, role, user, number, kind
//
// The incident page carries data-live="/incidents/N/live?since=SEQ" on
// region-header's parent; live.js opens that EventSource.

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"sitrep/internal/incident"
	"sitrep/internal/store"
)

// Page bounds: the incident page stays the same size however long the
// incident runs.
const (
	timelineHead   = 50
	channelHead    = 50
	respondersHead = 100
)

type headerView struct {
	incident.Detail
	Now       time.Time
	Commander string
}

// Elapsed says how long ago the incident was declared.
func (h headerView) Elapsed() string {
	if e := ago(h.Now, h.CreatedAt); e != "just now" {
		return e + " ago"
	}
	return "just now"
}

type timelineView struct {
	Incident int64
	Events   []timelineItem
	// Older is the cursor of the page before the first shown; 0 if none.
	Older int64
}

type channelView struct {
	Incident   int64
	Workstream int64
	Messages   []incident.Message
}

type incidentView struct {
	Header     headerView
	Board      boardView
	Timeline   timelineView
	Channel    channelView
	Responders []responderRow
	Roles      []incident.Role
	Seq        int64
	Severities []incident.Severity
	Statuses   []incident.Status
	Audiences  []string
}

// Live is the URL of this page's live stream.
func (v incidentView) Live() string {
	return "/incidents/" + itoa(v.Header.Number) + "/live?since=" + itoa(v.Seq)
}

func (u *UI) incidentPage(w http.ResponseWriter, r *http.Request) {
	n, ok := u.number(w, r)
	if !ok {
		return
	}
	v, err := u.incidentView(r.Context(), n, readBoardQuery(r.URL.Query()))
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	u.render(w, r, "incident", v)
}

func (u *UI) incidentView(ctx context.Context, n int64, q boardQuery) (incidentView, error) {
	v, err := u.regionsView(ctx, n, q)
	if err != nil {
		return v, err
	}
	var rs []incident.Responder
	err = parallel(
		func() (err error) {
			rs, _, err = u.d.Incidents.Responders(ctx, n, false, 0, respondersHead)
			return err
		},
		func() (err error) { v.Roles, err = u.d.Incidents.Roles(ctx); return err },
	)
	v.Responders = withRoles(rs, v.Header.Roles)
	return v, err
}

// regionsView reads what the live regions show: header, board, timeline head
// and channel. The reads are independent and run concurrently, which keeps
// the page's server time near that of the slowest read on PostgreSQL.
func (u *UI) regionsView(ctx context.Context, n int64, q boardQuery) (incidentView, error) {
	// The sequence is read first: anything committed after it reaches a
	// live reader as an event, so nothing falls between page and stream.
	seq, err := u.eventSeq(ctx, n)
	if errors.Is(err, store.ErrNotFound) {
		return incidentView{}, notFound(n)
	}
	if err != nil {
		return incidentView{}, err
	}
	v := incidentView{Seq: seq, Severities: incident.Severities, Audiences: incident.Audiences,
		Statuses: []incident.Status{incident.Investigating, incident.Identified, incident.Monitoring, incident.Resolved}}
	now := u.d.Clock.Now()
	var d incident.Detail
	err = parallel(
		func() (err error) { d, err = u.d.Incidents.Get(ctx, n); return err },
		func() (err error) { v.Timeline, err = u.timelineHead(ctx, n, seq); return err },
		func() (err error) { v.Channel, err = u.channel(ctx, n, 0); return err },
	)
	if err != nil {
		return v, err
	}
	v.Header = header(d, now)
	v.Board = buildBoard(n, d.Workstreams, q, now)
	return v, nil
}

// parallel runs fs concurrently and returns the first error.
func parallel(fs ...func() error) error {
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Go(func() { errs[i] = f() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func header(d incident.Detail, now time.Time) headerView {
	h := headerView{Detail: d, Now: now}
	for _, r := range d.Roles {
		if r.Role == incident.RoleCommander {
			h.Commander = r.User
		}
	}
	return h
}

// timelineHead is the newest events, newest first, ending at seq.
func (u *UI) timelineHead(ctx context.Context, n, seq int64) (timelineView, error) {
	return u.timelineBefore(ctx, n, seq+1, timelineHead)
}

// timelineBefore is up to limit events with seq below before, newest first.
func (u *UI) timelineBefore(ctx context.Context, n, before int64, limit int) (timelineView, error) {
	v := timelineView{Incident: n, Events: []timelineItem{}}
	if before <= 1 {
		return v, nil
	}
	after := max(before-1-int64(limit), 0)
	evs, err := u.d.Incidents.Timeline(ctx, n, after, int(before-1-after))
	if err != nil {
		return timelineView{}, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Seq < before {
			v.Events = append(v.Events, describe(evs[i]))
		}
	}
	if after > 0 {
		v.Older = after + 1
	}
	return v, nil
}

// channel is the newest messages of a channel, oldest first as chat reads.
func (u *UI) channel(ctx context.Context, n, ws int64) (channelView, error) {
	after, err := u.tailCursor(ctx, "messages", n, ws, channelHead)
	if err != nil {
		return channelView{}, err
	}
	msgs, _, err := u.d.Incidents.Messages(ctx, n, ws, after, channelHead)
	return channelView{Incident: n, Workstream: ws, Messages: msgs}, err
}

// boardFragment serves GET /incidents/{n}/board: the board alone, sorted and
// filtered by the query. The live script fetches it for readers whose board
// is not the default view, which the live stream does not carry.
func (u *UI) boardFragment(w http.ResponseWriter, r *http.Request) {
	n, ok := u.number(w, r)
	if !ok {
		return
	}
	ws, err := u.d.Incidents.Workstreams(r.Context(), n)
	if err == nil && len(ws) == 0 {
		_, err = u.d.Incidents.Get(r.Context(), n)
	}
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	b, err := u.fragment("board", buildBoard(n, ws, readBoardQuery(r.URL.Query()), u.d.Clock.Now()))
	if err != nil {
		u.refuse(w, r, err, "")
		return
	}
	pageHeaders(w)
	_, _ = w.Write(b)
}

// responderRow is a responder with the roles they hold.
type responderRow struct {
	incident.Responder
	Roles []string
}

func withRoles(rs []incident.Responder, roles []incident.RoleHolder) []responderRow {
	held := map[string][]string{}
	for _, h := range roles {
		held[h.User] = append(held[h.User], h.Role)
	}
	out := make([]responderRow, len(rs))
	for i, r := range rs {
		out[i] = responderRow{Responder: r, Roles: held[r.User]}
	}
	return out
}
