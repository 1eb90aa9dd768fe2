package contact

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/notify"
	"sitrep/internal/notify/email"
	"sitrep/internal/notify/sms"
	"sitrep/internal/problem"
)

// MaxLabel bounds a method's label, in characters.
const MaxLabel = 100

// slackID is a Slack conversation or user ID: C (public channel), G
// (private channel), D (direct message), U or W (a user, which the bot
// reaches by direct message), then upper-case letters and digits.
var slackID = regexp.MustCompile(`^[CGDUW][A-Z0-9]{8,12}$`)

// Validate checks a new method's kind, address and label with the outbound
// guard g, naming the offending field. It trims the address and label.
func (m *NewMethod) Validate(g notify.Guard) error {
	m.Address = strings.TrimSpace(m.Address)
	m.Label = strings.TrimSpace(m.Label)
	if err := ValidateAddress(m.Kind, m.Address, g); err != nil {
		return err
	}
	if utf8.RuneCountInString(m.Label) > MaxLabel || strings.IndexFunc(m.Label, unicode.IsControl) >= 0 {
		return problem.Invalidf("label", "must be at most %d characters on one line, such as \"work phone\"", MaxLabel)
	}
	return nil
}

// ValidateAddress checks that address can be one of kind, refusing it with
// a problem naming "address" (or "kind") if not. URLs are checked against
// g here, at configuration time, and again by g on every connection.
func ValidateAddress(kind Kind, address string, g notify.Guard) error {
	const field = "address"
	switch kind {
	case Email:
		return email.ValidateAddress(field, address)
	case SMS, Voice:
		return sms.ValidatePhone(field, address)
	case Webhook:
		return g.ValidateURL(field, address)
	case Slack:
		if isURL(address) {
			return g.ValidateURL(field, address)
		}
		if !slackID.MatchString(address) {
			return problem.Invalidf(field, "give a Slack incoming-webhook URL (https://hooks.slack.com/services/...) or a channel ID such as C0123ABCDEF")
		}
		return nil
	}
	return problem.Invalidf("kind", "%q is not a kind of contact method; use email, sms, voice, slack or webhook", clip(string(kind)))
}

// Mask hides most of an address for events, logs and anyone who may not
// read it whole, while leaving enough to tell two apart: l***@example.com,
// +4***1234, https://hooks.example.com/***. URL paths and queries often
// carry a token, so nothing of them is kept.
func Mask(kind Kind, address string) string {
	switch {
	case kind == Email:
		local, domain, ok := strings.Cut(address, "@")
		if !ok {
			return "***"
		}
		return firstRunes(local, 1) + "***@" + domain
	case kind == SMS || kind == Voice:
		if len(address) < 8 {
			return "***"
		}
		return address[:2] + "***" + address[len(address)-4:]
	case isURL(address):
		u, err := url.Parse(address)
		if err != nil || u.Host == "" || u.User != nil {
			return "***"
		}
		return u.Scheme + "://" + u.Host + "/***"
	}
	return firstRunes(address, 3) + "***"
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// clip keeps an echoed value short.
func clip(s string) string {
	if c := firstRunes(s, 32); c != s {
		return c + "..."
	}
	return s
}
