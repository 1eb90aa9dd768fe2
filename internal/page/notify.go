package page

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/notify"
	"sitrep/internal/store"
)

// notify plans the notifications of one person for one round of a page,
// unless they already have one: however many targets point at someone, they
// get one set of notifications per round. It reports whether it planned any.
func (s *Service) notify(ctx context.Context, tx *store.Tx, p Page, r recipient, step, round int, now time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `INSERT INTO page_recipients (page_id, user_id, round, step, notified_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (page_id, user_id, round) DO NOTHING`, p.ID, r.id, round, step, store.Micros(now))
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if s.deps.Contacts == nil {
		return true, nil
	}
	contacts, err := s.deps.Contacts(ctx, r.id)
	if err != nil {
		return false, err
	}
	for _, c := range contacts {
		m := s.message(p, r, c, round)
		if err := insertDelivery(ctx, tx, p.ID, r.id, c, m, now.Add(c.Delay), now); err != nil {
			return false, err
		}
	}
	return true, nil
}

func insertDelivery(ctx context.Context, tx *store.Tx, page, user int64, c Contact, m notify.Message, due, now time.Time) error {
	body, _ := json.Marshal(m)
	_, err := tx.Exec(ctx, `INSERT INTO deliveries (page_id, user_id, channel, address, idempotency_key, message, status, not_before, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
		page, store.NullID(user), c.Channel, c.Address, m.ID, string(body), store.Micros(due), store.Micros(now))
	return err
}

// message composes what one contact method of one person receives. The id is
// the idempotency key: page, round, person and contact method, the same on
// every retry.
func (s *Service) message(p Page, r recipient, c Contact, round int) notify.Message {
	m := notify.Message{
		ID:       fmt.Sprintf("page-%d-r%d-u%d-cm%d", p.ID, round, r.id, c.Method),
		Kind:     notify.Kind(p.Kind),
		To:       c.Address,
		Severity: p.Severity,
		Incident: p.Incident,
	}
	var subject strings.Builder
	if p.Severity != "" {
		subject.WriteString("[" + p.Severity + "] ")
	}
	if p.Incident != 0 {
		fmt.Fprintf(&subject, "#%d ", p.Incident)
	}
	subject.WriteString(p.Summary)
	m.Subject = subject.String()
	var body strings.Builder
	body.WriteString(p.Summary + "\n")
	if p.Details != "" {
		body.WriteString("\n" + p.Details + "\n")
	}
	if p.Kind == "page" {
		m.AckURL = s.linkURL(p.ID, r.id, "ack")
		m.ResolveURL = s.linkURL(p.ID, r.id, "resolve")
		fmt.Fprintf(&body, "\nYou are paged via %s.\nAcknowledge: %s\nResolve: %s\n", r.via, m.AckURL, m.ResolveURL)
	}
	m.Body = body.String()
	return m
}
