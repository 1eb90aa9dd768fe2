package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// Page is a request to reach people about something, with its lifecycle
// triggered -> acknowledged -> resolved. Kind is "page", or "broadcast" for
// a message to a group of an incident, which is resolved from the start.
type Page struct {
	ID         int64      `json:"id"`
	Incident   int64      `json:"incident,omitempty"`
	Kind       string     `json:"kind"`
	Summary    string     `json:"summary"`
	Details    string     `json:"details,omitempty"`
	Severity   string     `json:"severity,omitempty"`
	Source     string     `json:"source"`
	Policy     string     `json:"policy,omitempty"`
	Steps      []PageStep `json:"steps"`
	Repeat     int        `json:"repeat"`
	Status     string     `json:"status"`
	Step       int        `json:"step"`
	Round      int        `json:"round"`
	NextStepAt time.Time  `json:"next_step_at,omitzero"`
	CreatedBy  string     `json:"created_by,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	AckedAt    time.Time  `json:"acknowledged_at,omitzero"`
	AckedBy    string     `json:"acknowledged_by,omitempty"`
	ResolvedAt time.Time  `json:"resolved_at,omitzero"`
	ResolvedBy string     `json:"resolved_by,omitempty"`
}

// PageStep is one stage of a page's escalation: its targets are notified,
// and if nobody acknowledges within DelaySeconds the next step runs.
type PageStep struct {
	DelaySeconds int          `json:"delay_seconds"`
	Targets      []PageTarget `json:"targets"`
}

// PageTarget is whom a page reaches: Kind user (Ref is a handle), schedule
// (whoever is on call), policy (that policy's first step) or group
// (incident-leads, incident-responders, incident-commander or
// family-commanders of the page's incident).
type PageTarget struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

func (t PageTarget) String() string { return t.Kind + ":" + t.Ref }

// PageRequest asks for a page: name either Policy or Targets.
type PageRequest struct {
	Summary  string       `json:"summary"`
	Details  string       `json:"details,omitempty"`
	Incident int64        `json:"incident,omitempty"`
	Severity string       `json:"severity,omitempty"`
	Policy   string       `json:"policy,omitempty"`
	Targets  []PageTarget `json:"targets,omitempty"`
}

// PageFilter narrows a list of pages; zero fields do not filter.
type PageFilter struct {
	Status   string // triggered, acknowledged or resolved
	Incident int64
	Cursor   string
	Limit    int
}

// PageList is one stretch of a list of pages, newest first. (It is not
// called PagePage after IncidentPage: "page" is already the domain noun.)
type PageList struct {
	Pages      []Page `json:"pages"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Delivery is one notification to one contact method, and its state:
// pending, sent, failed or canceled. LastError says why a failed one failed.
type Delivery struct {
	ID        int64     `json:"id"`
	Page      int64     `json:"page"`
	User      string    `json:"user,omitempty"`
	Channel   string    `json:"channel"`
	Address   string    `json:"address"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	NextTry   time.Time `json:"next_attempt_at,omitzero"`
	LastError string    `json:"last_error,omitempty"`
	SentAt    time.Time `json:"sent_at,omitzero"`
}

// DeliveryList is one stretch of a list of deliveries, newest first.
type DeliveryList struct {
	Deliveries []Delivery `json:"deliveries"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// SeverityPolicy says whom declaring or escalating to Severity pages.
type SeverityPolicy struct {
	Severity string       `json:"severity"`
	Targets  []PageTarget `json:"targets"`
}

func pagePath(id int64) string { return "/api/v1/pages/" + itoa(id) }

// Trigger pages people. The first step's notifications are queued before it
// returns, so Deliveries of the new page already lists them.
func (c *Client) Trigger(ctx context.Context, r PageRequest, opts ...Request) (Page, error) {
	var p Page
	err := c.do(ctx, "POST", "/api/v1/pages", nil, r, &p, opts...)
	return p, err
}

// Pages lists pages newest first.
func (c *Client) Pages(ctx context.Context, f PageFilter) (PageList, error) {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", f.Status)
	}
	if f.Incident != 0 {
		q.Set("incident", itoa(f.Incident))
	}
	if f.Cursor != "" {
		q.Set("cursor", f.Cursor)
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var l PageList
	err := c.do(ctx, "GET", "/api/v1/pages", q, nil, &l)
	return l, err
}

// Page reads page id.
func (c *Client) Page(ctx context.Context, id int64) (Page, error) {
	var p Page
	err := c.do(ctx, "GET", pagePath(id), nil, nil, &p)
	return p, err
}

// Ack acknowledges page id: its escalation stops and notifications not yet
// sent are canceled. Acknowledging twice is not an error.
func (c *Client) Ack(ctx context.Context, id int64) (Page, error) {
	var p Page
	err := c.do(ctx, "POST", pagePath(id)+"/ack", nil, nil, &p)
	return p, err
}

// ResolvePage ends page id and everything still pending for it. (Resolve
// is taken: it resolves an incident.)
func (c *Client) ResolvePage(ctx context.Context, id int64) (Page, error) {
	var p Page
	err := c.do(ctx, "POST", pagePath(id)+"/resolve", nil, nil, &p)
	return p, err
}

// Deliveries lists notifications newest first: those of page when it is not
// 0, those in status (such as "failed") when it is not empty.
func (c *Client) Deliveries(ctx context.Context, page int64, status, cursor string) (DeliveryList, error) {
	q := url.Values{}
	if page != 0 {
		q.Set("page", itoa(page))
	}
	if status != "" {
		q.Set("status", status)
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var l DeliveryList
	err := c.do(ctx, "GET", "/api/v1/deliveries", q, nil, &l)
	return l, err
}

// Broadcast tells every lead, responder or commander (to is "leads",
// "responders" or "commanders") of incident number something at once. The
// group is read when the server receives it, so it follows handoffs. The
// answer is the broadcast's page; Deliveries of it shows who is notified.
func (c *Client) Broadcast(ctx context.Context, number int64, to, body string, opts ...Request) (Page, error) {
	var p Page
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/broadcast", nil, map[string]string{"to": to, "body": body}, &p, opts...)
	return p, err
}

// SeverityPolicies lists whom each severity pages on declare and escalation.
func (c *Client) SeverityPolicies(ctx context.Context) ([]SeverityPolicy, error) {
	var out struct {
		Policies []SeverityPolicy `json:"policies"`
	}
	err := c.do(ctx, "GET", "/api/v1/severity-policies", nil, nil, &out)
	return out.Policies, err
}

// SetSeverityPolicy replaces whom sev pages (admin only); no targets pages
// nobody.
func (c *Client) SetSeverityPolicy(ctx context.Context, sev string, targets []PageTarget) (SeverityPolicy, error) {
	if targets == nil {
		targets = []PageTarget{}
	}
	var p SeverityPolicy
	err := c.do(ctx, "PUT", "/api/v1/severity-policies/"+url.PathEscape(sev), nil, map[string]any{"targets": targets}, &p)
	return p, err
}
