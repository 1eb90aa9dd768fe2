package app

import (
	"context"

	"sitrep/internal/page"
)

// scheduleDeps connects paging to who is on call on each schedule.
func (a *App) scheduleDeps(d *page.Deps) { d.OnCall = a.Schedules.OnCall }

// contactDeps connects paging to each person's contact methods and rules.
func (a *App) contactDeps(d *page.Deps) {
	d.Contacts = func(ctx context.Context, id int64) ([]page.Contact, error) {
		steps, err := a.Contacts.Plan(ctx, id)
		if err != nil {
			return nil, err
		}
		out := make([]page.Contact, 0, len(steps))
		for _, s := range steps {
			out = append(out, page.Contact{Delay: s.Delay(), Channel: s.Method.Channel(), Address: s.Method.Address, Method: s.Method.ID})
		}
		return out, nil
	}
}
