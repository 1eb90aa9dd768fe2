package watch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"
)

func (c *Checker) checkDNS(ctx context.Context, p Probe) error {
	s := p.DNS
	if s == nil {
		s = &DNSSettings{Type: "A"}
	}
	qtype, ok := dnsTypes[s.Type]
	if !ok {
		return fmt.Errorf("unknown record type %q", s.Type)
	}
	cl := &dns.Client{Net: "udp", Dialer: c.guard.Dialer(time.Minute)}
	server := s.Server
	if server == "" {
		// The system's resolver is the admin's choice, not a user's: it is
		// asked without the guard (it often listens on loopback).
		server = systemResolver()
		cl.Dialer = &net.Dialer{}
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(p.Target), qtype)
	m.RecursionDesired = true
	in, _, err := cl.ExchangeContext(ctx, m, server)
	if err != nil {
		return simplify(err)
	}
	if in.Rcode != dns.RcodeSuccess {
		return fmt.Errorf("%s %s: the server answered %s", p.Target, s.Type, dns.RcodeToString[in.Rcode])
	}
	got := answers(in.Answer, qtype)
	if len(got) == 0 {
		return fmt.Errorf("%s has no %s record", p.Target, s.Type)
	}
	for _, want := range s.Expect {
		if !containsRecord(got, want, qtype) {
			return fmt.Errorf("%s %s: %q is not in the answer %v", p.Target, s.Type, trim(want), got)
		}
	}
	return nil
}

func systemResolver() string {
	if cc, err := dns.ClientConfigFromFile("/etc/resolv.conf"); err == nil && len(cc.Servers) > 0 {
		return net.JoinHostPort(cc.Servers[0], cc.Port)
	}
	return "127.0.0.1:53"
}

// answers returns the answer's records of type qtype as text.
func answers(rrs []dns.RR, qtype uint16) []string {
	var out []string
	for _, rr := range rrs {
		switch r := rr.(type) {
		case *dns.A:
			if qtype == dns.TypeA {
				out = append(out, r.A.String())
			}
		case *dns.AAAA:
			if qtype == dns.TypeAAAA {
				out = append(out, r.AAAA.String())
			}
		case *dns.CNAME:
			if qtype == dns.TypeCNAME {
				out = append(out, r.Target)
			}
		case *dns.TXT:
			if qtype == dns.TypeTXT {
				out = append(out, strings.Join(r.Txt, ""))
			}
		case *dns.MX:
			if qtype == dns.TypeMX {
				out = append(out, fmt.Sprintf("%d %s", r.Preference, r.Mx))
			}
		}
	}
	return out
}

func containsRecord(got []string, want string, qtype uint16) bool {
	for _, g := range got {
		if sameRecord(g, want, qtype) {
			return true
		}
	}
	return false
}

func sameRecord(got, want string, qtype uint16) bool {
	switch qtype {
	case dns.TypeA, dns.TypeAAAA:
		a, err1 := netip.ParseAddr(got)
		b, err2 := netip.ParseAddr(strings.TrimSpace(want))
		return err1 == nil && err2 == nil && a == b
	case dns.TypeTXT:
		return got == want
	}
	return strings.EqualFold(dns.Fqdn(got), dns.Fqdn(strings.Join(strings.Fields(want), " ")))
}
