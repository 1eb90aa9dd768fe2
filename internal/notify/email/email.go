// Package email owns the email channel: sending a Message over SMTP with
// go-mail to the relay an admin configured, as plain text with the ack and
// resolve links, carrying the idempotency key in X-Sitrep-Idempotency-Key and
// a Message-ID derived from it, and telling a relay's temporary refusal (4xx,
// a dropped connection) from a permanent one (5xx). smtptest is its test
// relay.
package email

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"

	"sitrep/internal/notify"
)

// DefaultTimeout bounds connecting to the relay and each step of the
// conversation when Config.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Sender mails messages through one relay. It opens a connection per message:
// pages are rare enough, and a fresh connection cannot be a stale one.
type Sender struct {
	cfg Config
	now func() time.Time
}

var _ notify.Sender = (*Sender)(nil)

// New returns a Sender for the relay in cfg, reading the Date header's time
// from now (nil is the wall clock).
func New(cfg Config, now func() time.Time) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &Sender{cfg: cfg, now: now}, nil
}

// Channel is notify.ChannelEmail.
func (s *Sender) Channel() string { return notify.ChannelEmail }

// Send mails m to m.To.
func (s *Sender) Send(ctx context.Context, m notify.Message) (retry bool, err error) {
	if err := m.Validate(); err != nil {
		return false, fmt.Errorf("email: %w", err)
	}
	if err := ValidateAddress("to", m.To); err != nil {
		return false, fmt.Errorf("email: %w", err)
	}
	msg, err := s.compose(m)
	if err != nil {
		return false, fmt.Errorf("email to %s: %w", m.To, err)
	}
	client, err := mail.NewClient(s.cfg.Host, s.options()...)
	if err != nil {
		return false, fmt.Errorf("email: relay settings: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return retryable(err), fmt.Errorf("email to %s via %s: %w", m.To, s.cfg.addr(), err)
	}
	return false, nil
}

func (s *Sender) options() []mail.Option {
	c := s.cfg
	opts := []mail.Option{mail.WithPort(c.port()), mail.WithTimeout(c.timeout())}
	if c.TLSConfig != nil {
		cfg := c.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = c.Host
		}
		if cfg.MinVersion == 0 {
			cfg.MinVersion = tls.VersionTLS12
		}
		opts = append(opts, mail.WithTLSConfig(cfg))
	}
	switch c.mode() {
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	default:
		// Mandatory, not opportunistic: a relay that stops offering
		// STARTTLS must not make us send the password in clear.
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	return opts
}
