package statuspage

import (
	"context"
	"net/http"
	"time"
)

// homePage is what / shows.
type homePage struct {
	Status      string
	Groups      []Group
	Maintenance []Maintenance
	Active      []Incident
	History     []Incident
	Now         time.Time
	Subscribe   bool
}

func (h *Handler) home(ctx context.Context, _ *http.Request) (response, error) {
	now := h.clock.Now()
	active, err := h.store.Active(ctx)
	if err != nil {
		return response{}, err
	}
	history, err := h.store.History(ctx, now.Add(-HistoryWindow))
	if err != nil {
		return response{}, err
	}
	groups, err := h.svc.Board(ctx, now)
	if err != nil {
		return response{}, err
	}
	maint, err := h.upcoming(ctx)
	if err != nil {
		return response{}, err
	}
	return renderHTML(http.StatusOK, "home.html", homePage{Status: worse(Overall(active), BoardStatus(groups)), Groups: groups, Maintenance: maint,
		Active: active, History: history, Now: now, Subscribe: h.svc.MailEnabled()})
}

// upcoming lists the windows scheduled or in progress.
func (h *Handler) upcoming(ctx context.Context) ([]Maintenance, error) {
	all, err := h.svc.Maintenance(ctx, false)
	if err != nil {
		return nil, err
	}
	out := []Maintenance{}
	for _, m := range all {
		if m.State == MaintScheduled || m.State == MaintInProgress {
			out = append(out, m)
		}
	}
	return out, nil
}
