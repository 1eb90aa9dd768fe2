package client

import (
	"context"
	"net/url"
	"strconv"
)

// Declaration declares an incident.
type Declaration struct {
	Title     string   `json:"title"`
	Severity  string   `json:"severity"`
	Summary   string   `json:"summary,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	Commander string   `json:"commander,omitempty"`
}

// Declare opens an incident.
func (c *Client) Declare(ctx context.Context, d Declaration, opts ...Request) (Incident, error) {
	var inc Incident
	err := c.do(ctx, "POST", "/api/v1/incidents", nil, d, &inc, opts...)
	return inc, err
}

// Filter narrows a list of incidents.
type Filter struct {
	Status   string
	Severity string
	Tag      string
	Parent   int64
	Cursor   string
	Limit    int
}

// IncidentPage is one page of incidents.
type IncidentPage struct {
	Incidents  []Incident `json:"incidents"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// Incidents lists incidents newest first.
func (c *Client) Incidents(ctx context.Context, f Filter) (IncidentPage, error) {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("status", f.Status)
	set("severity", f.Severity)
	set("tag", f.Tag)
	set("cursor", f.Cursor)
	if f.Parent != 0 {
		q.Set("parent", itoa(f.Parent))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var p IncidentPage
	err := c.do(ctx, "GET", "/api/v1/incidents", q, nil, &p)
	return p, err
}

// Incident reads an incident with its roles and workstreams.
func (c *Client) Incident(ctx context.Context, number int64) (Detail, error) {
	var d Detail
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number), nil, nil, &d)
	return d, err
}

// Patch changes headline fields; nil fields stay.
type Patch struct {
	Title    *string   `json:"title,omitempty"`
	Summary  *string   `json:"summary,omitempty"`
	Severity *string   `json:"severity,omitempty"`
	Status   *string   `json:"status,omitempty"`
	Tags     *[]string `json:"tags,omitempty"`
}

// UpdateIncident applies p.
func (c *Client) UpdateIncident(ctx context.Context, number int64, p Patch) (Incident, error) {
	var inc Incident
	err := c.do(ctx, "PATCH", "/api/v1/incidents/"+itoa(number), nil, p, &inc)
	return inc, err
}

// Resolve sets the status to resolved.
func (c *Client) Resolve(ctx context.Context, number int64) (Incident, error) {
	s := "resolved"
	return c.UpdateIncident(ctx, number, Patch{Status: &s})
}

// Split splits a child incident off number.
type Split struct {
	Title       string   `json:"title"`
	Severity    string   `json:"severity,omitempty"`
	Summary     string   `json:"summary,omitempty"`
	Commander   string   `json:"commander,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Workstreams []int64  `json:"workstreams,omitempty"`
}

// Split opens a child incident of number.
func (c *Client) Split(ctx context.Context, number int64, s Split) (Incident, error) {
	var inc Incident
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/split", nil, s, &inc)
	return inc, err
}

// Link relates number to other ("related"), or merges number into other ("duplicate").
func (c *Client) Link(ctx context.Context, number, other int64, kind string) (Link, error) {
	var l Link
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/links", nil, map[string]any{"number": other, "kind": kind}, &l)
	return l, err
}
