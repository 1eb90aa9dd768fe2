package statuspage

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Summary is /api/summary.json: for scripts and other status aggregators.
type Summary struct {
	Status    string     `json:"status"`
	UpdatedAt time.Time  `json:"updated_at"`
	Incidents []Incident `json:"incidents"`
}

func (h *Handler) summary(ctx context.Context, _ *http.Request) (response, error) {
	active, err := h.store.Active(ctx)
	if err != nil {
		return response{}, err
	}
	b, err := json.Marshal(Summary{Status: Overall(active), UpdatedAt: h.clock.Now(), Incidents: active})
	if err != nil {
		return response{}, err
	}
	return response{status: http.StatusOK, contentType: "application/json", body: b}, nil
}
