package statuspage

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Summary is /api/summary.json: for scripts and other status aggregators.
type Summary struct {
	Status      string             `json:"status"`
	UpdatedAt   time.Time          `json:"updated_at"`
	Components  []SummaryComponent `json:"components"`
	Incidents   []Incident         `json:"incidents"`
	Maintenance []Maintenance      `json:"maintenance"`
}

// SummaryComponent is a component in the summary.
type SummaryComponent struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Group  string  `json:"group"`
	Status string  `json:"status"`
	Uptime float64 `json:"uptime_90d"`
}

func (h *Handler) summary(ctx context.Context, _ *http.Request) (response, error) {
	now := h.clock.Now()
	active, err := h.store.Active(ctx)
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
	comps := []SummaryComponent{}
	for _, g := range groups {
		for _, c := range g.Components {
			comps = append(comps, SummaryComponent{ID: c.ID, Name: c.Name, Group: c.Group, Status: c.Current, Uptime: c.Bars.Uptime})
		}
	}
	b, err := json.Marshal(Summary{Status: worse(Overall(active), BoardStatus(groups)), UpdatedAt: now, Components: comps, Incidents: active, Maintenance: maint})
	if err != nil {
		return response{}, err
	}
	return response{status: http.StatusOK, contentType: "application/json", body: b}, nil
}
