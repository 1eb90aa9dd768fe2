package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// Layer is one rotation of a schedule. Start is a wall-clock time in the
// schedule's zone, such as "2026-03-23T09:00"; ShiftKind is daily, weekly or
// custom (ShiftLength in hours).
type Layer struct {
	Name         string   `json:"name,omitempty"`
	Members      []string `json:"members"`
	Start        string   `json:"start"`
	ShiftKind    string   `json:"shift_kind"`
	ShiftLength  int      `json:"shift_length"`
	Restrictions []Window `json:"restrictions,omitempty"`
}

// Window limits a layer to some hours, such as weekdays 09:00 to 17:00.
type Window struct {
	Days  []string `json:"days,omitempty"`
	Start string   `json:"start"`
	End   string   `json:"end"`
}

// ScheduleSpec creates a schedule or replaces one's rotation.
type ScheduleSpec struct {
	Name        string  `json:"name,omitempty"`
	Description string  `json:"description,omitempty"`
	TimeZone    string  `json:"time_zone"`
	Layers      []Layer `json:"layers"`
}

// Schedule is a stored schedule. Overrides lists those not yet ended.
type Schedule struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	TimeZone    string     `json:"time_zone"`
	Layers      []Layer    `json:"layers"`
	Overrides   []Override `json:"overrides,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Override changes who is on call for a while.
type Override struct {
	ID        int64     `json:"id,omitempty"`
	User      string    `json:"user,omitempty"`
	Replaces  string    `json:"replaces,omitempty"`
	Start     time.Time `json:"start,omitzero"`
	End       time.Time `json:"end,omitzero"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// SchedulePage is one page of schedules.
type SchedulePage struct {
	Schedules  []Schedule `json:"schedules"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// OnCall says who is on call for one schedule at one instant.
type OnCall struct {
	Schedule string    `json:"schedule"`
	At       time.Time `json:"at"`
	Users    []string  `json:"users"`
}

// OnCallPage says who is on call for every schedule, a page at a time.
type OnCallPage struct {
	At         time.Time `json:"at"`
	Schedules  []OnCall  `json:"schedules"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

// Shift is a stretch of time with the same people on call.
type Shift struct {
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	OnCall []string  `json:"on_call"`
}

// ShiftList is who is on call over a range.
type ShiftList struct {
	Schedule string    `json:"schedule"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Shifts   []Shift   `json:"shifts"`
}

// Feed is a calendar feed URL, shown once.
type Feed struct {
	URL   string `json:"url"`
	Token string `json:"token"`
}

func schedulePath(name string) string { return "/api/v1/schedules/" + url.PathEscape(name) }

// CreateSchedule stores a new schedule (admin).
func (c *Client) CreateSchedule(ctx context.Context, s ScheduleSpec, opts ...Request) (Schedule, error) {
	var out Schedule
	err := c.do(ctx, "POST", "/api/v1/schedules", nil, s, &out, opts...)
	return out, err
}

// ReplaceSchedule replaces the description, zone and layers of schedule name (admin).
func (c *Client) ReplaceSchedule(ctx context.Context, name string, s ScheduleSpec) (Schedule, error) {
	s.Name = ""
	var out Schedule
	err := c.do(ctx, "PUT", schedulePath(name), nil, s, &out)
	return out, err
}

// Schedule reads a schedule with its current and upcoming overrides.
func (c *Client) Schedule(ctx context.Context, name string) (Schedule, error) {
	var out Schedule
	err := c.do(ctx, "GET", schedulePath(name), nil, nil, &out)
	return out, err
}

// Schedules lists schedules by name after cursor.
func (c *Client) Schedules(ctx context.Context, cursor string, limit int) (SchedulePage, error) {
	var out SchedulePage
	err := c.do(ctx, "GET", "/api/v1/schedules", pageQuery(nil, cursor, limit), nil, &out)
	return out, err
}

// DeleteSchedule deletes a schedule that no escalation policy pages (admin).
func (c *Client) DeleteSchedule(ctx context.Context, name string) error {
	return c.do(ctx, "DELETE", schedulePath(name), nil, nil, nil)
}

// AddOverride changes who is on call for schedule for a while. An empty User
// means the caller, a zero Start means now; End is required.
func (c *Client) AddOverride(ctx context.Context, schedule string, o Override, opts ...Request) (Override, error) {
	in := Override{User: o.User, Replaces: o.Replaces, Start: o.Start, End: o.End}
	var out Override
	err := c.do(ctx, "POST", schedulePath(schedule)+"/overrides", nil, in, &out, opts...)
	return out, err
}

// RemoveOverride removes override id from schedule.
func (c *Client) RemoveOverride(ctx context.Context, schedule string, id int64) error {
	return c.do(ctx, "DELETE", schedulePath(schedule)+"/overrides/"+itoa(id), nil, nil, nil)
}

// OnCall says who is on call for schedule at at; the zero time means now.
func (c *Client) OnCall(ctx context.Context, schedule string, at time.Time) (OnCall, error) {
	var out OnCall
	err := c.do(ctx, "GET", schedulePath(schedule)+"/oncall", instants(nil, "at", at), nil, &out)
	return out, err
}

// OnCallEverywhere says who is on call for every schedule at at (zero: now).
func (c *Client) OnCallEverywhere(ctx context.Context, at time.Time, cursor string, limit int) (OnCallPage, error) {
	var out OnCallPage
	err := c.do(ctx, "GET", "/api/v1/oncall", pageQuery(instants(nil, "at", at), cursor, limit), nil, &out)
	return out, err
}

// Shifts lists who is on call for schedule from `from` to `to` (zero: now and
// a week later); a non-empty user keeps only that person's stretches.
func (c *Client) Shifts(ctx context.Context, schedule string, from, to time.Time, user string) (ShiftList, error) {
	q := instants(instants(nil, "from", from), "to", to)
	if user != "" {
		q.Set("user", user)
	}
	var out ShiftList
	err := c.do(ctx, "GET", schedulePath(schedule)+"/shifts", q, nil, &out)
	return out, err
}

// ScheduleFeed makes a new iCal feed URL for schedule; the old one stops working.
func (c *Client) ScheduleFeed(ctx context.Context, schedule string) (Feed, error) {
	var out Feed
	err := c.do(ctx, "POST", schedulePath(schedule)+"/ical-token", nil, nil, &out)
	return out, err
}

// UserFeed makes a new personal iCal feed URL for handle.
func (c *Client) UserFeed(ctx context.Context, handle string) (Feed, error) {
	var out Feed
	err := c.do(ctx, "POST", "/api/v1/users/"+url.PathEscape(handle)+"/ical-token", nil, nil, &out)
	return out, err
}

func instants(q url.Values, key string, t time.Time) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if !t.IsZero() {
		q.Set(key, t.UTC().Format(time.RFC3339Nano))
	}
	return q
}

func pageQuery(q url.Values, cursor string, limit int) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return q
}
