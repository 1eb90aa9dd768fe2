package page

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Audiences of a broadcast and the group each reaches.
var broadcastGroups = map[string]string{
	"leads":      "incident-leads",
	"responders": "incident-responders",
	"commanders": "family-commanders",
}

// Broadcast tells a group of incident number something at once: every
// workstream lead, every responder, or every commander of the incident family.
// The group is read at the moment of the broadcast, so it reaches whoever
// leads now, including a lead handed over a second ago. Each person gets it
// on their first contact methods; there is nothing to acknowledge.
func (s *Service) Broadcast(ctx context.Context, actor auth.Principal, number int64, to, body string) (Page, error) {
	group, ok := broadcastGroups[to]
	if !ok {
		return Page{}, problem.Invalidf("to", "%q is not an audience; use leads, responders or commanders", to)
	}
	body = strings.TrimSpace(body)
	if body == "" || len([]rune(body)) > MaxDetails {
		return Page{}, problem.Invalidf("body", "must be 1-%d characters", MaxDetails)
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var title string
		if err := tx.QueryRow(ctx, `SELECT title FROM incidents WHERE number = ?`, number).Scan(&title); err != nil {
			if ignoreNotFound(err) == nil {
				return problem.NotFoundf("number", "no incident %d", number)
			}
			return err
		}
		now := s.clock.Now()
		summary := fmt.Sprintf("To all %s of #%d from %s: %s", to, number, actor.Handle, firstLine(body))
		steps := []Step{{Targets: []Target{{Kind: "group", Ref: group}}}}
		err := tx.QueryRow(ctx, `INSERT INTO pages (incident, kind, summary, details, source, steps, status, created_by, created_at)
			VALUES (?, 'broadcast', ?, ?, 'broadcast', ?, 'resolved', ?, ?) RETURNING id`,
			number, summary, body, `[{"delay_seconds":0,"targets":[{"kind":"group","ref":"`+group+`"}]}]`, store.NullID(actor.UserID), store.Micros(now)).Scan(&id)
		if err != nil {
			return err
		}
		p := Page{ID: id, Incident: number, Kind: "broadcast", Summary: summary, Details: body, Steps: steps}
		rs, err := s.resolve(ctx, tx, number, steps[0].Targets, now, 0)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := s.notifyNow(ctx, tx, p, r, now); err != nil {
				return err
			}
		}
		tx.AfterCommit(s.wake)
		return s.emit(ctx, tx, p, actor.UserID, now, "broadcast.sent", map[string]any{"page": id, "to": to, "body": body, "people": handles(rs)})
	})
	if err != nil {
		return Page{}, fmt.Errorf("broadcast to %s of incident %d: %w", to, number, err)
	}
	return s.Get(ctx, id)
}

// notifyNow sends a broadcast on a person's earliest contact methods.
func (s *Service) notifyNow(ctx context.Context, tx *store.Tx, p Page, r recipient, now time.Time) error {
	if s.deps.Contacts == nil {
		return nil
	}
	contacts, err := s.deps.Contacts(ctx, r.id)
	if err != nil || len(contacts) == 0 {
		return err
	}
	first := contacts[0].Delay
	for _, c := range contacts {
		if c.Delay != first {
			break
		}
		if err := insertDelivery(ctx, tx, p.ID, r.id, c, s.message(p, r, c, 0), now, now); err != nil {
			return err
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if r := []rune(line); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return line
}

func ignoreNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}
