package app

import (
	"context"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/incident"
)

// startAlerts builds the service catalog, the routing rules and the alert
// service on the page service. A group pages what its route or service
// names; otherwise the configured escalation policy (--alert-policy);
// without one, alerts are recorded and grouped without paging a stranger.
func (a *App) startAlerts(opts Options) {
	a.Catalog = catalog.New(a.db, a.log, opts.clock())
	a.Routes = alert.NewRoutes(a.db, a.log, opts.clock())
	// A policy that a service or a route pages must not be deleted.
	a.Policies.Referrers = append(a.Policies.Referrers, catalog.PolicyUsers)
	a.Alerts = alert.NewService(a.db, a.Pages, opts.clock())
	a.Alerts.DefaultPolicy = a.cfg.Alerts.Policy
	if len(a.cfg.Alerts.GroupBy) > 0 {
		a.Alerts.GroupBy = a.cfg.Alerts.GroupBy
	}
	a.Alerts.StormDeclare = a.cfg.Alerts.StormDeclare
	if a.cfg.Alerts.StormUpdate > 0 {
		a.Alerts.StormUpdateEvery = a.cfg.Alerts.StormUpdate
	}
	a.Alerts.Declare = func(ctx context.Context, actor auth.Principal, title, summary, severity string) (int64, error) {
		inc, err := a.Incidents.Declare(ctx, actor, incident.Declaration{Title: title, Summary: summary, Severity: incident.Severity(severity)})
		if err != nil {
			a.logger.ErrorContext(ctx, "declare incident for alert group", "title", title, "err", err)
			return 0, err
		}
		return inc.Number, nil
	}
}
