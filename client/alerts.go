package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// Alert is one alert from a monitoring system.
type Alert struct {
	ID          int64             `json:"id"`
	Fingerprint string            `json:"fingerprint"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Status      string            `json:"status"`
	StartsAt    time.Time         `json:"starts_at"`
	EndsAt      time.Time         `json:"ends_at,omitzero"`
	LastSeenAt  time.Time         `json:"last_seen_at,omitzero"`
	GroupID     int64             `json:"group_id,omitempty"`
	Source      string            `json:"source"`
}

// AlertGroup is alerts that page together: those sharing the grouping
// labels' values under one route, or every alert of a storm.
type AlertGroup struct {
	ID        int64             `json:"id"`
	Key       string            `json:"group_key"`
	Labels    map[string]string `json:"labels"`
	Status    string            `json:"status"`
	PageID    int64             `json:"page_id,omitempty"`
	Firing    int               `json:"firing"`
	Storm     bool              `json:"storm"`
	Service   string            `json:"service,omitempty"`
	Policy    string            `json:"escalation_policy,omitempty"`
	Incident  int64             `json:"incident,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
	Alerts    []Alert           `json:"alerts,omitempty"`
}

// AlertFilter narrows a list of alerts or groups; zero fields do not filter.
type AlertFilter struct {
	Status string // firing or resolved; for groups open or resolved
	Cursor string
	Limit  int
}

// AlertList is one stretch of a list of alerts, newest first.
type AlertList struct {
	Alerts     []Alert `json:"alerts"`
	NextCursor string  `json:"next_cursor,omitempty"`
}

// AlertGroupList is one stretch of a list of alert groups, newest first.
type AlertGroupList struct {
	Groups     []AlertGroup `json:"groups"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

func (f AlertFilter) query() url.Values {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", f.Status)
	}
	if f.Cursor != "" {
		q.Set("cursor", f.Cursor)
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	return q
}

// Alerts lists alerts, newest first.
func (c *Client) Alerts(ctx context.Context, f AlertFilter) (AlertList, error) {
	var out AlertList
	err := c.do(ctx, "GET", "/api/v1/alerts", f.query(), nil, &out)
	return out, err
}

// AlertGroups lists alert groups, newest first.
func (c *Client) AlertGroups(ctx context.Context, f AlertFilter) (AlertGroupList, error) {
	var out AlertGroupList
	err := c.do(ctx, "GET", "/api/v1/alert-groups", f.query(), nil, &out)
	return out, err
}

// AlertGroup reads one group with its most recent alerts.
func (c *Client) AlertGroup(ctx context.Context, id int64) (AlertGroup, error) {
	var out AlertGroup
	err := c.do(ctx, "GET", "/api/v1/alert-groups/"+itoa(id), nil, nil, &out)
	return out, err
}

// Integration is a sender of alerts with its own key. Key is set only in
// the answer to CreateIntegration.
type Integration struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Service   string    `json:"service,omitempty"`
	Prefix    string    `json:"prefix"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Key       string    `json:"key,omitempty"`
}

// CreateIntegration adds an integration of kind alertmanager, grafana or
// generic; alerts sent with its key get label service=<service> when they
// have none. The key is in the answer, once.
func (c *Client) CreateIntegration(ctx context.Context, name, kind, service string) (Integration, error) {
	var out Integration
	err := c.do(ctx, "POST", "/api/v1/integrations", nil, map[string]string{"name": name, "kind": kind, "service": service}, &out)
	return out, err
}

// Integrations lists the integrations whose keys work.
func (c *Client) Integrations(ctx context.Context) ([]Integration, error) {
	var out struct {
		Integrations []Integration `json:"integrations"`
	}
	err := c.do(ctx, "GET", "/api/v1/integrations", nil, nil, &out)
	return out.Integrations, err
}

// RevokeIntegration stops an integration's key from working.
func (c *Client) RevokeIntegration(ctx context.Context, name string) error {
	return c.do(ctx, "DELETE", "/api/v1/integrations/"+url.PathEscape(name), nil, nil, nil)
}
