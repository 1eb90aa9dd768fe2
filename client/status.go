package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// StatusComponent is a component of the public status page. Status is
// operational, degraded, partial_outage, major_outage or maintenance.
type StatusComponent struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Group       string    `json:"group"`
	Description string    `json:"description"`
	Position    int64     `json:"position"`
	Status      string    `json:"status"`
	Service     string    `json:"service,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// NewStatusComponent asks for a component; an empty Status is operational.
type NewStatusComponent struct {
	Name        string `json:"name"`
	Group       string `json:"group,omitempty"`
	Description string `json:"description,omitempty"`
	Position    int64  `json:"position,omitempty"`
	Status      string `json:"status,omitempty"`
	Service     string `json:"service,omitempty"`
}

// StatusComponentChange changes a component; nil fields stay. Incident ties
// a status change to an incident's timeline.
type StatusComponentChange struct {
	Name        *string `json:"name,omitempty"`
	Group       *string `json:"group,omitempty"`
	Description *string `json:"description,omitempty"`
	Position    *int64  `json:"position,omitempty"`
	Status      *string `json:"status,omitempty"`
	Service     *string `json:"service,omitempty"`
	Incident    int64   `json:"incident,omitempty"`
}

// StatusMaintenance is a maintenance window. State is scheduled,
// in_progress, completed or cancelled.
type StatusMaintenance struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Components []int64   `json:"components"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	State      string    `json:"state"`
}

// NewStatusMaintenance schedules a window.
type NewStatusMaintenance struct {
	Title      string    `json:"title"`
	Body       string    `json:"body,omitempty"`
	Components []int64   `json:"components,omitempty"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
}

// StatusSubscriber is an email or webhook subscriber. Secret is set only in
// the answer that created a webhook subscriber.
type StatusSubscriber struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	Address     string     `json:"address"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	Secret      string     `json:"secret,omitempty"`
}

// StatusComponents lists the status page's components.
func (c *Client) StatusComponents(ctx context.Context) ([]StatusComponent, error) {
	var out struct {
		Components []StatusComponent `json:"components"`
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/status/components", nil, nil, &out)
	return out.Components, err
}

// CreateStatusComponent adds a component.
func (c *Client) CreateStatusComponent(ctx context.Context, n NewStatusComponent) (StatusComponent, error) {
	var out StatusComponent
	err := c.do(ctx, http.MethodPost, "/api/v1/status/components", nil, n, &out)
	return out, err
}

// ChangeStatusComponent changes component id.
func (c *Client) ChangeStatusComponent(ctx context.Context, id int64, ch StatusComponentChange) (StatusComponent, error) {
	var out StatusComponent
	err := c.do(ctx, http.MethodPatch, "/api/v1/status/components/"+strconv.FormatInt(id, 10), nil, ch, &out)
	return out, err
}

// DeleteStatusComponent removes component id.
func (c *Client) DeleteStatusComponent(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/status/components/"+strconv.FormatInt(id, 10), nil, nil, nil)
}

// SetIncidentComponents puts components in status because of incident number.
func (c *Client) SetIncidentComponents(ctx context.Context, number int64, ids []int64, status string) ([]StatusComponent, error) {
	var out struct {
		Components []StatusComponent `json:"components"`
	}
	in := map[string]any{"component_ids": ids, "status": status}
	err := c.do(ctx, http.MethodPut, "/api/v1/incidents/"+strconv.FormatInt(number, 10)+"/components", nil, in, &out)
	return out.Components, err
}

// StatusMaintenance lists windows not ended or ended within a week.
func (c *Client) StatusMaintenance(ctx context.Context, all bool) ([]StatusMaintenance, error) {
	var out struct {
		Maintenance []StatusMaintenance `json:"maintenance"`
	}
	q := url.Values{}
	if all {
		q.Set("all", "true")
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/status/maintenance", q, nil, &out)
	return out.Maintenance, err
}

// ScheduleMaintenance schedules a window.
func (c *Client) ScheduleMaintenance(ctx context.Context, n NewStatusMaintenance) (StatusMaintenance, error) {
	var out StatusMaintenance
	err := c.do(ctx, http.MethodPost, "/api/v1/status/maintenance", nil, n, &out)
	return out, err
}

// CancelMaintenance cancels window id; one in progress ends now.
func (c *Client) CancelMaintenance(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/status/maintenance/"+strconv.FormatInt(id, 10), nil, nil, nil)
}

// AddStatusWebhook adds a webhook subscriber; keep the returned Secret.
func (c *Client) AddStatusWebhook(ctx context.Context, rawURL string) (StatusSubscriber, error) {
	var out StatusSubscriber
	err := c.do(ctx, http.MethodPost, "/api/v1/status/subscribers", nil, map[string]string{"url": rawURL}, &out)
	return out, err
}

// StatusSubscribers lists subscribers after id after.
func (c *Client) StatusSubscribers(ctx context.Context, after int64) ([]StatusSubscriber, error) {
	var out struct {
		Subscribers []StatusSubscriber `json:"subscribers"`
	}
	q := url.Values{}
	if after > 0 {
		q.Set("after", strconv.FormatInt(after, 10))
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/status/subscribers", q, nil, &out)
	return out.Subscribers, err
}

// DeleteStatusSubscriber removes subscriber id.
func (c *Client) DeleteStatusSubscriber(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/status/subscribers/"+strconv.FormatInt(id, 10), nil, nil, nil)
}
