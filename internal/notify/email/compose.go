package email

import (
	"crypto/sha256"
	"encoding/hex"
	netmail "net/mail"
	"strconv"
	"strings"

	"github.com/wneessen/go-mail"

	"sitrep/internal/notify"
)

// HeaderIdempotency carries the message's idempotency key, so that a mail
// rule or a ticket system can drop the duplicates at-least-once delivery
// may produce.
const HeaderIdempotency = "X-Sitrep-Idempotency-Key"

func (s *Sender) compose(m notify.Message) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return nil, err
	}
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetDateWithValue(s.now())
	// The same key gives the same Message-ID, so mail clients and archives
	// that already dedupe by Message-ID treat a retried message as one.
	msg.SetMessageIDWithValue(MessageID(m.ID, s.cfg.From))
	msg.SetGenHeader(HeaderIdempotency, m.ID)
	msg.SetGenHeader("X-Sitrep-Kind", string(m.Kind))
	if m.Incident != 0 {
		msg.SetGenHeader("X-Sitrep-Incident", strconv.FormatInt(m.Incident, 10))
	}
	if m.Severity != "" {
		msg.SetGenHeader("X-Sitrep-Severity", oneLine(m.Severity))
	}
	// A page must not start a conversation with out-of-office robots: they
	// answer to the pager address, and a loop of auto-replies is its own
	// little storm (RFC 3834).
	if m.UnsubscribeURL != "" {
		msg.SetGenHeader("List-Unsubscribe", "<"+oneLine(m.UnsubscribeURL)+">")
		msg.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetGenHeader(mail.HeaderXAutoResponseSuppress, "All")
	msg.SetBodyString(mail.TypeTextPlain, Text(m))
	return msg, nil
}

// Text is the plain-text body: the message body, then the links, each on its
// own line so that every mail client makes them clickable.
func Text(m notify.Message) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(m.Body))
	b.WriteString("\n")
	if m.AckURL != "" || m.ResolveURL != "" {
		b.WriteString("\n")
	}
	if m.AckURL != "" {
		b.WriteString("Acknowledge: " + m.AckURL + "\n")
	}
	if m.ResolveURL != "" {
		b.WriteString("Resolve: " + m.ResolveURL + "\n")
	}
	if m.Incident != 0 {
		b.WriteString("\nIncident #" + strconv.FormatInt(m.Incident, 10))
		if m.Severity != "" {
			b.WriteString(" (" + m.Severity + ")")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// MessageID derives the Message-ID (without angle brackets) from the
// idempotency key and the domain of from. Hashing keeps any key a valid
// msg-id.
func MessageID(key, from string) string {
	sum := sha256.Sum256([]byte(key))
	domain := "sitrep.invalid"
	if a, err := netmail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" && !strings.ContainsAny(d, "<>[] ") {
			domain = d
		}
	}
	return hex.EncodeToString(sum[:16]) + "@" + domain
}

// oneLine keeps a header value on one line: a line break in an incident
// title must not start a new header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
