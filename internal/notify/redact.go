package notify

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// redacted replaces what might be a secret.
const redacted = "REDACTED"

// RedactURL returns raw with what might be a secret replaced, so that the URL
// can appear in errors, logs and the delivery history: user name and password,
// the whole query string (tokens often travel there), the fragment, the path
// after /services/, /triggers/ or /workflows/ (a Slack incoming webhook is a
// bearer credential in its path) and any path segment that looks like a token.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		// What cannot be parsed cannot be redacted piecewise; say only
		// that there was one.
		return "[unparseable URL]"
	}
	if u.User != nil {
		u.User = url.User(redacted)
	}
	if u.RawQuery != "" || u.ForceQuery {
		u.RawQuery = redacted
		u.ForceQuery = false
	}
	u.Fragment, u.RawFragment = "", ""
	u.Path = redactPath(u.Path)
	u.RawPath = ""
	return u.String()
}

// secretPathPrefixes are paths whose remainder is a credential: Slack incoming
// webhooks (/services/T…/B…/secret) and workflow triggers.
var secretPathPrefixes = []string{"/services/", "/triggers/", "/workflows/"}

// tokenLike matches a path segment that is probably a token: long, and made
// of letters mixed with digits. It redacts some harmless ids too; an error
// message loses little by that.
var tokenLike = regexp.MustCompile(`^[A-Za-z0-9_\-:.~]{20,}$`)

func redactPath(p string) string {
	for _, prefix := range secretPathPrefixes {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) {
			return prefix + redacted
		}
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if tokenLike.MatchString(s) && strings.ContainsAny(s, "0123456789") &&
			strings.IndexFunc(s, isLetter) >= 0 {
			segs[i] = redacted
		}
	}
	return strings.Join(segs, "/")
}

func isLetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

// urlPattern finds URLs inside free text, such as an error message we did not
// build ourselves.
var urlPattern = regexp.MustCompile(`https?://[^\s"'<>]+`)

// RedactText redacts every URL inside s.
func RedactText(s string) string {
	return urlPattern.ReplaceAllStringFunc(s, RedactURL)
}

// RedactError returns err with the URLs in its message redacted. A
// *url.Error (what http.Client returns) is rebuilt around the same cause,
// so errors.Is and timeouts still work; anything else keeps its chain but
// reports the redacted message.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) && err == error(ue) {
		return &url.Error{Op: ue.Op, URL: RedactURL(ue.URL), Err: RedactError(ue.Err)}
	}
	msg := err.Error()
	if red := RedactText(msg); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
