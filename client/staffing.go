package client

import (
	"context"
	"net/url"
)

// Join puts user (yourself when empty) on an incident.
func (c *Client) Join(ctx context.Context, number int64, user string) (Responder, error) {
	var r Responder
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/responders", nil, map[string]string{"user": user}, &r)
	return r, err
}

// Leave ends user's stint (yours when empty) on an incident.
func (c *Client) Leave(ctx context.Context, number int64, user string) error {
	if user == "" {
		user = "@me"
	}
	return c.do(ctx, "DELETE", "/api/v1/incidents/"+itoa(number)+"/responders/"+url.PathEscape(user), nil, nil, nil)
}

// ResponderPage is one page of responders.
type ResponderPage struct {
	Responders []Responder `json:"responders"`
	NextCursor string      `json:"next_cursor,omitempty"`
}

// Responders lists responders; all includes past stints.
func (c *Client) Responders(ctx context.Context, number int64, all bool, cursor string) (ResponderPage, error) {
	q := url.Values{}
	if all {
		q.Set("all", "true")
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var p ResponderPage
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/responders", q, nil, &p)
	return p, err
}

// AssignRole hands role to user.
func (c *Client) AssignRole(ctx context.Context, number int64, role, user string) (RoleHolder, error) {
	var h RoleHolder
	err := c.do(ctx, "PUT", "/api/v1/incidents/"+itoa(number)+"/roles/"+url.PathEscape(role), nil, map[string]string{"user": user}, &h)
	return h, err
}

// RoleHistory lists every tenure of every role.
func (c *Client) RoleHistory(ctx context.Context, number int64) ([]RoleHolder, error) {
	var out struct {
		Roles []RoleHolder `json:"roles"`
	}
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/roles", nil, nil, &out)
	return out.Roles, err
}

// WorkstreamChange creates or changes a workstream; nil fields stay.
type WorkstreamChange struct {
	Name     *string `json:"name,omitempty"`
	Lead     *string `json:"lead,omitempty"`
	Priority *int    `json:"priority,omitempty"`
	Status   *string `json:"status,omitempty"`
}

// AddWorkstream opens a workstream.
func (c *Client) AddWorkstream(ctx context.Context, number int64, name, lead string, priority int) (Workstream, error) {
	var w Workstream
	body := map[string]any{"name": name, "lead": lead}
	if priority != 0 {
		body["priority"] = priority
	}
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/workstreams", nil, body, &w)
	return w, err
}

// UpdateWorkstream changes a workstream.
func (c *Client) UpdateWorkstream(ctx context.Context, number, id int64, ch WorkstreamChange) (Workstream, error) {
	var w Workstream
	err := c.do(ctx, "PATCH", "/api/v1/incidents/"+itoa(number)+"/workstreams/"+itoa(id), nil, ch, &w)
	return w, err
}

// Workstreams lists an incident's workstreams, highest priority first.
func (c *Client) Workstreams(ctx context.Context, number int64) ([]Workstream, error) {
	var out struct {
		Workstreams []Workstream `json:"workstreams"`
	}
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/workstreams", nil, nil, &out)
	return out.Workstreams, err
}

// PostWorkstreamUpdate posts a workstream's latest state; status may be empty.
func (c *Client) PostWorkstreamUpdate(ctx context.Context, number, id int64, body, status string) (Update, error) {
	var u Update
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/workstreams/"+itoa(id)+"/updates", nil,
		map[string]string{"body": body, "status": status}, &u)
	return u, err
}

// PostUpdate addresses an update to audience.
func (c *Client) PostUpdate(ctx context.Context, number int64, audience, body string, opts ...Request) (Update, error) {
	var u Update
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/updates", nil, map[string]string{"body": body, "audience": audience}, &u, opts...)
	return u, err
}

// PostMessage posts to the incident channel (workstream 0) or a workstream's.
func (c *Client) PostMessage(ctx context.Context, number, workstream int64, body string) (Message, error) {
	var m Message
	in := map[string]any{"body": body}
	if workstream != 0 {
		in["workstream"] = workstream
	}
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/messages", nil, in, &m)
	return m, err
}

// CreateUser adds a user (admin only).
func (c *Client) CreateUser(ctx context.Context, u NewUser) (User, error) {
	var out User
	err := c.do(ctx, "POST", "/api/v1/users", nil, u, &out)
	return out, err
}

// CreateToken creates an API token for user (yourself when empty).
func (c *Client) CreateToken(ctx context.Context, user, name string) (Token, error) {
	var t Token
	err := c.do(ctx, "POST", "/api/v1/tokens", nil, map[string]string{"user": user, "name": name}, &t)
	return t, err
}
