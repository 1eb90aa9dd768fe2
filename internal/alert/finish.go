package alert

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/page"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// finish writes the groups' new counts, pages the groups that began to fire
// and resolves those whose last alert resolved, with their pages.
func (s *Service) finish(ctx context.Context, tx *store.Tx, actor auth.Principal, b *batch) error {
	for _, g := range b.touched() {
		if g.delta == 0 {
			continue
		}
		firing := g.firing + g.delta
		if err := tx.QueryRow(ctx, `UPDATE alert_groups SET firing = firing + ?, updated_at = ? WHERE id = ? RETURNING firing`,
			g.delta, store.Micros(b.now), g.id).Scan(&firing); err != nil {
			return err
		}
		var err error
		switch {
		case firing > 0 && (g.created || g.status == Resolved):
			err = s.open(ctx, tx, actor, b, g)
		case firing <= 0 && g.status == Open:
			err = s.resolveGroup(ctx, tx, actor, b, g)
		case g.storm && g.status == Open && g.delta > 0:
			err = s.updateStorm(ctx, tx, actor, b, g)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// open marks a group open and pages for it. A group that fires again after
// it resolved pages again, under a new dedup key.
func (s *Service) open(ctx context.Context, tx *store.Tx, actor auth.Principal, b *batch, g *group) error {
	if _, err := tx.Exec(ctx, `UPDATE alert_groups SET status = 'open' WHERE id = ?`, g.id); err != nil {
		return err
	}
	g.status = Open
	if err := s.declareLater(ctx, tx, actor, g); err != nil {
		return err
	}
	// The group's own policy is where its route or service sent it; without
	// one it pages the configured default, read now so a changed default
	// applies to groups that open from now on.
	policy, targets := g.policy, []page.Target(nil)
	if policy == "" {
		policy, targets = s.DefaultPolicy, s.DefaultTargets
	}
	if policy == "" && len(targets) == 0 {
		return nil
	}
	if policy != "" {
		targets = nil
	}
	key := "alert-group:" + strconv.FormatInt(g.id, 10)
	if !g.created {
		key += "@" + strconv.FormatInt(store.Micros(b.now), 10)
	}
	summary, details, err := s.describe(ctx, tx, b, g)
	if err != nil {
		return err
	}
	id, err := s.pages.TriggerTx(ctx, tx, actor, page.Request{Summary: summary, Details: details,
		Policy: policy, Targets: targets, Source: "alert", DedupKey: key})
	if _, refused := problem.As(err); refused {
		// A default policy that does not exist (yet) must not lose the
		// alerts: the group is recorded unpaged. Refusals come before any
		// statement of the page, so the transaction is still usable.
		return nil
	}
	if err != nil || id == 0 {
		return err
	}
	g.pageID = &id
	_, err = tx.Exec(ctx, `UPDATE alert_groups SET page_id = ?, page_updated_at = ? WHERE id = ?`, id, store.Micros(b.now), g.id)
	return err
}

// resolveGroup resolves a group whose alerts all resolved, and its page.
func (s *Service) resolveGroup(ctx context.Context, tx *store.Tx, actor auth.Principal, b *batch, g *group) error {
	if _, err := tx.Exec(ctx, `UPDATE alert_groups SET status = 'resolved', firing = 0 WHERE id = ?`, g.id); err != nil {
		return err
	}
	g.status = Resolved
	if g.pageID == nil {
		return nil
	}
	return s.pages.ResolveTx(ctx, tx, actor, *g.pageID)
}

// describe writes the page of a group: what fires where, and for a storm how
// big it is and which labels it shares.
func (s *Service) describe(ctx context.Context, tx *store.Tx, b *batch, g *group) (string, string, error) {
	details := ""
	if g.first != nil {
		details = g.first.Annotations["summary"]
		if d := g.first.Annotations["description"]; d != "" {
			details = strings.TrimSpace(details + "\n" + d)
		}
	}
	if !g.storm {
		// The title is all an SMS carries: lead with what the alert says
		// ("the main monitoring has gone silent"), then where it fires.
		title := groupTitle(g)
		if g.first != nil && g.first.Annotations["summary"] != "" {
			title = strings.TrimSpace(g.first.Annotations["summary"]) + " (" + title + ")"
		}
		return clip(title, 300), clip(details, 10000), nil
	}
	st, err := s.stormStats(ctx, tx, b.now)
	if err != nil {
		return "", "", err
	}
	return clip(st.summary(s.StormWindow), 300), clip(details, 10000), nil
}

func groupTitle(g *group) string {
	names := make([]string, 0, len(g.labels))
	for n := range g.labels {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		if g.labels[n] != "" {
			parts = append(parts, n+"="+g.labels[n])
		}
	}
	prefix := ""
	if g.service != "" {
		prefix = g.service + ": "
	}
	if len(parts) == 0 && g.first != nil {
		return fmt.Sprintf("%salert firing: %s", prefix, g.first.Fingerprint)
	}
	return prefix + "alerts firing: " + strings.Join(parts, ", ")
}

// clip cuts s to at most n runes, the limits of a page's text.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
