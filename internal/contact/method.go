package contact

import (
	"strings"
	"time"

	"sitrep/internal/notify"
)

// Kind says how a contact method reaches its person.
type Kind string

// The kinds of contact method.
const (
	Email   Kind = "email"   // an email address, such as laura@example.com
	SMS     Kind = "sms"     // a mobile number in E.164 form, such as +14155550100
	Voice   Kind = "voice"   // a phone number in E.164 form, called and read to
	Slack   Kind = "slack"   // a Slack incoming-webhook URL, or a channel ID for the bot
	Webhook Kind = "webhook" // an HTTP(S) URL that receives a signed JSON POST
)

// Kinds lists every kind, in the order people are told about them.
var Kinds = []Kind{Email, SMS, Voice, Slack, Webhook}

// ContactMethod is one way to reach one person.
type ContactMethod struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Kind      Kind      `json:"kind"`
	Address   string    `json:"address"`
	Label     string    `json:"label"`
	CreatedAt time.Time `json:"created_at"`
}

// Channel names the notify channel that delivers to m. A Slack method is
// an incoming webhook when its address is a URL, and otherwise a channel
// the bot posts to.
func (m ContactMethod) Channel() string {
	switch m.Kind {
	case Email:
		return notify.ChannelEmail
	case SMS:
		return notify.ChannelSMS
	case Voice:
		return notify.ChannelVoice
	case Webhook:
		return notify.ChannelWebhook
	case Slack:
		if isURL(m.Address) {
			return notify.ChannelSlackWebhook
		}
		return notify.ChannelSlack
	}
	return ""
}

// NewMethod is what it takes to add a contact method.
type NewMethod struct {
	Kind    Kind
	Address string
	Label   string
}

// NotificationRule says to notify a person through one of their contact
// methods once a page has gone unacknowledged for Delay.
type NotificationRule struct {
	ID              int64     `json:"id"`
	User            string    `json:"user"`
	ContactMethodID int64     `json:"contact_method_id"`
	DelaySeconds    int64     `json:"delay_seconds"`
	CreatedAt       time.Time `json:"created_at"`
}

// MaxDelay is the longest a rule may wait. A page unacknowledged for an hour
// is the escalation policy's business, not one person's rules.
const MaxDelay = time.Hour

// Delay is how long after the page the rule fires.
func (r NotificationRule) Delay() time.Duration { return time.Duration(r.DelaySeconds) * time.Second }

// Caps on what one person may configure. They keep every list short enough
// to read whole, and no one needs more to be reached.
const (
	MaxMethods = 20
	MaxRules   = 50
)

// isURL tells a URL from a Slack channel ID. Any scheme counts, so that
// "ftp://..." is refused as a URL with the URL's message.
func isURL(s string) bool { return strings.Contains(s, "://") }
