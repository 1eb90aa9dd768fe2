package notify

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"sitrep/internal/problem"
)

// MaxURLLen bounds a configured URL.
const MaxURLLen = 2048

// ValidateURL checks a user-configured outbound URL (a webhook, a Slack hook)
// when it is saved: http or https, a host, no user name or password (secrets
// go in their own fields, which we mask), and no link-local or cloud-metadata
// address. Loopback and private addresses pass only if allowPrivate. It
// returns a problem.Invalid naming field. The message never repeats the URL,
// since the URL may carry a token.
//
// This is the early, friendly check. The Guard repeats the address check on
// every connection, where DNS can no longer lie to it.
func ValidateURL(field, raw string, allowPrivate bool) error {
	return Guard{AllowPrivate: allowPrivate}.ValidateURL(field, raw)
}

// CheckURLForm checks only the form of raw (http or https, a host, no user
// name or password, a valid port) and leaves its address to the Guard at
// connect time. Senders use it on every message, so that a URL that can never
// work fails for good instead of being retried.
func CheckURLForm(field, raw string) error {
	return Guard{AllowPrivate: true, AllowLinkLocal: true}.ValidateURL(field, raw)
}

// ValidateURL checks raw as the package-level ValidateURL does, with the
// guard's allowances.
func (g Guard) ValidateURL(field, raw string) error {
	if raw == "" {
		return problem.Invalidf(field, "a URL is required")
	}
	if len(raw) > MaxURLLen {
		return problem.Invalidf(field, "the URL is longer than %d characters", MaxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return problem.Invalidf(field, "not a valid URL; write it as https://host/path")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return problem.Invalidf(field, "the URL must start with https:// (or http://)")
	}
	if u.Opaque != "" || u.Host == "" {
		return problem.Invalidf(field, "the URL needs a host, as in https://host/path")
	}
	if u.User != nil {
		return problem.Invalidf(field, "the URL must not contain a user name or password; put credentials in the secret field")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return problem.Invalidf(field, "the port must be a number from 1 to 65535")
		}
	}
	return g.checkHost(field, u.Hostname())
}

func (g Guard) checkHost(field, host string) error {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" {
		return problem.Invalidf(field, "the URL needs a host, as in https://host/path")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := g.Check(ip); err != nil {
			return problem.Invalidf(field, "the URL points at a %s; use a public address", classify(ip).reason())
		}
		return nil
	}
	labels := strings.Split(host, ".")
	if last := labels[len(labels)-1]; last == "" || isDigits(last) || strings.HasPrefix(last, "0x") {
		// No top-level domain is numeric, so this is an address in a form
		// resolvers disagree about (127.1, 0x7f.0.0.1, 2130706433).
		return problem.Invalidf(field, "write an IP address in the usual form (such as 192.0.2.10 or [2001:db8::1]) or use a host name")
	}
	switch {
	case isMetadataName(host) && !g.AllowLinkLocal:
		return problem.Invalidf(field, "the URL points at a cloud metadata service; use another host")
	case isLocalName(host) && !g.AllowPrivate:
		return problem.Invalidf(field, "the URL points at this host; use an address other hosts can reach (an admin can allow private addresses)")
	}
	return nil
}

// isMetadataName reports the names cloud metadata services answer to. They
// resolve to link-local addresses, which the Guard refuses anyway; naming
// them here gives the user a clear answer at once.
func isMetadataName(host string) bool {
	switch host {
	case "metadata", "metadata.google.internal", "metadata.goog",
		"instance-data", "instance-data.ec2.internal", "metadata.azure.internal":
		return true
	}
	return false
}

func isLocalName(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "localhost.localdomain"
}
