package incident

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Link relates two incidents: "related", or "duplicate" when one was merged
// into the other.
type Link struct {
	Number    int64     `json:"number"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// LinkIncidents relates number to other. Kind "related" links both ways;
// kind "duplicate" merges number into other.
func (s *Service) LinkIncidents(ctx context.Context, actor auth.Principal, number, other int64, kind string) (Link, error) {
	switch kind {
	case "related":
	case "duplicate":
		if err := s.Merge(ctx, actor, number, other); err != nil {
			return Link{}, err
		}
		return Link{Number: other, Kind: kind, CreatedAt: s.clock.Now()}, nil
	default:
		return Link{}, problem.Invalidf("kind", "%q is not a link kind; use related or duplicate", kind)
	}
	if other == number {
		return Link{}, problem.Invalidf("other", "an incident cannot be linked to itself")
	}
	var l Link
	err := s.pair(ctx, "link", actor, number, other, func(a, b *op) error {
		if err := a.requireResponder(); err != nil {
			return err
		}
		for _, p := range [][2]*op{{a, b}, {b, a}} {
			_, err := a.tx.Exec(ctx, `INSERT INTO incident_links (incident, other, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
				p[0].inc.Number, p[1].inc.Number, kind, store.NullID(actor.UserID), store.Micros(a.now))
			if errors.Is(err, store.ErrConflict) {
				return problem.Conflictf("number", "incidents %d and %d are already linked", number, other)
			}
			if err != nil {
				return err
			}
			if err := p[0].emit("incident.linked", map[string]any{"number": p[1].inc.Number, "kind": kind}); err != nil {
				return err
			}
		}
		l = Link{Number: other, Kind: kind, CreatedAt: a.now}
		return nil
	})
	return l, err
}

// pair locks two incidents in ascending number order, so that two requests
// touching the same pair cannot deadlock, and runs fn with a first.
func (s *Service) pair(ctx context.Context, what string, actor auth.Principal, first, second int64, fn func(a, b *op) error) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		lo, hi := min(first, second), max(first, second)
		incLo, err := lockIncident(ctx, tx, lo)
		if err != nil {
			return asOther(err, lo == second)
		}
		incHi, err := lockIncident(ctx, tx, hi)
		if err != nil {
			return asOther(err, hi == second)
		}
		now := s.clock.Now()
		a := &op{s: s, ctx: ctx, tx: tx, inc: incLo, actor: actor, now: now}
		b := &op{s: s, ctx: ctx, tx: tx, inc: incHi, actor: actor, now: now}
		if first != lo {
			a, b = b, a
		}
		return fn(a, b)
	})
	if err != nil {
		return fmt.Errorf("%s incidents %d and %d: %w", what, first, second, err)
	}
	return nil
}

// asOther names the second incident of a pair "other" in a refusal about it,
// so that the caller can tell which of the two numbers is wrong.
func asOther(err error, second bool) error {
	if p, ok := problem.As(err); ok && second && p.Field == "number" {
		other := *p
		other.Field = "other"
		return &other
	}
	return err
}

func (s *Service) links(ctx context.Context, number int64) ([]Link, error) {
	rows, err := s.db.Query(ctx, `SELECT other, kind, created_at FROM incident_links WHERE incident = ? ORDER BY other`, number)
	if err != nil {
		return nil, fmt.Errorf("list links of incident %d: %w", number, err)
	}
	defer rows.Close()
	out := []Link{}
	for rows.Next() {
		var l Link
		var at int64
		if err := rows.Scan(&l.Number, &l.Kind, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = store.FromMicros(at)
		out = append(out, l)
	}
	return out, rows.Err()
}
