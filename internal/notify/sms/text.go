package sms

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"sitrep/internal/notify"
)

// MaxText bounds a text message: four segments, enough for a headline, a
// sentence and the links, short enough to read on a lock screen. (Twilio
// itself accepts up to 1600 characters.)
const MaxText = 640

// Sender sends text messages; a message's To is an E.164 number.
type Sender struct {
	acct *account
}

var _ notify.Sender = (*Sender)(nil)

// New returns a text message sender for the account in o.
func New(o Options) (*Sender, error) {
	a, err := newAccount(o)
	if err != nil {
		return nil, err
	}
	return &Sender{acct: a}, nil
}

// Channel is notify.ChannelSMS.
func (s *Sender) Channel() string { return notify.ChannelSMS }

// Send posts Text(m) to Messages.json.
func (s *Sender) Send(ctx context.Context, m notify.Message) (retry bool, err error) {
	if err := m.Validate(); err != nil {
		return false, fmt.Errorf("sms: %w", err)
	}
	if err := ValidatePhone("to", m.To); err != nil {
		return false, fmt.Errorf("sms: %w", err)
	}
	form := url.Values{"To": {m.To}, "From": {s.acct.from}, "Body": {Text(m)}}
	retry, err = s.acct.post(ctx, "Messages.json", m.ID, form)
	if err != nil {
		return retry, fmt.Errorf("sms to %s: %w", m.To, err)
	}
	return false, nil
}

// Text renders m for a text message: subject, body, then the links on their
// own lines, within MaxText. The body is shortened, never the links.
func Text(m notify.Message) string {
	var tail []string
	if m.AckURL != "" {
		tail = append(tail, "Ack: "+m.AckURL)
	}
	if m.ResolveURL != "" {
		tail = append(tail, "Resolve: "+m.ResolveURL)
	}
	t := strings.Join(tail, "\n")
	head := strings.TrimSpace(m.Subject)
	room := MaxText - utf8.RuneCountInString(head) - utf8.RuneCountInString(t) - 2
	body := strings.TrimSpace(m.Body)
	if utf8.RuneCountInString(body) > room {
		if room < 2 {
			body = ""
		} else {
			body = string([]rune(body)[:room-1]) + "…"
		}
	}
	var parts []string
	for _, p := range []string{head, body, t} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n")
}
