package statuspage

import (
	"mime"
	"net/url"
	"strings"

	"sitrep/internal/problem"
)

// MaxFormBytes bounds a subscribe form: one address and a little slack.
const MaxFormBytes = 4 << 10

// ParseSubscribe reads the email field of a subscribe form posted as
// application/x-www-form-urlencoded, the only encoding the page's form
// uses. It checks the form's shape only; the address itself is checked by
// Subscribe.
func ParseSubscribe(contentType string, body []byte) (string, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return "", problem.Invalidf("email", "send the form from the status page (application/x-www-form-urlencoded)")
	}
	if len(body) > MaxFormBytes {
		return "", problem.Invalidf("email", "the form is larger than %d bytes", MaxFormBytes)
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return "", problem.Invalidf("email", "the form is not well formed")
	}
	addrs := v["email"]
	switch {
	case len(addrs) == 0 || strings.TrimSpace(addrs[0]) == "":
		return "", problem.Invalidf("email", "enter your email address")
	case len(addrs) > 1:
		return "", problem.Invalidf("email", "enter one email address")
	}
	return strings.TrimSpace(addrs[0]), nil
}
