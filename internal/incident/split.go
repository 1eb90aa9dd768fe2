package incident

import (
	"context"
	"fmt"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Split is a request to split a child incident off a parent, such as one per
// region, taking some workstreams with it.
type Split struct {
	Title       string
	Summary     string
	Severity    Severity // defaults to the parent's
	Commander   string
	Tags        []string // added to the parent's tags
	Workstreams []int64
}

// Split opens a child incident of number with its own commander, and moves the
// chosen workstreams (with their channels and updates) to it. Their leads join
// the child. Parent and child timelines both record the split.
func (s *Service) Split(ctx context.Context, actor auth.Principal, number int64, sp Split) (Incident, error) {
	var child int64
	err := s.mutate(ctx, "split", actor, number, func(o *op) error {
		if err := o.requireResponder(); err != nil {
			return err
		}
		if err := o.requireOpen("split it"); err != nil {
			return err
		}
		if sp.Severity == "" {
			sp.Severity = o.inc.Severity
		}
		if err := o.loadTags(); err != nil {
			return err
		}
		d := Declaration{Title: sp.Title, Summary: sp.Summary, Severity: sp.Severity, Commander: sp.Commander,
			Tags: append(append([]string{}, o.inc.Tags...), sp.Tags...)}
		if err := d.validate(o.now); err != nil {
			return err
		}
		ids, err := o.splitWorkstreams(sp.Workstreams)
		if err != nil {
			return err
		}
		if err := o.tx.QueryRow(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'incident' RETURNING value`).Scan(&child); err != nil {
			return err
		}
		c := &op{s: s, ctx: ctx, tx: o.tx, actor: actor, now: o.now}
		if err := c.create(child, number, d); err != nil {
			return err
		}
		if err := o.emit("incident.split", map[string]any{"child": child, "title": d.Title, "severity": d.Severity, "commander": d.Commander, "workstreams": ids}); err != nil {
			return err
		}
		for _, id := range ids {
			if err := o.moveWorkstream(c, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Incident{}, err
	}
	return s.incident(ctx, child)
}

// splitWorkstreams checks that every id is a workstream of the parent.
func (o *op) splitWorkstreams(ids []int64) ([]int64, error) {
	seen := map[int64]bool{}
	out := []int64{}
	for i, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := o.s.workstreamIn(o.ctx, o.tx, o.inc.Number, id); err != nil {
			return nil, problem.Invalidf(fmt.Sprintf("workstreams[%d]", i), "incident %d has no workstream %d", o.inc.Number, id)
		}
		out = append(out, id)
	}
	return out, nil
}

// moveWorkstream moves workstream id from o's incident to to's, with its
// updates and channel; its lead joins the destination. A name already taken
// there gets the source incident number appended.
func (o *op) moveWorkstream(to *op, id int64) error {
	w, err := o.s.workstreamIn(o.ctx, o.tx, o.inc.Number, id)
	if err != nil {
		return err
	}
	name := w.Name
	var taken int64
	if err := o.tx.QueryRow(o.ctx, `SELECT COUNT(*) FROM workstreams WHERE incident = ? AND name = ?`, to.inc.Number, name).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		// Cut by characters, not bytes: a cut inside a multi-byte character
		// is invalid UTF-8, which PostgreSQL refuses and SQLite stores as garbage.
		r := []rune(name)
		name = fmt.Sprintf("%s (from #%d)", strings.TrimSpace(string(r[:min(len(r), MaxName-16)])), o.inc.Number)
	}
	if _, err := o.tx.Exec(o.ctx, `UPDATE workstreams SET incident = ?, name = ?, updated_at = ? WHERE id = ?`,
		to.inc.Number, name, store.Micros(o.now), id); err != nil {
		return err
	}
	for _, table := range []string{"updates", "messages"} {
		if _, err := o.tx.Exec(o.ctx, `UPDATE `+table+` SET incident = ? WHERE workstream = ?`, to.inc.Number, id); err != nil {
			return err
		}
	}
	if w.Lead != "" {
		lead, err := userID(o.ctx, o.tx, "lead", w.Lead)
		if err != nil {
			return err
		}
		if err := to.join(lead, w.Lead); err != nil {
			return err
		}
	}
	data := map[string]any{"id": id, "name": name, "lead": w.Lead, "from": o.inc.Number, "to": to.inc.Number}
	if err := o.emit("workstream.moved_out", data); err != nil {
		return err
	}
	return to.emit("workstream.moved_in", data)
}
