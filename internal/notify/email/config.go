package email

import (
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/problem"
)

// TLSMode is how the connection to the relay is encrypted.
type TLSMode string

// The TLS modes.
const (
	TLSNone     TLSMode = "none"     // plain SMTP, usually port 25 on a trusted network
	TLSStartTLS TLSMode = "starttls" // upgrade after connecting, usually port 587; the default
	TLSImplicit TLSMode = "tls"      // TLS from the first byte, usually port 465
)

// Config is the relay an admin configured. Validate names fields by their
// JSON names.
type Config struct {
	Host     string  `json:"host"`
	Port     int     `json:"port"` // 0 is the mode's usual port
	Username string  `json:"username"`
	Password string  `json:"-"`
	From     string  `json:"from"` // the From address, such as "sitrep <pager@example.com>"
	TLS      TLSMode `json:"tls"`  // empty is starttls
	// Timeout bounds connecting and each step of the conversation; 0 is
	// DefaultTimeout.
	Timeout time.Duration `json:"timeout"`
	// TLSConfig, when set, replaces the system's trust (a private CA, say).
	TLSConfig *tls.Config `json:"-"`
}

// Validate checks the relay settings.
func (c Config) Validate() error {
	h := c.Host
	if h == "" {
		return problem.Invalidf("host", "the SMTP relay's host name is required")
	}
	if strings.ContainsAny(h, " /:@") && net.ParseIP(h) == nil {
		return problem.Invalidf("host", "write only the relay's host name, such as smtp.example.com; the port has its own field")
	}
	if c.Port < 0 || c.Port > 65535 {
		return problem.Invalidf("port", "the port must be from 1 to 65535, or 0 for the usual port of the TLS mode")
	}
	switch c.TLS {
	case "", TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return problem.Invalidf("tls", "%q is not a TLS mode; use none, starttls or tls", c.TLS)
	}
	if c.Password != "" && c.Username == "" {
		return problem.Invalidf("username", "a password is set without a user name")
	}
	if c.Timeout < 0 {
		return problem.Invalidf("timeout", "the timeout must not be negative")
	}
	return validateFrom(c.From)
}

func (c Config) mode() TLSMode {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return c.TLS
}

func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.mode() {
	case TLSNone:
		return 25
	case TLSImplicit:
		return 465
	}
	return 587
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c Config) addr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.port()))
}
