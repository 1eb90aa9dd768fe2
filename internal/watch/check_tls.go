package watch

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"
)

func (c *Checker) checkTLS(ctx context.Context, p Probe) error {
	s := p.TLS
	if s == nil {
		s = &TLSSettings{ExpiryDays: defaultTLSExpiryDays}
	}
	name := s.ServerName
	if name == "" {
		name, _, _ = net.SplitHostPort(p.Target)
	}
	raw, err := c.guard.Dialer(time.Minute).DialContext(ctx, "tcp", p.Target)
	if err != nil {
		return simplify(err)
	}
	defer raw.Close()
	conn := tls.Client(raw, &tls.Config{ServerName: name, InsecureSkipVerify: s.SkipVerify}) //nolint:gosec // the admin chose skip_verify
	if err := conn.HandshakeContext(ctx); err != nil {
		return fmt.Errorf("TLS handshake: %w", err)
	}
	certs := conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return fmt.Errorf("the server sent no certificate")
	}
	return checkExpiry(certs[0], s.ExpiryDays, time.Now())
}
