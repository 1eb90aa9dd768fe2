package statuspage

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"sitrep/internal/notify"
	"sitrep/internal/notify/webhook"
	"sitrep/internal/store"
)

// Outbox limits. A batch is sent by a few workers; a message that keeps
// failing backs off up to maxBackoff and is given up after giveUpAfter, so a
// dead subscriber costs a bounded number of attempts.
const (
	outboxBatch   = 50
	outboxWorkers = 4
	outboxLease   = 2 * time.Minute
	sendTimeout   = 20 * time.Second
	backoffBase   = 5 * time.Second
	maxBackoff    = 10 * time.Minute
	giveUpAfter   = 24 * time.Hour
)

// job is one claimed outbox row with what it needs to be sent.
type job struct {
	id, subscriber, incident int64
	attempts                 int
	created                  time.Time
	kind, address, secret    string
	noticeKind               string // empty: the confirmation mail
	subject, body            string
}

// drain sends what is due, up to one batch, and returns how many it tried.
// A few workers send; each takes all of one subscriber's messages in order,
// so a subscriber hears "published" before "resolved".
func (s *Service) drain(ctx context.Context) (int, error) {
	jobs, err := s.claim(ctx)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	var order []int64
	bySub := map[int64][]job{}
	for _, j := range jobs {
		if _, ok := bySub[j.subscriber]; !ok {
			order = append(order, j.subscriber)
		}
		bySub[j.subscriber] = append(bySub[j.subscriber], j)
	}
	work := make(chan []job)
	var wg sync.WaitGroup
	for range min(outboxWorkers, len(order)) {
		wg.Go(func() {
			for js := range work {
				for _, j := range js {
					s.send(ctx, j)
				}
			}
		})
	}
	for _, id := range order {
		work <- bySub[id]
	}
	close(work)
	wg.Wait()
	return len(jobs), nil
}

// claim leases a batch of due rows to this instance, so another instance
// (or a second drain) does not send them too; a crash leaves them to be
// picked up when the lease ends.
func (s *Service) claim(ctx context.Context) ([]job, error) {
	var jobs []job
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock.Now()
		lock := tx.ForUpdate()
		if tx.Dialect() == store.Postgres {
			lock += " SKIP LOCKED"
		}
		rows, err := tx.Query(ctx, `SELECT id FROM status_outbox WHERE status = 'pending' AND not_before <= ? AND lease_until <= ? ORDER BY id LIMIT ?`+lock,
			store.Micros(now), store.Micros(now), outboxBatch)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.Exec(ctx, `UPDATE status_outbox SET lease_until = ? WHERE id = ?`, store.Micros(now.Add(outboxLease)), id); err != nil {
				return err
			}
			j := job{id: id}
			var created int64
			var incident *int64
			var nkind, subject, body *string
			err := tx.QueryRow(ctx, `SELECT o.subscriber, o.attempts, o.created_at, s.kind, s.address, s.secret, n.kind, n.incident, n.subject, n.body
				FROM status_outbox o JOIN status_subscribers s ON s.id = o.subscriber LEFT JOIN status_notices n ON n.id = o.notice WHERE o.id = ?`, id).
				Scan(&j.subscriber, &j.attempts, &created, &j.kind, &j.address, &j.secret, &nkind, &incident, &subject, &body)
			if err != nil {
				return err
			}
			j.created = store.FromMicros(created)
			if nkind != nil {
				j.noticeKind, j.subject, j.body = *nkind, *subject, *body
			}
			if incident != nil {
				j.incident = *incident
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim subscriber messages: %w", err)
	}
	return jobs, nil
}

// send delivers one job and records the outcome.
func (s *Service) send(ctx context.Context, j job) {
	sctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	retry, err := s.deliver(sctx, j)
	now := s.clock.Now()
	var q string
	var args []any
	switch {
	case err == nil:
		q, args = `UPDATE status_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, []any{store.Micros(now), j.id}
	case retry && now.Sub(j.created) < giveUpAfter:
		wait := max(notify.Backoff(j.attempts+1, backoffBase, maxBackoff, nil), notify.RetryAfter(err))
		q, args = `UPDATE status_outbox SET attempts = attempts + 1, not_before = ?, lease_until = 0, last_error = ? WHERE id = ?`,
			[]any{store.Micros(now.Add(wait)), clip(err.Error(), 500), j.id}
	default:
		q, args = `UPDATE status_outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`, []any{clip(err.Error(), 500), j.id}
	}
	if err != nil {
		s.logger.Warn("status subscriber delivery failed", "outbox", j.id, "kind", j.kind, "retry", retry, "err", err)
	}
	if _, uerr := s.db.Exec(context.WithoutCancel(ctx), q, args...); uerr != nil {
		s.logger.Error("record status subscriber delivery", "outbox", j.id, "err", uerr)
	}
}

func (s *Service) deliver(ctx context.Context, j job) (bool, error) {
	m := notify.Message{ID: "status-" + strconv.FormatInt(j.id, 10), Kind: notify.Kind(j.noticeKind), To: j.address,
		Subject: j.subject, Body: j.body, Incident: j.incident}
	switch j.kind {
	case SubEmail:
		if s.opts.Mail == nil {
			return true, fmt.Errorf("no email sender is configured (--smtp-host)")
		}
		s.composeMail(&m, j)
		return s.opts.Mail.Send(ctx, m)
	case SubWebhook:
		if j.noticeKind == "" {
			return false, fmt.Errorf("webhook subscribers need no confirmation")
		}
		wh, err := webhook.New(webhook.Options{Secret: []byte(j.secret), Client: s.client, Now: s.clock.Now})
		if err != nil {
			return false, err
		}
		if j.incident != 0 {
			m.Body += "\n\n" + s.opts.BaseURL + "/incidents/" + strconv.FormatInt(j.incident, 10)
		}
		return wh.Send(ctx, m)
	}
	return false, fmt.Errorf("unknown subscriber kind %q", j.kind)
}

// composeMail writes the subject and text of a mail: the confirmation, or
// a notice with the incident's link and a one-click unsubscribe link.
func (s *Service) composeMail(m *notify.Message, j job) {
	if j.noticeKind == "" {
		m.Kind = "status.confirm"
		m.Subject = "Confirm your subscription to status updates"
		m.Body = "Someone, hopefully you, asked to receive status updates at this address.\n\n" +
			"To confirm, open this link and press the button:\n" + s.opts.BaseURL + "/subscribe/confirm/" + s.token(purposeConfirm, j.subscriber, j.address) +
			"\n\nIf it was not you, ignore this mail: nothing more is sent without confirmation."
		return
	}
	if j.incident != 0 {
		m.Body += "\n\nDetails: " + s.opts.BaseURL + "/incidents/" + strconv.FormatInt(j.incident, 10)
	}
	m.UnsubscribeURL = s.UnsubscribeURL(j.subscriber, j.address)
	m.Body += "\n\nYou receive this because you subscribed to status updates.\nUnsubscribe: " + m.UnsubscribeURL
}

// UnsubscribeURL is the one-click unsubscribe link of a subscriber.
func (s *Service) UnsubscribeURL(id int64, address string) string {
	return s.opts.BaseURL + "/unsubscribe/" + s.token(purposeUnsubscribe, id, address)
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
