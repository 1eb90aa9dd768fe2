package web

import (
	"net/http"

	"sitrep/internal/incident"
	"sitrep/internal/problem"
)

// wsUpdatesHead is how many of a workstream's updates its page shows.
const wsUpdatesHead = 50

type workstreamView struct {
	Incident   incident.Detail
	Workstream row
	Updates    []incident.Update
	Channel    channelView
	Statuses   []string
}

// workstreamPage serves GET /incidents/{n}/workstreams/{id}: the workstream,
// its lead's updates (newest first), its channel and the forms that change it.
func (u *UI) workstreamPage(w http.ResponseWriter, r *http.Request) {
	n, ok := u.number(w, r)
	if !ok {
		return
	}
	id, ok := u.pathID(w, r, "id")
	if !ok {
		return
	}
	ctx := r.Context()
	d, err := u.d.Incidents.Get(ctx, n)
	if err != nil {
		u.refuse(w, r, err, "/incidents")
		return
	}
	v := workstreamView{Incident: d, Statuses: []string{incident.WorkActive, incident.WorkBlocked, incident.WorkDone}}
	board := buildBoard(n, d.Workstreams, boardQuery{Sort: "priority"}, u.d.Clock.Now())
	found := false
	for _, rw := range board.Rows {
		if rw.ID == id {
			v.Workstream, found = rw, true
		}
	}
	if !found {
		u.refuse(w, r, problem.NotFoundf("id", "incident %d has no workstream %d", n, id), "/incidents/"+itoa(n))
		return
	}
	after, err := u.tailCursor(ctx, "updates", n, id, wsUpdatesHead)
	if err != nil {
		u.refuse(w, r, err, "")
		return
	}
	ups, _, err := u.d.Incidents.Updates(ctx, n, incident.UpdateFilter{Workstream: id, After: after, Limit: wsUpdatesHead})
	if err != nil {
		u.refuse(w, r, err, "")
		return
	}
	for i, j := 0, len(ups)-1; i < j; i, j = i+1, j-1 {
		ups[i], ups[j] = ups[j], ups[i]
	}
	v.Updates = ups
	if v.Channel, err = u.channel(ctx, n, id); err != nil {
		u.refuse(w, r, err, "")
		return
	}
	u.render(w, r, "workstream", v)
}
