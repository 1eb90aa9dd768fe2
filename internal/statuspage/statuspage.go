// Package statuspage owns the public status page: what customers see, built
// only from public updates. It reads incidents and their public updates and
// never anything addressed to responders, support or executives, nor
// messages, workstreams or people; it serves HTML, an Atom feed and a JSON
// summary on a listener of its own, without login. It also owns the
// components shown there with their status history and uptime bars,
// scheduled maintenance windows, and subscribers (email with double opt-in,
// webhooks) with the durable outbox that tells them about public updates,
// resolutions and maintenance.
package statuspage

import "time"

// Limits keep every page bounded however long an outage runs: a status page
// that grows without end is slowest exactly when the most people read it.
const (
	MaxActive     = 50
	MaxHistory    = 200
	MaxUpdates    = 100
	MaxFeed       = 50
	HistoryWindow = 90 * 24 * time.Hour
)

// Incident is what the public may know of one incident.
type Incident struct {
	Number    int64     `json:"number"`
	Title     string    `json:"title"`
	Severity  string    `json:"severity"`
	Impact    string    `json:"impact"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	// ResolvedAt is set once resolved. There is no "updated at": it would
	// tell the public when responders last touched the incident internally.
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	// Components are the names of the components it affects.
	Components []string `json:"components"`
	Updates    []Update `json:"updates"`
}

// Update is one public update. It carries no author: responders' names are
// not the public's business.
type Update struct {
	ID        int64     `json:"id"`
	Incident  int64     `json:"incident"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Overall statuses of the summary, from the worst active incident.
const (
	Operational = "operational"
	Degraded    = "degraded"
	MajorOutage = "major outage"
)

// Impact words a severity the way a customer reads it.
func Impact(severity string) string {
	switch severity {
	case "SEV-1":
		return "Major outage"
	case "SEV-2":
		return "Partial outage"
	case "SEV-3":
		return "Degraded performance"
	default:
		return "Minor impact"
	}
}

// Overall is the status the page leads with: a major outage while any active
// incident is SEV-1, degraded while any other is active, else operational.
func Overall(active []Incident) string {
	status := Operational
	for _, inc := range active {
		if inc.Severity == "SEV-1" {
			return MajorOutage
		}
		status = Degraded
	}
	return status
}

// CSP is the public page's Content-Security-Policy: it runs no script at all
// and loads nothing but its own stylesheet, so stored text can never run and
// the page works when every CDN is down. Its only forms (subscribe,
// confirm, unsubscribe) post to itself.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
