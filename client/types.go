package client

import (
	"encoding/json"
	"time"
)

// Incident is an incident's record.
type Incident struct {
	Number     int64       `json:"number"`
	Title      string      `json:"title"`
	Summary    string      `json:"summary"`
	Severity   string      `json:"severity"`
	Status     string      `json:"status"`
	Parent     int64       `json:"parent,omitempty"`
	MergedInto int64       `json:"merged_into,omitempty"`
	Tags       []string    `json:"tags"`
	CreatedBy  string      `json:"created_by,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
	Milestones []Milestone `json:"milestones"`
}

// Milestone is a moment in an incident's life.
type Milestone struct {
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
	SetBy  string    `json:"set_by,omitempty"`
}

// Detail is an incident with its roles, workstreams and relations.
type Detail struct {
	Incident
	Roles       []RoleHolder `json:"roles"`
	Workstreams []Workstream `json:"workstreams"`
	Responders  int          `json:"responders"`
	Children    []int64      `json:"children"`
	Links       []Link       `json:"links"`
}

// RoleHolder is a tenure of a role.
type RoleHolder struct {
	Role       string    `json:"role"`
	User       string    `json:"user"`
	Name       string    `json:"name"`
	AssignedBy string    `json:"assigned_by,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
}

// Responder is a stint of one person on an incident.
type Responder struct {
	User     string    `json:"user"`
	Name     string    `json:"name"`
	JoinedAt time.Time `json:"joined_at"`
	LeftAt   time.Time `json:"left_at,omitzero"`
}

// Workstream is one line of work with a lead.
type Workstream struct {
	ID           int64     `json:"id"`
	Incident     int64     `json:"incident"`
	Name         string    `json:"name"`
	Lead         string    `json:"lead,omitempty"`
	Status       string    `json:"status"`
	Priority     int       `json:"priority"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	LastUpdateAt time.Time `json:"last_update_at,omitzero"`
}

// Update is a status update for an audience, or a workstream's report.
type Update struct {
	ID         int64     `json:"id"`
	Incident   int64     `json:"incident"`
	Workstream int64     `json:"workstream,omitempty"`
	Audience   string    `json:"audience"`
	Body       string    `json:"body"`
	Author     string    `json:"author"`
	CreatedAt  time.Time `json:"created_at"`
}

// Message is a line in a channel.
type Message struct {
	ID         int64     `json:"id"`
	Incident   int64     `json:"incident"`
	Workstream int64     `json:"workstream,omitempty"`
	Body       string    `json:"body"`
	Author     string    `json:"author"`
	CreatedAt  time.Time `json:"created_at"`
}

// Link relates two incidents.
type Link struct {
	Number    int64     `json:"number"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// Event is a timeline entry.
type Event struct {
	ID       int64           `json:"id"`
	Incident int64           `json:"incident,omitempty"`
	Seq      int64           `json:"seq"`
	Kind     string          `json:"kind"`
	Actor    string          `json:"actor,omitempty"`
	At       time.Time       `json:"at"`
	Data     json.RawMessage `json:"data"`
}

// User is a person who can sign in or hold a token.
type User struct {
	Handle    string    `json:"handle"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// NewUser is what it takes to add a user.
type NewUser struct {
	Handle   string `json:"handle"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Role     string `json:"role"`
	Password string `json:"password,omitempty"`
}

// Token is an API token; Secret is set only when it was just created.
type Token struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Secret    string    `json:"secret,omitempty"`
}
