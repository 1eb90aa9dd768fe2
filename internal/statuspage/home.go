package statuspage

import (
	"context"
	"net/http"
	"time"
)

// homePage is what / shows.
type homePage struct {
	Status  string
	Active  []Incident
	History []Incident
	Now     time.Time
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
	return renderHTML(http.StatusOK, "home.html", homePage{Status: Overall(active), Active: active, History: history, Now: now})
}
