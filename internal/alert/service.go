package alert

import (
	"context"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// Defaults of the alert service. The storm threshold is where one page per
// group stops helping: past a hundred new alerts a minute the responder needs
// one page that says "everything is on fire", not a hundred.
const (
	DefaultStormThreshold = 100
	DefaultStormWindow    = 60 * time.Second
	// DefaultStormUpdateEvery: a storm's page changes at most once a
	// minute, so its summary stays readable and notifications stay few.
	DefaultStormUpdateEvery = 60 * time.Second
)

// DefaultGroupBy are the labels that group alerts when nothing else is set.
var DefaultGroupBy = []string{"alertname", "region"}

// Service takes in alerts, groups them and pages once per group. Its
// exported fields are configuration, set before the first Ingest.
type Service struct {
	db    *store.DB
	pages *page.Service
	clock clock.Clock

	// GroupBy names the labels whose values make a group.
	GroupBy []string
	// DefaultPolicy is the escalation policy a group pages; with neither it
	// nor DefaultTargets set, groups are recorded without paging.
	DefaultPolicy  string
	DefaultTargets []page.Target
	// StormThreshold is how many distinct new alerts within StormWindow
	// switch intake to storm mode.
	StormThreshold int
	StormWindow    time.Duration
	// StormUpdateEvery bounds how often an open storm's page is rewritten
	// as alerts join it (storm_update.go).
	StormUpdateEvery time.Duration
	// StormDeclare, when set, is the severity of the incident a storm
	// declares when its route names none.
	StormDeclare string
	// Declare opens an incident for a group whose route (or storm) says so;
	// nil declares nothing. It runs after the group's transaction commits.
	Declare func(ctx context.Context, actor auth.Principal, title, summary, severity string) (int64, error)

	routeCache routeCache

	committer committer
}

// NewService returns the alert service with the default grouping and storm
// settings and no paging target.
func NewService(db *store.DB, pages *page.Service, c clock.Clock) *Service {
	return &Service{db: db, pages: pages, clock: c, GroupBy: DefaultGroupBy,
		StormThreshold: DefaultStormThreshold, StormWindow: DefaultStormWindow, StormUpdateEvery: DefaultStormUpdateEvery}
}

// Result says what one Ingest did.
type Result struct {
	Accepted int  `json:"accepted"`
	New      int  `json:"new"`
	Resolved int  `json:"resolved"`
	Storm    bool `json:"storm"`
}
