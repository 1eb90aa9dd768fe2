package statuspage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/notify/email"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Subscriber kinds and statuses.
const (
	SubEmail   = "email"
	SubWebhook = "webhook"

	SubPending      = "pending"
	SubConfirmed    = "confirmed"
	SubUnsubscribed = "unsubscribed"
)

// MaxSubscriberList bounds one page of the admin list.
const MaxSubscriberList = 500

// Subscriber is someone who hears about public incidents and maintenance.
type Subscriber struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	Address     string     `json:"address"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	// Secret signs webhook deliveries; it is returned once, at creation.
	Secret string `json:"secret,omitempty"`
}

// SubscribeResult says what a subscribe request did.
type SubscribeResult int

// The outcomes of Subscribe.
const (
	// Mailed: a confirmation mail is on its way (or the address is
	// already subscribed; the page says the same, so it does not tell
	// strangers who subscribes).
	Mailed SubscribeResult = iota
	// TooSoonForAddress: a confirmation went to this address within the hour.
	TooSoonForAddress
	// TooManyFromClient: this client asked too often within the hour.
	TooManyFromClient
)

// Subscribe asks to subscribe address by email, from client (its network
// address). Invalid addresses are a problem naming "email". Limits are
// counted from persisted requests, so they hold across restarts and
// instances: at most one confirmation per address per hour, and
// Options.PerClientPerHour requests per client.
func (s *Service) Subscribe(ctx context.Context, address, client string) (SubscribeResult, error) {
	if !s.MailEnabled() {
		return 0, problem.Conflictf("email", "email subscriptions are not available on this status page")
	}
	address = strings.TrimSpace(address)
	if err := email.ValidateAddress("email", address); err != nil {
		return 0, err
	}
	address = strings.ToLower(address)
	var res SubscribeResult
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock.Now()
		hourAgo := store.Micros(now.Add(-time.Hour))
		var fromClient int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM status_subscribe_requests WHERE client = ? AND at > ?`, client, hourAgo).Scan(&fromClient); err != nil {
			return err
		}
		mailed := 0
		if fromClient >= s.opts.PerClientPerHour {
			res = TooManyFromClient
		} else {
			sent, err := s.requestConfirmation(ctx, tx, address, now)
			switch {
			case errors.Is(err, errConfirmed):
				// Subscribed already: nothing to send, and the answer
				// is the same as for anyone else.
			case err != nil:
				return err
			case sent:
				mailed = 1
			default:
				res = TooSoonForAddress
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO status_subscribe_requests (address, client, mailed, at) VALUES (?, ?, ?, ?)`,
			address, client, mailed, store.Micros(now))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("subscribe: %w", err)
	}
	s.nudge()
	return res, nil
}

// errConfirmed tells Subscribe that the address needs no confirmation.
var errConfirmed = errors.New("already confirmed")

// requestConfirmation makes address a pending subscriber and queues its
// confirmation mail, unless one went to it within the hour (false). The
// subscriber row is locked before the hour is counted, so two requests for
// one address at the same moment (on PostgreSQL) cannot both send.
func (s *Service) requestConfirmation(ctx context.Context, tx *store.Tx, address string, now time.Time) (bool, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO status_subscribers (kind, address, status, created_at) VALUES ('email', ?, 'pending', ?) ON CONFLICT (kind, address) DO NOTHING`,
		address, store.Micros(now)); err != nil {
		return false, err
	}
	var id int64
	var status string
	if err := tx.QueryRow(ctx, `SELECT id, status FROM status_subscribers WHERE kind = 'email' AND address = ?`+tx.ForUpdate(), address).Scan(&id, &status); err != nil {
		return false, err
	}
	var recent int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM status_subscribe_requests WHERE address = ? AND mailed = 1 AND at > ?`,
		address, store.Micros(now.Add(-time.Hour))).Scan(&recent); err != nil {
		return false, err
	}
	switch {
	case recent > 0:
		return false, nil
	case status == SubConfirmed:
		return false, errConfirmed
	case status == SubUnsubscribed:
		if _, err := tx.Exec(ctx, `UPDATE status_subscribers SET status = 'pending' WHERE id = ?`, id); err != nil {
			return false, err
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO status_outbox (subscriber, status, not_before, created_at) VALUES (?, 'pending', ?, ?)`,
		id, store.Micros(now), store.Micros(now))
	return err == nil, err
}

// Confirm confirms the subscription a confirmation token names.
func (s *Service) Confirm(ctx context.Context, token string) (Subscriber, error) {
	return s.byToken(ctx, purposeConfirm, token, func(tx *store.Tx, sub *Subscriber, now time.Time) error {
		if sub.Status == SubConfirmed {
			return nil
		}
		sub.Status, sub.ConfirmedAt = SubConfirmed, &now
		_, err := tx.Exec(ctx, `UPDATE status_subscribers SET status = 'confirmed', confirmed_at = ? WHERE id = ?`, store.Micros(now), sub.ID)
		return err
	})
}

