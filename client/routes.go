package client

import (
	"context"
	"time"
)

// Route is an alert routing rule; rules are tried by Position and the first
// whose matchers all match decides. Op is equals, not_equals, regex (RE2,
// whole value) or absent.
type Route struct {
	ID        int64          `json:"id,omitempty"`
	Position  int            `json:"position,omitempty"`
	Matchers  []RouteMatcher `json:"matchers"`
	Service   string         `json:"service,omitempty"`
	Policy    string         `json:"escalation_policy,omitempty"`
	GroupBy   []string       `json:"group_by,omitempty"`
	Declare   string         `json:"auto_declare,omitempty"`
	CreatedAt time.Time      `json:"created_at,omitzero"`
	UpdatedAt time.Time      `json:"updated_at,omitzero"`
}

// RouteMatcher tests one label of an alert.
type RouteMatcher struct {
	Label string `json:"label"`
	Op    string `json:"op"`
	Value string `json:"value,omitempty"`
}

// CreateRoute adds a routing rule at r.Position (last when 0).
func (c *Client) CreateRoute(ctx context.Context, r Route) (Route, error) {
	if r.Matchers == nil {
		r.Matchers = []RouteMatcher{}
	}
	body := map[string]any{"position": r.Position, "matchers": r.Matchers,
		"service": r.Service, "escalation_policy": r.Policy, "auto_declare": r.Declare}
	if len(r.GroupBy) > 0 {
		body["group_by"] = r.GroupBy
	}
	var out Route
	err := c.do(ctx, "POST", "/api/v1/routes", nil, body, &out)
	return out, err
}

// Routes lists the routing rules in the order they are tried.
func (c *Client) Routes(ctx context.Context) ([]Route, error) {
	var out struct {
		Routes []Route `json:"routes"`
	}
	err := c.do(ctx, "GET", "/api/v1/routes", nil, nil, &out)
	return out.Routes, err
}

// DeleteRoute removes a routing rule.
func (c *Client) DeleteRoute(ctx context.Context, id int64) error {
	return c.do(ctx, "DELETE", "/api/v1/routes/"+itoa(id), nil, nil, nil)
}

// ReorderRoutes sets the order of every routing rule.
func (c *Client) ReorderRoutes(ctx context.Context, ids []int64) ([]Route, error) {
	var out struct {
		Routes []Route `json:"routes"`
	}
	err := c.do(ctx, "PUT", "/api/v1/routes/order", nil, map[string]any{"ids": ids}, &out)
	return out.Routes, err
}
