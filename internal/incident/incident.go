// Package incident owns incidents and everything a response is made of:
// severity and status, milestones, roles and their handoffs, responders and
// their stints, workstreams with leads and updates, audience-addressed updates,
// message channels, and the family of related incidents (split, link, merge).
// Every mutation is one transaction that also appends its timeline event.
package incident

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// Severity is SEV-1 (worst) to SEV-5.
type Severity string

// Severities lists every severity, worst first.
var Severities = []Severity{"SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5"}

// Valid reports whether s is one of Severities.
func (s Severity) Valid() bool {
	for _, v := range Severities {
		if s == v {
			return true
		}
	}
	return false
}

// Status is where the response stands.
type Status string

// The statuses, in their usual order.
const (
	Investigating Status = "investigating"
	Identified    Status = "identified"
	Monitoring    Status = "monitoring"
	Resolved      Status = "resolved"
)

// Valid reports whether s is a status.
func (s Status) Valid() bool {
	switch s {
	case Investigating, Identified, Monitoring, Resolved:
		return true
	}
	return false
}

// Incident is the record of one incident.
type Incident struct {
	Number     int64       `json:"number"`
	Title      string      `json:"title"`
	Summary    string      `json:"summary"`
	Severity   Severity    `json:"severity"`
	Status     Status      `json:"status"`
	Parent     int64       `json:"parent,omitempty"`
	MergedInto int64       `json:"merged_into,omitempty"`
	Tags       []string    `json:"tags"`
	CreatedBy  string      `json:"created_by,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
	Milestones []Milestone `json:"milestones"`
}

// Detail is an incident with the state a responder reads first.
type Detail struct {
	Incident
	Roles       []RoleHolder `json:"roles"`
	Workstreams []Workstream `json:"workstreams"`
	Responders  int          `json:"responders"`
	Children    []int64      `json:"children"`
	Links       []Link       `json:"links"`
}

// Limits on text fields. A 100 KB title is an accident or an attack, never a title.
const (
	MaxTitle   = 200
	MaxSummary = 10000
	MaxBody    = 20000
	MaxName    = 100
	MaxTags    = 50
)

func checkText(field, value string, min, max int) error {
	n := utf8.RuneCountInString(value)
	if !utf8.ValidString(value) {
		return problem.Invalidf(field, "must be valid UTF-8 text")
	}
	if n < min || strings.TrimSpace(value) == "" && min > 0 {
		return problem.Invalidf(field, "must not be empty")
	}
	if n > max {
		return problem.Invalidf(field, "must be at most %d characters (got %d)", max, n)
	}
	return nil
}

func checkSeverity(field string, s Severity) error {
	if !s.Valid() {
		return problem.Invalidf(field, "%q is not a severity; use one of SEV-1 (worst), SEV-2, SEV-3, SEV-4, SEV-5", string(s))
	}
	return nil
}

var tagPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:._/=-]{0,99}$`)

// normalizeTags checks tags such as "region:eu1" or "service:api" and returns
// them sorted without repeats.
func normalizeTags(field string, tags []string) ([]string, error) {
	if len(tags) > MaxTags {
		return nil, problem.Invalidf(field, "at most %d tags", MaxTags)
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if !tagPattern.MatchString(t) {
			return nil, problem.Invalidf(field, "%q is not a tag; use letters, digits and :._/=- such as region:eu1 or service:api", t)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}
