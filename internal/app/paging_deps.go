package app

import (
	"context"

	"sitrep/internal/page"
)

// pagingDeps connects the page service to escalation policies, schedules and
// contact methods. The page package sees only functions, so it depends on
// none of those packages.
func (a *App) pagingDeps(d *page.Deps) {
	d.Policies = func(ctx context.Context, name string) ([]page.Step, int, error) {
		p, err := a.Policies.Get(ctx, name)
		if err != nil {
			return nil, 0, err
		}
		steps := make([]page.Step, len(p.Steps))
		for i, s := range p.Steps {
			steps[i].DelaySeconds = s.DelaySeconds
			for _, t := range s.Targets {
				steps[i].Targets = append(steps[i].Targets, page.Target{Kind: t.Kind, Ref: t.Ref})
			}
		}
		return steps, p.Repeat, nil
	}
	a.scheduleDeps(d)
	a.contactDeps(d)
}