// Unsubscribe ends the subscription an unsubscribe token names, dropping
// what was still queued for it.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Subscriber, error) {
	return s.byToken(ctx, purposeUnsubscribe, token, func(tx *store.Tx, sub *Subscriber, _ time.Time) error {
		sub.Status = SubUnsubscribed
		if _, err := tx.Exec(ctx, `DELETE FROM status_outbox WHERE subscriber = ? AND status = 'pending'`, sub.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE status_subscribers SET status = 'unsubscribed' WHERE id = ?`, sub.ID)
		return err
	})
}

// CheckToken reports whether token is a valid link of purpose, for the
// page that shows the button before anything changes.
func (s *Service) CheckToken(ctx context.Context, unsubscribe bool, token string) bool {
	purpose := purposeConfirm
	if unsubscribe {
		purpose = purposeUnsubscribe
	}
	_, err := s.byToken(ctx, purpose, token, func(*store.Tx, *Subscriber, time.Time) error { return nil })
	return err == nil
}

func (s *Service) byToken(ctx context.Context, purpose, token string, fn func(*store.Tx, *Subscriber, time.Time) error) (Subscriber, error) {
	id, mac, ok := tokenID(token)
	bad := problem.NotFoundf("token", "this link is not valid; it may have been mistyped or the subscription removed")
	if !ok {
		return Subscriber{}, bad
	}
	var sub Subscriber
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var created int64
		err := tx.QueryRow(ctx, `SELECT id, kind, address, status, created_at FROM status_subscribers WHERE id = ?`+tx.ForUpdate(), id).
			Scan(&sub.ID, &sub.Kind, &sub.Address, &sub.Status, &created)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !s.checkToken(purpose, id, sub.Address, mac)) {
			return bad
		}
		if err != nil {
			return err
		}
		sub.CreatedAt = store.FromMicros(created)
		if purpose == purposeConfirm && sub.Status == SubUnsubscribed {
			return problem.Conflictf("token", "this subscription was cancelled; subscribe again from the status page")
		}
		return fn(tx, &sub, s.clock.Now())
	})
	return sub, err
}

// CreateWebhookSubscriber adds a webhook subscriber, confirmed at once (an
// admin added it). Its URL passes the outbound guard; the returned secret,
// shown only now, verifies the X-Sitrep-Signature of every delivery.
func (s *Service) CreateWebhookSubscriber(ctx context.Context, actor auth.Principal, url string) (Subscriber, error) {
	if err := s.opts.Guard.ValidateURL("url", url); err != nil {
		return Subscriber{}, err
	}
	secret, err := auth.NewBearer("whsec_")
	if err != nil {
		return Subscriber{}, err
	}
	now := s.clock.Now()
	sub := Subscriber{Kind: SubWebhook, Address: url, Status: SubConfirmed, CreatedAt: now, ConfirmedAt: &now, Secret: secret}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO status_subscribers (kind, address, secret, status, created_at, confirmed_at) VALUES ('webhook', ?, ?, 'confirmed', ?, ?) RETURNING id`,
			url, secret, store.Micros(now), store.Micros(now)).Scan(&sub.ID)
		if errors.Is(err, store.ErrConflict) {
			return problem.Conflictf("url", "this URL is already a subscriber")
		}
		if err != nil {
			return err
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, now, "status.subscriber_added", map[string]any{"id": sub.ID, "kind": SubWebhook})
		return err
	})
	if err != nil {
		return Subscriber{}, fmt.Errorf("add webhook subscriber: %w", err)
	}
	return sub, nil
}

// Subscribers lists subscribers with id after after, oldest first, without
// secrets.
func (s *Service) Subscribers(ctx context.Context, after int64, limit int) ([]Subscriber, error) {
	if limit <= 0 || limit > MaxSubscriberList {
		limit = MaxSubscriberList
	}
	rows, err := s.db.Query(ctx, `SELECT id, kind, address, status, created_at, confirmed_at FROM status_subscribers WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list subscribers: %w", err)
	}
	defer rows.Close()
	out := []Subscriber{}
	for rows.Next() {
		var sub Subscriber
		var created int64
		var confirmed *int64
		if err := rows.Scan(&sub.ID, &sub.Kind, &sub.Address, &sub.Status, &created, &confirmed); err != nil {
			return nil, fmt.Errorf("list subscribers: %w", err)
		}
		sub.CreatedAt = store.FromMicros(created)
		if confirmed != nil {
			t := store.FromMicros(*confirmed)
			sub.ConfirmedAt = &t
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// DeleteSubscriber removes subscriber id and what is queued for it.
func (s *Service) DeleteSubscriber(ctx context.Context, actor auth.Principal, id int64) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM status_subscribers WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.NotFoundf("id", "no subscriber %d", id)
		}
		_, err = s.log.Append(ctx, tx, 0, actor.UserID, s.clock.Now(), "status.subscriber_removed", map[string]any{"id": id})
		return err
	})
	if err != nil {
		return fmt.Errorf("remove subscriber %d: %w", id, err)
	}
	return nil
}
