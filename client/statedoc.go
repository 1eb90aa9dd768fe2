package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// SectionRevision is one saved version of a section of the state document.
type SectionRevision struct {
	Section   string    `json:"section"`
	Revision  int64     `json:"revision"`
	Body      string    `json:"body"`
	HTML      string    `json:"html"`
	Author    string    `json:"author,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// StateSection is a written section of the state document with its current revision.
type StateSection struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	SectionRevision
}

// LeadUpdate is a workstream lead's latest report.
type LeadUpdate struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	HTML      string    `json:"html"`
	CreatedAt time.Time `json:"created_at"`
}

// WorkstreamSection is the part of the state document a workstream writes.
type WorkstreamSection struct {
	ID       int64       `json:"id"`
	Name     string      `json:"name"`
	Lead     string      `json:"lead,omitempty"`
	Status   string      `json:"status"`
	Priority int         `json:"priority"`
	Latest   *LeadUpdate `json:"latest_update,omitempty"`
}

// StateDoc is an incident's living state document.
type StateDoc struct {
	Incident    int64               `json:"incident"`
	Seq         int64               `json:"seq"`
	Sections    []StateSection      `json:"sections"`
	Workstreams []WorkstreamSection `json:"workstreams"`
	Total       int                 `json:"workstreams_total"`
	NextCursor  string              `json:"next_cursor,omitempty"`
}

// Section returns the written section key ("what_we_know", "theories",
// "guidance"), or a zero section.
func (d StateDoc) Section(key string) StateSection {
	for _, s := range d.Sections {
		if s.Key == key {
			return s
		}
	}
	return StateSection{}
}

// StateDoc reads an incident's state document; cursor continues the
// workstream sections ("" for the first page).
func (c *Client) StateDoc(ctx context.Context, number int64, cursor string) (StateDoc, error) {
	var d StateDoc
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/state", q, nil, &d)
	return d, err
}

// EditState saves section as the revision after base. If someone saved since
// base, the *Error has status 409 and its first detail's Value holds the
// current revision.
func (c *Client) EditState(ctx context.Context, number int64, section, body string, base int64) (SectionRevision, error) {
	var r SectionRevision
	err := c.do(ctx, "PUT", "/api/v1/incidents/"+itoa(number)+"/state/"+url.PathEscape(section), nil,
		map[string]any{"body": body, "base_revision": base}, &r)
	return r, err
}

// StateHistory lists revisions of section newest first; cursor continues.
func (c *Client) StateHistory(ctx context.Context, number int64, section, cursor string) ([]SectionRevision, string, error) {
	var out struct {
		Revisions  []SectionRevision `json:"revisions"`
		NextCursor string            `json:"next_cursor"`
	}
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/state/"+url.PathEscape(section)+"/history", q, nil, &out)
	return out.Revisions, out.NextCursor, err
}

// BriefHeader is what a brief states first.
type BriefHeader struct {
	Number     int64     `json:"number"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"`
	Status     string    `json:"status"`
	StartedAt  time.Time `json:"started_at"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	Commander  string    `json:"commander,omitempty"`
}

// BriefUpdate is an update as a brief shows it.
type BriefUpdate struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	HTML      string    `json:"html"`
	CreatedAt time.Time `json:"created_at"`
}

// Brief is an audience's view of an incident.
type Brief struct {
	Header     BriefHeader   `json:"incident"`
	Audience   string        `json:"audience"`
	Seq        int64         `json:"seq"`
	Updates    []BriefUpdate `json:"updates"`
	NextCursor int64         `json:"next_cursor,omitempty"`
}

// Brief reads audience's brief (support, executives, public); before
// continues the updates (0 for the newest).
func (c *Client) Brief(ctx context.Context, number int64, audience string, before int64) (Brief, error) {
	var b Brief
	q := url.Values{}
	if before != 0 {
		q.Set("cursor", strconv.FormatInt(before, 10))
	}
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/briefs/"+url.PathEscape(audience), q, nil, &b)
	return b, err
}

// BriefLink is a read-only link to a brief; Token and Path only when created.
type BriefLink struct {
	ID        int64     `json:"id"`
	Incident  int64     `json:"incident"`
	Audience  string    `json:"audience"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	Token     string    `json:"token,omitempty"`
	Path      string    `json:"path,omitempty"`
}

// CreateBriefLink hands out a link to audience's brief, working for
// expiresIn ("7d", "36h"; "" for a week).
func (c *Client) CreateBriefLink(ctx context.Context, number int64, audience, expiresIn string) (BriefLink, error) {
	var l BriefLink
	err := c.do(ctx, "POST", "/api/v1/incidents/"+itoa(number)+"/brief-links", nil,
		map[string]string{"audience": audience, "expires_in": expiresIn}, &l)
	return l, err
}

// BriefLinks lists an incident's brief links, without tokens.
func (c *Client) BriefLinks(ctx context.Context, number int64) ([]BriefLink, error) {
	var out struct {
		Links []BriefLink `json:"links"`
	}
	err := c.do(ctx, "GET", "/api/v1/incidents/"+itoa(number)+"/brief-links", nil, nil, &out)
	return out.Links, err
}

// RevokeBriefLink ends a brief link at once.
func (c *Client) RevokeBriefLink(ctx context.Context, number, id int64) error {
	return c.do(ctx, "DELETE", "/api/v1/incidents/"+itoa(number)+"/brief-links/"+itoa(id), nil, nil, nil)
}
