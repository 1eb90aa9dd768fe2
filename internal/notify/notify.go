// Package notify owns how sitrep reaches people: the Message a channel carries,
// the Sender interface every channel (email, webhook, slack, sms) implements,
// and the plumbing they share so that delivery never loses a message and never
// becomes a storm: classifying provider answers into retry or give up,
// Retry-After, capped exponential backoff with full jitter, per-key token
// buckets, a circuit per provider, and the guard that keeps user-configured
// URLs away from link-local and cloud-metadata addresses.
//
// The durable delivery layer (jobs, persisted history, dedup per person and
// page) lives above this package; it stores a Message as JSON, calls Send, and
// uses the retry answer, RetryAfter and Backoff to schedule the next attempt.
package notify

import (
	"context"
	"regexp"
	"strings"

	"sitrep/internal/problem"
)

// The channels sitrep delivers through. A contact method names one of these,
// and each Sender reports its own from Channel.
const (
	ChannelEmail        = "email"
	ChannelWebhook      = "webhook"
	ChannelSlack        = "slack"         // chat.postMessage with a bot token; To is a channel ID
	ChannelSlackWebhook = "slack-webhook" // an incoming webhook; To is the hook URL
	ChannelSMS          = "sms"
	ChannelVoice        = "voice"
)

// Kind says why a message is sent.
type Kind string

// The kinds of message.
const (
	KindPage      Kind = "page"      // someone must act: it carries ack and resolve links
	KindBroadcast Kind = "broadcast" // a commander tells a group something; nothing to acknowledge
)

// Message is one notification to one recipient on one channel. It is plain
// data so that a durable job can carry it as JSON, and every retry of the same
// notification sends the same Message.
type Message struct {
	// ID is the idempotency key: the page (or broadcast) id plus the attempt
	// group, for example "page-812-step1-cm44". Every retry of the same
	// notification reuses it, so receivers can drop duplicates; different
	// recipients or escalation steps get different keys. Delivery is at least
	// once, and this key is what makes "at least" harmless.
	ID string `json:"id"`
	// Kind is "page" or "broadcast".
	Kind Kind `json:"kind"`
	// To is the recipient in the channel's terms: an email address, an E.164
	// phone number, a webhook URL, or a Slack channel ID.
	To string `json:"to"`
	// Subject is the one-line headline.
	Subject string `json:"subject"`
	// Body is plain text.
	Body string `json:"body"`
	// AckURL and ResolveURL are the signed, single-use links of a page.
	AckURL     string `json:"ack_url,omitempty"`
	ResolveURL string `json:"resolve_url,omitempty"`
	// Severity is the incident's severity, such as "SEV-1", when there is one.
	Severity string `json:"severity,omitempty"`
	// Incident is the incident number, 0 when the message is about no incident.
	Incident int64 `json:"incident,omitempty"`
	// UnsubscribeURL, for mail to subscribers, is the one-click unsubscribe
	// link that mail clients offer as a button (RFC 8058).
	UnsubscribeURL string `json:"unsubscribe_url,omitempty"`
}

// Sender delivers messages on one channel. Send returns nil when the provider
// accepted the message. Otherwise retry says whether trying again later can
// help (a timeout, a 5xx, a rate limit) or not (a 4xx, a recipient that
// cannot exist); RetryAfter(err) tells the least wait the provider asked for.
// A Sender is safe for concurrent use.
type Sender interface {
	Channel() string
	Send(ctx context.Context, m Message) (retry bool, err error)
}

// Limits of a message. MaxIDLen keeps the key short enough for every header
// it travels in.
const (
	MaxIDLen = 200
)

// idPattern keeps the idempotency key safe to put in SMTP and HTTP headers
// as it is: no spaces, no line breaks, nothing that needs quoting.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9._:@/+=-]+$`)

// Validate checks what every channel needs. Channels check the recipient's
// form themselves.
func (m Message) Validate() error {
	switch {
	case m.ID == "":
		return problem.Invalidf("id", "a message needs an idempotency key (page id and attempt group)")
	case len(m.ID) > MaxIDLen || !idPattern.MatchString(m.ID):
		return problem.Invalidf("id", "the idempotency key must be at most %d letters, digits or ._:@/+=-", MaxIDLen)
	case strings.TrimSpace(m.To) == "":
		return problem.Invalidf("to", "a message needs a recipient")
	case strings.TrimSpace(m.Subject) == "" && strings.TrimSpace(m.Body) == "":
		return problem.Invalidf("body", "a message needs a subject or a body")
	}
	return nil
}
