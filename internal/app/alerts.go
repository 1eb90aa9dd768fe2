package app

import "sitrep/internal/alert"

// startAlerts builds the alert service on the page service. Groups page no
// one until a default escalation policy is configured (a later option), so
// alerts are recorded and grouped from the first start without paging a
// stranger.
func (a *App) startAlerts(opts Options) {
	a.Alerts = alert.NewService(a.db, a.Pages, opts.clock())
}
