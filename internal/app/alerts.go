package app

import "sitrep/internal/alert"

// startAlerts builds the alert service on the page service. Groups page the
// configured escalation policy (--alert-policy); without one, alerts are
// recorded and grouped from the first start without paging a stranger.
func (a *App) startAlerts(opts Options) {
	a.Alerts = alert.NewService(a.db, a.Pages, opts.clock())
	a.Alerts.DefaultPolicy = a.cfg.Alerts.Policy
	if len(a.cfg.Alerts.GroupBy) > 0 {
		a.Alerts.GroupBy = a.cfg.Alerts.GroupBy
	}
}
