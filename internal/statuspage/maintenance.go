package statuspage

import (
	"strings"
	"time"

	"sitrep/internal/problem"
)

// Limits of maintenance windows.
const (
	MaxMaintenanceTitle = 200
	MaxMaintenanceBody  = 5000
	MaxMaintenanceSpan  = 7 * 24 * time.Hour
	MaxMaintenanceList  = 100
)

// The states of a maintenance window, from its times and the clock.
const (
	MaintScheduled  = "scheduled"
	MaintInProgress = "in_progress"
	MaintCompleted  = "completed"
	MaintCancelled  = "cancelled"
)

// Maintenance is a window in which components are expected to be down or
// degraded; they show "maintenance" while it runs.
type Maintenance struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Components []int64   `json:"components"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	State      string    `json:"state"`
	// Names are the components' names, for the page.
	Names []string `json:"-"`
}

func (m *Maintenance) setState(cancelled bool, now time.Time) {
	switch {
	case cancelled:
		m.State = MaintCancelled
	case now.Before(m.StartsAt):
		m.State = MaintScheduled
	case now.Before(m.EndsAt):
		m.State = MaintInProgress
	default:
		m.State = MaintCompleted
	}
}

// MaintenanceChange creates or changes a window; nil fields stay as they are.
type MaintenanceChange struct {
	Title      *string
	Body       *string
	Components *[]int64
	StartsAt   *time.Time
	EndsAt     *time.Time
}

func (c MaintenanceChange) validate() error {
	if c.Title != nil {
		*c.Title = strings.TrimSpace(*c.Title)
		if err := checkLen("title", *c.Title, 1, MaxMaintenanceTitle); err != nil {
			return err
		}
	}
	if c.Body != nil {
		if err := checkLen("body", *c.Body, 0, MaxMaintenanceBody); err != nil {
			return err
		}
	}
	if c.Components != nil && len(*c.Components) > MaxComponents {
		return problem.Invalidf("components", "name at most %d components", MaxComponents)
	}
	return nil
}

// checkWindow checks the times a window ends up with.
func checkWindow(m Maintenance, now time.Time) error {
	switch {
	case !m.EndsAt.After(m.StartsAt):
		return problem.Invalidf("ends_at", "must be after starts_at")
	case m.EndsAt.Sub(m.StartsAt) > MaxMaintenanceSpan:
		return problem.Invalidf("ends_at", "a window may last at most 7 days; schedule several")
	case !m.EndsAt.After(now):
		return problem.Invalidf("ends_at", "must be in the future")
	}
	return nil
}
