package notify

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrRefused is what a connection the Guard refused wraps.
var ErrRefused = errors.New("address refused by the outbound guard")

// RefusedError names the address the Guard refused and why.
type RefusedError struct {
	Addr   string
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("connection to %s refused: %s", e.Addr, e.Reason)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Guard keeps outbound connections to user-configured URLs (webhooks, Slack
// hooks, probes) away from addresses a user must not reach through sitrep:
// link-local addresses and cloud metadata services, which hand out instance
// credentials to anyone who can make the server ask, and, unless allowed,
// loopback and private networks. The zero Guard is the strictest.
//
// The check runs in the dialer's Control function, on the IP address the
// connection is actually made to, after DNS resolution. So a name that
// resolves to a public address at configuration time and to 169.254.169.254
// at send time (DNS rebinding) is still refused, and so is every redirect
// target and every address of a multi-address name.
type Guard struct {
	// AllowPrivate lets connections reach loopback, private (RFC 1918,
	// fc00::/7) and shared (100.64.0.0/10) addresses: an admin turns it on
	// when sitrep must call services on its own network.
	AllowPrivate bool
	// AllowLinkLocal lets connections reach link-local addresses
	// (169.254.0.0/16, fe80::/10) and cloud metadata services. Only an
	// admin who knows why should turn it on.
	AllowLinkLocal bool
}

// Check returns a *RefusedError if the guard refuses ip, nil otherwise.
// Unspecified, multicast and broadcast addresses are always refused: nothing
// we deliver to lives there, and 0.0.0.0 reaches this host on Linux.
func (g Guard) Check(ip netip.Addr) error {
	switch c := classify(ip); {
	case c == classOK:
		return nil
	case c == classPrivate && g.AllowPrivate:
		return nil
	case (c == classLinkLocal || c == classMetadata) && g.AllowLinkLocal:
		return nil
	default:
		return &RefusedError{Addr: ip.String(), Reason: c.reason()}
	}
}

// Control is a net.Dialer Control function that applies the guard to the
// address about to be connected to.
func (g Guard) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &RefusedError{Addr: address, Reason: "not an IP address and port, so it cannot be checked"}
	}
	return g.Check(ap.Addr())
}

// Dialer returns a dialer that applies the guard and gives up connecting
// after timeout.
func (g Guard) Dialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: g.Control}
}

// Client returns an HTTP client whose every connection passes the guard and
// whose every request gives up after timeout (connecting, sending and reading
// the answer). It uses no proxy from the environment, because a proxy would
// make the guard check the proxy's address instead of the receiver's, and it
// does not follow redirects (see ClassifyHTTP).
func (g Guard) Client(timeout time.Duration) *http.Client {
	connect := min(timeout, 10*time.Second)
	t := &http.Transport{
		Proxy:                 nil,
		DialContext:           g.Dialer(connect).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   connect,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: t,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
