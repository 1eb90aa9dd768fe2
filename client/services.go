package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// Service is a thing that breaks: tier 1 is the most critical; its
// escalation policy is paged when an alert names it.
type Service struct {
	ID          int64     `json:"id,omitempty"`
	Name        string    `json:"name"`
	DisplayName string    `json:"display_name,omitempty"`
	Tier        int       `json:"tier"`
	OwnerTeam   string    `json:"owner_team,omitempty"`
	Policy      string    `json:"escalation_policy"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// ServiceChange changes the fields it sets.
type ServiceChange struct {
	DisplayName *string `json:"display_name,omitempty"`
	Tier        *int    `json:"tier,omitempty"`
	OwnerTeam   *string `json:"owner_team,omitempty"`
	Policy      *string `json:"escalation_policy,omitempty"`
	Description *string `json:"description,omitempty"`
}

// ServiceList is one stretch of the services, by name.
type ServiceList struct {
	Services   []Service `json:"services"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

// CreateService adds a service.
func (c *Client) CreateService(ctx context.Context, s Service) (Service, error) {
	var out Service
	err := c.do(ctx, "POST", "/api/v1/services", nil, map[string]any{"name": s.Name, "display_name": s.DisplayName, "tier": s.Tier,
		"owner_team": s.OwnerTeam, "escalation_policy": s.Policy, "description": s.Description}, &out)
	return out, err
}

// Services lists services by name after cursor.
func (c *Client) Services(ctx context.Context, cursor string, limit int) (ServiceList, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out ServiceList
	err := c.do(ctx, "GET", "/api/v1/services", q, nil, &out)
	return out, err
}

// GetService reads a service.
func (c *Client) GetService(ctx context.Context, name string) (Service, error) {
	var out Service
	err := c.do(ctx, "GET", "/api/v1/services/"+url.PathEscape(name), nil, nil, &out)
	return out, err
}

// ChangeService applies ch to service name.
func (c *Client) ChangeService(ctx context.Context, name string, ch ServiceChange) (Service, error) {
	var out Service
	err := c.do(ctx, "PATCH", "/api/v1/services/"+url.PathEscape(name), nil, ch, &out)
	return out, err
}

// DeleteService removes a service no route or integration names.
func (c *Client) DeleteService(ctx context.Context, name string) error {
	return c.do(ctx, "DELETE", "/api/v1/services/"+url.PathEscape(name), nil, nil, nil)
}
