// Package slack owns the Slack channels: posting through an incoming webhook
// (the user pastes a hook URL) and through chat.postMessage with a bot token
// (an admin installs the app; the message goes to a channel ID). Both speak
// Slack's HTTP API with net/http against a configurable base URL, so tests
// and air-gapped proxies can stand in for Slack, and both classify Slack's
// two ways of saying "slow down": 429 with Retry-After, and 200 with
// {"ok":false,"error":"ratelimited"}.
package slack

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/notify"
)

// DefaultTimeout bounds one call to Slack when no client is given.
const DefaultTimeout = 10 * time.Second

// MaxText bounds the text of a message. Slack accepts more but truncates and
// folds long messages; a page is read on a phone.
const MaxText = 3000

func clientOrDefault(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return notify.Guard{}.Client(DefaultTimeout)
}

// Text renders m in Slack's mrkdwn: the subject in bold, the body, and the
// ack and resolve links. The body is shortened, never the links, so that a
// long message can still be acknowledged.
func Text(m notify.Message) string {
	var links []string
	if m.AckURL != "" {
		links = append(links, link(m.AckURL, "Acknowledge"))
	}
	if m.ResolveURL != "" {
		links = append(links, link(m.ResolveURL, "Resolve"))
	}
	tail := strings.Join(links, " · ")
	head := ""
	if s := strings.TrimSpace(m.Subject); s != "" {
		head = "*" + escape(strings.ReplaceAll(s, "*", "")) + "*"
	}
	room := MaxText - utf8.RuneCountInString(head) - utf8.RuneCountInString(tail) - 4
	body := truncate(escape(strings.TrimSpace(m.Body)), max(room, 0))
	var parts []string
	for _, p := range []string{head, body, tail} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n")
}

// escape applies the only escaping Slack asks for in text: &, < and >, which
// otherwise start entities, links and mentions. It keeps an incident title
// like "<!channel> is down" from pinging a whole channel.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// link renders a Slack link. A URL cannot contain '|' or '>' there, so they
// are percent-encoded.
func link(u, label string) string {
	u = strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C").Replace(u)
	return "<" + u + "|" + label + ">"
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n == 0 {
		return ""
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
