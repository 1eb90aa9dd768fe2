package sms

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"sitrep/internal/notify"
)

// maxSpoken bounds what a call reads out. A call is for waking someone up;
// the details are in the text and the email.
const maxSpoken = 600

// Voice places phone calls that read the message out; a message's To is an
// E.164 number.
type Voice struct {
	acct *account
}

var _ notify.Sender = (*Voice)(nil)

// NewVoice returns a voice call sender for the account in o.
func NewVoice(o Options) (*Voice, error) {
	a, err := newAccount(o)
	if err != nil {
		return nil, err
	}
	return &Voice{acct: a}, nil
}

// Channel is notify.ChannelVoice.
func (v *Voice) Channel() string { return notify.ChannelVoice }

// Send posts a call to Calls.json whose TwiML says the message twice.
func (v *Voice) Send(ctx context.Context, m notify.Message) (retry bool, err error) {
	if err := m.Validate(); err != nil {
		return false, fmt.Errorf("voice: %w", err)
	}
	if err := ValidatePhone("to", m.To); err != nil {
		return false, fmt.Errorf("voice: %w", err)
	}
	form := url.Values{"To": {m.To}, "From": {v.acct.from}, "Twiml": {TwiML(m)}}
	retry, err = v.acct.post(ctx, "Calls.json", m.ID, form)
	if err != nil {
		return retry, fmt.Errorf("voice call to %s: %w", m.To, err)
	}
	return false, nil
}

// TwiML is the call script for m: a short pause so the callee can put the
// phone to their ear, then the message, said twice.
func TwiML(m notify.Message) string {
	spoken := "This is sitrep. " + strings.TrimSpace(m.Subject)
	if b := strings.TrimSpace(m.Body); b != "" {
		spoken += ". " + b
	}
	if m.AckURL != "" {
		spoken += ". Acknowledge with the link in your text message or email."
	}
	if utf8.RuneCountInString(spoken) > maxSpoken {
		spoken = string([]rune(spoken)[:maxSpoken])
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/><Say loop="2">`)
	xml.EscapeText(&b, []byte(spoken))
	b.WriteString(`</Say></Response>`)
	return b.String()
}
