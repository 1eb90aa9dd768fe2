package app

import "sitrep/internal/page"

// scheduleDeps connects paging to schedules (being built).
func (a *App) scheduleDeps(d *page.Deps) {}

// contactDeps connects paging to contact methods (being built).
func (a *App) contactDeps(d *page.Deps) {}
