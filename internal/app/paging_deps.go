package app

import "sitrep/internal/page"

// pagingDeps connects the page service to schedules, escalation policies and
// contact methods.
func (a *App) pagingDeps(d *page.Deps) {}
