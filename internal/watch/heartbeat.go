package watch

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/alert"
	"sitrep/internal/problem"
)

// HeartbeatKind says who calls a heartbeat: a scheduled job, or the main
// monitoring itself (a Watchdog alert that always fires), whose silence
// means nobody would be told about anything else either.
type HeartbeatKind string

// The kinds of heartbeat.
const (
	HeartbeatJob        HeartbeatKind = "job"
	HeartbeatMonitoring HeartbeatKind = "monitoring"
)

// HeartbeatStatus is where a heartbeat stands. Late is never stored: it is an
// up heartbeat read after its interval but within its grace.
type HeartbeatStatus string

// The statuses of a heartbeat.
const (
	HeartbeatNew  HeartbeatStatus = "new"
	HeartbeatUp   HeartbeatStatus = "up"
	HeartbeatLate HeartbeatStatus = "late"
	HeartbeatDown HeartbeatStatus = "down"
)

// Limits of a heartbeat. Ten seconds is the shortest interval the checker
// resolves well; thirty days covers monthly jobs.
const (
	MinHeartbeatInterval = 10 * time.Second
	MaxHeartbeatInterval = 30 * 24 * time.Hour
	MaxHeartbeatGrace    = 7 * 24 * time.Hour
	// maxHeartbeatDescription is what an alert annotation may hold: the
	// description travels in the alert.
	maxHeartbeatDescription = alert.MaxValueBytes
)

// MonitoringSilentSummary is what a missed monitoring heartbeat says: the
// one alert that fires when every other alert could be lost.
const MonitoringSilentSummary = "the main monitoring has gone silent: you may be blind"

var (
	hbName     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	hbService  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	hbSeverity = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)
)

// Heartbeat is a deadline that a job or the monitoring pushes back by pinging.
type Heartbeat struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Kind        HeartbeatKind   `json:"kind"`
	Interval    time.Duration   `json:"-"`
	Grace       time.Duration   `json:"-"`
	Service     string          `json:"service,omitempty"`
	Severity    string          `json:"severity"`
	Description string          `json:"description,omitempty"`
	TokenPrefix string          `json:"token_prefix"`
	Status      HeartbeatStatus `json:"status"`
	Failed      bool            `json:"failed,omitempty"`
	LastPingAt  time.Time       `json:"last_ping_at,omitzero"`
	NextDueAt   time.Time       `json:"next_due_at,omitzero"`
	DownSince   time.Time       `json:"down_since,omitzero"`
	Pings       int64           `json:"pings"`
	CreatedAt   time.Time       `json:"created_at"`
}

// NewHeartbeat is what it takes to create a heartbeat. Zero values take the
// defaults: kind job, grace min(interval, 5 min), severity critical.
type NewHeartbeat struct {
	Name        string
	Kind        HeartbeatKind
	Interval    time.Duration
	Grace       time.Duration
	Service     string
	Severity    string
	Description string
}

// HeartbeatPatch changes some fields of a heartbeat; nil leaves one as it is.
type HeartbeatPatch struct {
	Kind        *HeartbeatKind
	Interval    *time.Duration
	Grace       *time.Duration
	Service     *string
	Severity    *string
	Description *string
}

// DefaultGrace is the grace of a heartbeat that names none: as long as the
// interval, up to five minutes. A job that runs every minute may be a minute
// late; a nightly backup should not wait hours before anyone hears.
func DefaultGrace(interval time.Duration) time.Duration {
	return min(interval, 5*time.Minute)
}

func (n *NewHeartbeat) normalize() error {
	if !hbName.MatchString(n.Name) {
		return problem.Invalidf("name", "use 1-63 lowercase letters, digits and dashes, starting with a letter or digit, such as \"nightly-backup\"")
	}
	if n.Kind == "" {
		n.Kind = HeartbeatJob
	}
	if n.Severity == "" {
		n.Severity = "critical"
	}
	if n.Grace == 0 {
		n.Grace = DefaultGrace(n.Interval)
	}
	return checkHeartbeat(n.Kind, n.Interval, n.Grace, n.Service, n.Severity, n.Description)
}

func checkHeartbeat(kind HeartbeatKind, interval, grace time.Duration, service, severity, description string) error {
	if kind != HeartbeatJob && kind != HeartbeatMonitoring {
		return problem.Invalidf("kind", "must be job or monitoring")
	}
	if interval < MinHeartbeatInterval || interval > MaxHeartbeatInterval {
		return problem.Invalidf("interval", "must be between %s and %s", MinHeartbeatInterval, MaxHeartbeatInterval)
	}
	if interval%time.Second != 0 {
		return problem.Invalidf("interval", "must be whole seconds")
	}
	if grace < time.Second || grace > MaxHeartbeatGrace || grace%time.Second != 0 {
		return problem.Invalidf("grace", "must be whole seconds between 1s and %s", MaxHeartbeatGrace)
	}
	if service != "" && !hbService.MatchString(service) {
		return problem.Invalidf("service", "must be a service name: lowercase letters, digits, - and _")
	}
	if !hbSeverity.MatchString(severity) {
		return problem.Invalidf("severity", "use 1-32 letters, digits, _ or -, such as critical or warning")
	}
	if len(description) > maxHeartbeatDescription || !utf8.ValidString(description) || strings.ContainsRune(description, 0) {
		return problem.Invalidf("description", "must be UTF-8 text of at most %d bytes", maxHeartbeatDescription)
	}
	return nil
}

// apply returns h changed by p, validated.
func (p HeartbeatPatch) apply(h Heartbeat) (Heartbeat, error) {
	if p.Kind != nil {
		h.Kind = *p.Kind
	}
	if p.Interval != nil {
		h.Interval = *p.Interval
		if p.Grace == nil && h.Grace > h.Interval {
			// A shorter interval keeps a grace no longer than itself, as a
			// new heartbeat would get.
			h.Grace = DefaultGrace(h.Interval)
		}
	}
	if p.Grace != nil {
		h.Grace = *p.Grace
	}
	if p.Service != nil {
		h.Service = *p.Service
	}
	if p.Severity != nil {
		h.Severity = *p.Severity
	}
	if p.Description != nil {
		h.Description = *p.Description
	}
	return h, checkHeartbeat(h.Kind, h.Interval, h.Grace, h.Service, h.Severity, h.Description)
}

// shown is h as a reader at now sees it: up but past its interval is late.
func (h Heartbeat) shown(now time.Time) Heartbeat {
	if h.Status == HeartbeatUp && !h.LastPingAt.IsZero() && now.After(h.LastPingAt.Add(h.Interval)) {
		h.Status = HeartbeatLate
	}
	return h
}
