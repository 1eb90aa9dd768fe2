package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// EscalationPolicy says whom to page in which order: step 0 at once, each
// later step when the one before has waited its delay unacknowledged, and
// the whole list Repeat more times after the last step.
type EscalationPolicy struct {
	ID          int64            `json:"id,omitempty"`
	Name        string           `json:"name"`
	Description string           `json:"description,omitempty"`
	Repeat      int              `json:"repeat"`
	Steps       []EscalationStep `json:"steps"`
	CreatedAt   time.Time        `json:"created_at,omitzero"`
	UpdatedAt   time.Time        `json:"updated_at,omitzero"`
}

// EscalationStep pages its targets and waits DelaySeconds for an acknowledgement.
type EscalationStep struct {
	DelaySeconds int                `json:"delay_seconds"`
	Targets      []EscalationTarget `json:"targets"`
}

// EscalationTarget is a user (Ref is a handle), a schedule, another policy,
// or a group of the page's incident (incident-leads, incident-responders,
// incident-commander, family-commanders).
type EscalationTarget struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// EscalationPolicyPage is one page of policies in name order.
type EscalationPolicyPage struct {
	Policies   []EscalationPolicy `json:"policies"`
	NextCursor string             `json:"next_cursor,omitempty"`
}

func policyPath(name string) string { return "/api/v1/escalation-policies/" + url.PathEscape(name) }

// CreateEscalationPolicy adds a policy (admin only).
func (c *Client) CreateEscalationPolicy(ctx context.Context, p EscalationPolicy, opts ...Request) (EscalationPolicy, error) {
	var out EscalationPolicy
	err := c.do(ctx, "POST", "/api/v1/escalation-policies", nil, policyBody(p), &out, opts...)
	return out, err
}

// EscalationPolicy reads a policy by name.
func (c *Client) EscalationPolicy(ctx context.Context, name string) (EscalationPolicy, error) {
	var out EscalationPolicy
	err := c.do(ctx, "GET", policyPath(name), nil, nil, &out)
	return out, err
}

// EscalationPolicies lists policies named after cursor ("" for the first
// page); a limit of 0 lets the server choose.
func (c *Client) EscalationPolicies(ctx context.Context, cursor string, limit int) (EscalationPolicyPage, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out EscalationPolicyPage
	err := c.do(ctx, "GET", "/api/v1/escalation-policies", q, nil, &out)
	return out, err
}

// ReplaceEscalationPolicy replaces the description, repeat and steps of
// policy name (admin only). p.Name may be empty.
func (c *Client) ReplaceEscalationPolicy(ctx context.Context, name string, p EscalationPolicy) (EscalationPolicy, error) {
	var out EscalationPolicy
	err := c.do(ctx, "PUT", policyPath(name), nil, policyBody(p), &out)
	return out, err
}

// DeleteEscalationPolicy deletes a policy no other policy hands on to (admin only).
func (c *Client) DeleteEscalationPolicy(ctx context.Context, name string) error {
	return c.do(ctx, "DELETE", policyPath(name), nil, nil, nil)
}

// policyBody leaves out what the server sets (id and times), which a policy
// read back and sent again would otherwise carry.
func policyBody(p EscalationPolicy) map[string]any {
	body := map[string]any{"repeat": p.Repeat, "steps": p.Steps}
	if p.Name != "" {
		body["name"] = p.Name
	}
	if p.Description != "" {
		body["description"] = p.Description
	}
	return body
}
