package statuspage

import (
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// The statuses of a component, from best to worst for customers.
const (
	CompOperational   = "operational"
	CompMaintenance   = "maintenance"
	CompDegraded      = "degraded"
	CompPartialOutage = "partial_outage"
	CompMajorOutage   = "major_outage"
)

// componentStatuses ranks each status: higher is worse. Maintenance ranks
// above operational so a day with maintenance shows it, but it is never
// downtime.
var componentStatuses = map[string]int{
	CompOperational: 0, CompMaintenance: 1, CompDegraded: 2, CompPartialOutage: 3, CompMajorOutage: 4,
}

// StatusLabel words a component status for people.
func StatusLabel(status string) string {
	switch status {
	case CompOperational:
		return "Operational"
	case CompMaintenance:
		return "Under maintenance"
	case CompDegraded:
		return "Degraded performance"
	case CompPartialOutage:
		return "Partial outage"
	case CompMajorOutage:
		return "Major outage"
	}
	return status
}

// IsDown reports whether status counts against uptime.
func IsDown(status string) bool {
	return status == CompDegraded || status == CompPartialOutage || status == CompMajorOutage
}

// Limits of components.
const (
	MaxComponents    = 200
	MaxComponentName = 100
	MaxComponentDesc = 500
)

// Component is one thing customers use, such as "API" in "EU".
type Component struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Group       string    `json:"group"`
	Description string    `json:"description"`
	Position    int64     `json:"position"`
	Status      string    `json:"status"`
	Service     string    `json:"service,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ComponentChange is a partial update; nil fields stay as they are. Status
// changes are recorded in the component's history.
type ComponentChange struct {
	Name        *string
	Group       *string
	Description *string
	Position    *int64
	Status      *string
	Service     *string
	// Incident, when set with Status, ties the change to that incident: it
	// is recorded on the incident's timeline and lists the component as
	// affected.
	Incident int64
}

func checkStatus(field, s string) error {
	if _, ok := componentStatuses[s]; !ok {
		return problem.Invalidf(field, "%q is not a component status; use operational, degraded, partial_outage, major_outage or maintenance", s)
	}
	return nil
}

func checkLen(field, s string, min, max int) error {
	n := utf8.RuneCountInString(s)
	if !utf8.ValidString(s) || n < min || n > max || strings.ContainsRune(s, 0) {
		if min > 0 {
			return problem.Invalidf(field, "must be %d-%d characters", min, max)
		}
		return problem.Invalidf(field, "must be at most %d characters", max)
	}
	return nil
}

func (c ComponentChange) validate() error {
	if c.Name != nil {
		*c.Name = strings.TrimSpace(*c.Name)
		if err := checkLen("name", *c.Name, 1, MaxComponentName); err != nil {
			return err
		}
	}
	if c.Group != nil {
		*c.Group = strings.TrimSpace(*c.Group)
		if err := checkLen("group", *c.Group, 0, MaxComponentName); err != nil {
			return err
		}
	}
	if c.Description != nil {
		if err := checkLen("description", *c.Description, 0, MaxComponentDesc); err != nil {
			return err
		}
	}
	if c.Service != nil {
		if err := checkLen("service", *c.Service, 0, MaxComponentName); err != nil {
			return err
		}
	}
	if c.Status != nil {
		if err := checkStatus("status", *c.Status); err != nil {
			return err
		}
	}
	if c.Incident != 0 && c.Status == nil {
		return problem.Invalidf("status", "give the status the incident puts the component in")
	}
	return nil
}
