package statuspage

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"sitrep/internal/clock"
	"sitrep/internal/event"
	"sitrep/internal/notify"
	"sitrep/internal/notify/webhook"
	"sitrep/internal/store"
)

// Service owns what admins change on the status page (components and their
// status history, maintenance windows, subscribers) and what subscribers
// hear: it turns public events into notices and delivers them from a
// durable outbox. Each exported mutation is one transaction.
type Service struct {
	db     *store.DB
	log    *event.Log
	clock  clock.Clock
	logger *slog.Logger
	opts   Options
	secret []byte
	client *http.Client
	// wake nudges the notifier after a commit that queued mail, so a
	// confirmation goes out at once instead of at the next poll.
	wake chan struct{}
	// pruned is when the notifier last pruned old rows (Unix microseconds).
	pruned atomic.Int64
}

// Options configure a Service; the zero value serves no subscriptions.
type Options struct {
	// Mail sends subscriber email; nil turns email subscriptions off (the
	// form is hidden and POST /subscribe says they are unavailable).
	Mail notify.Sender
	// Guard checks webhook subscriber URLs when saved and on every send.
	Guard notify.Guard
	// BaseURL is where customers reach the status page, for the links in
	// mail, such as https://status.example.com.
	BaseURL string
	// PerClientPerHour caps subscribe requests from one client address;
	// 0 is DefaultPerClientPerHour.
	PerClientPerHour int
	Logger           *slog.Logger
}

// DefaultPerClientPerHour lets an office behind one address subscribe a
// handful of people, and a script hardly anyone.
const DefaultPerClientPerHour = 10

// NewService returns the status page service. Call LoadSecret before
// serving links.
func NewService(db *store.DB, log *event.Log, clk clock.Clock, opts Options) *Service {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PerClientPerHour <= 0 {
		opts.PerClientPerHour = DefaultPerClientPerHour
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	return &Service{db: db, log: log, clock: clk, logger: opts.Logger, opts: opts, wake: make(chan struct{}, 1),
		client: opts.Guard.Client(webhook.DefaultTimeout)}
}

// MailEnabled reports whether email subscriptions are offered.
func (s *Service) MailEnabled() bool { return s.opts.Mail != nil }

// LoadSecret reads the key that signs subscription links, creating it on
// first start. Every instance on one database reads the same key.
func (s *Service) LoadSecret(ctx context.Context) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("status page secret: %w", err)
	}
	_, err := s.db.Exec(ctx, `INSERT INTO secrets (name, value, created_at) VALUES ('status-links', ?, ?) ON CONFLICT (name) DO NOTHING`,
		base64.RawURLEncoding.EncodeToString(b), store.Micros(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("status page secret: %w", err)
	}
	var v string
	if err := s.db.QueryRow(ctx, `SELECT value FROM secrets WHERE name = 'status-links'`).Scan(&v); err != nil {
		return fmt.Errorf("status page secret: %w", err)
	}
	if s.secret, err = base64.RawURLEncoding.DecodeString(v); err != nil {
		return fmt.Errorf("status page secret: %w", err)
	}
	return nil
}

func (s *Service) nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
