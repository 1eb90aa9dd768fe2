package alert

import (
	"time"

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
}

// NewService returns the alert service with the default grouping and storm
// settings and no paging target.
func NewService(db *store.DB, pages *page.Service, c clock.Clock) *Service {
	return &Service{db: db, pages: pages, clock: c, GroupBy: DefaultGroupBy,
		StormThreshold: DefaultStormThreshold, StormWindow: DefaultStormWindow}
}

// Result says what one Ingest did.
type Result struct {
	Accepted int  `json:"accepted"`
	New      int  `json:"new"`
	Resolved int  `json:"resolved"`
	Storm    bool `json:"storm"`
}

func (s *Service) paging() bool { return s.DefaultPolicy != "" || len(s.DefaultTargets) > 0 }
