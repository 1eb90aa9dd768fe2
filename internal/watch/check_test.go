package watch_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"sitrep/internal/notify"
	"sitrep/internal/watch"
)

// loopback lets checks reach the servers the tests run on 127.0.0.1.
var loopback = watch.NewChecker(notify.Guard{AllowPrivate: true})

func check(t *testing.T, c *watch.Checker, p watch.Probe) error {
	t.Helper()
	if err := p.Normalize(notify.Guard{AllowPrivate: true}); err != nil {
		t.Fatalf("normalize %+v: %v", p, err)
	}
	_, err := c.Check(context.Background(), p)
	return err
}

func TestHTTPCheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			if r.Header.Get("X-Probe") != "yes" {
				w.WriteHeader(http.StatusBadRequest)
			}
			w.Write([]byte("all systems go"))
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	hs := func(h watch.HTTPSettings) *watch.HTTPSettings { return &h }
	cases := []struct {
		name, path string
		set        *watch.HTTPSettings
		wantErr    string
	}{
		{"2xx with header and body", "/ok", hs(watch.HTTPSettings{Header: map[string]string{"X-Probe": "yes"}, BodyContains: "systems go"}), ""},
		{"missing text", "/ok", hs(watch.HTTPSettings{Header: map[string]string{"X-Probe": "yes"}, BodyContains: "on fire"}), "does not contain"},
		{"status 503", "/down", nil, "status 503, want 2xx"},
		{"503 expected", "/down", hs(watch.HTTPSettings{ExpectStatus: []int{503}}), ""},
		{"over latency threshold", "/slow", hs(watch.HTTPSettings{MaxLatencyMs: 100}), "over the 100 ms threshold"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := check(t, loopback, watch.Probe{Name: "web", Kind: watch.HTTP, Target: srv.URL + c.path, HTTP: c.set})
			expectErr(t, err, c.wantErr)
		})
	}
}

func expectErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("check failed: %v", err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Fatalf("check error = %v, want one containing %q", err, want)
	}
}

func TestHTTPSCertificateExpiryWarning(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	days := int(time.Until(srv.Certificate().NotAfter).Hours()/24) + 1
	p := watch.Probe{Name: "tls-web", Kind: watch.HTTP, Target: srv.URL, HTTP: &watch.HTTPSettings{SkipVerify: true}}
	expectErr(t, check(t, loopback, p), "")
	p.HTTP.CertExpiryDays = days
	expectErr(t, check(t, loopback, p), "the certificate expires in")
	// Without skip_verify the test server's own CA is unknown.
	p.HTTP = nil
	expectErr(t, check(t, loopback, p), "certificate")
}

func TestTCPAndTLSChecks(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	expectErr(t, check(t, loopback, watch.Probe{Name: "tcp", Kind: watch.TCP, Target: addr}), "")
	expectErr(t, check(t, loopback, watch.Probe{Name: "tls", Kind: watch.TLS, Target: addr, TLS: &watch.TLSSettings{SkipVerify: true, ExpiryDays: 1}}), "")
	tooSoon := int(time.Until(srv.Certificate().NotAfter).Hours()/24) + 1
	expectErr(t, check(t, loopback, watch.Probe{Name: "tls", Kind: watch.TLS, Target: addr, TLS: &watch.TLSSettings{SkipVerify: true, ExpiryDays: tooSoon}}), "expires in")
	closed := closedPort(t)
	expectErr(t, check(t, loopback, watch.Probe{Name: "tcp", Kind: watch.TCP, Target: closed}), "connection refused")
	expectErr(t, check(t, loopback, watch.Probe{Name: "tls", Kind: watch.TLS, Target: closed}), "connection refused")
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestGuardRefusesLoopbackUnlessAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	strict := watch.NewChecker(notify.Guard{})
	_, err := strict.Check(context.Background(), watch.Probe{Name: "x", Kind: watch.TCP, Target: srv.Listener.Addr().String(), TimeoutSeconds: 2, IntervalSeconds: 10})
	expectErr(t, err, "refused")
}

func TestDNSCheck(t *testing.T) {
	server := dnsServer(t, map[uint16][]string{
		dns.TypeA:     {"api.example.com. 60 IN A 192.0.2.10", "api.example.com. 60 IN A 192.0.2.11"},
		dns.TypeAAAA:  {"api.example.com. 60 IN AAAA 2001:db8::1"},
		dns.TypeTXT:   {`api.example.com. 60 IN TXT "v=spf1 -all"`},
		dns.TypeMX:    {"api.example.com. 60 IN MX 10 mx.example.com."},
		dns.TypeCNAME: {"api.example.com. 60 IN CNAME lb.example.com."},
	})
	cases := []struct {
		typ     string
		expect  []string
		name    string
		wantErr string
	}{
		{"A", []string{"192.0.2.11"}, "api.example.com", ""},
		{"A", []string{"192.0.2.99"}, "api.example.com", `"192.0.2.99" is not in the answer`},
		{"AAAA", []string{"2001:db8:0::1"}, "api.example.com", ""},
		{"TXT", []string{"v=spf1 -all"}, "api.example.com", ""},
		{"MX", []string{"10 mx.example.com"}, "api.example.com", ""},
		{"CNAME", []string{"LB.example.com."}, "api.example.com", ""},
		{"A", nil, "gone.example.com", "NXDOMAIN"},
	}
	for _, c := range cases {
		t.Run(c.typ+" "+c.name, func(t *testing.T) {
			p := watch.Probe{Name: "dns", Kind: watch.DNS, Target: c.name, DNS: &watch.DNSSettings{Type: c.typ, Server: server, Expect: c.expect}}
			expectErr(t, check(t, loopback, p), c.wantErr)
		})
	}
}

// dnsServer answers for api.example.com. on loopback UDP with records and
// NXDOMAIN for any other name.
func dnsServer(t *testing.T, records map[uint16][]string) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := dns.NewServeMux()
	mux.HandleFunc(".", func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		if q.Name != "api.example.com." {
			m.Rcode = dns.RcodeNameError
		}
		for _, s := range records[q.Qtype] {
			if q.Name == "api.example.com." {
				rr, err := dns.NewRR(s)
				if err != nil {
					t.Errorf("record %q: %v", s, err)
				}
				m.Answer = append(m.Answer, rr)
			}
		}
		w.WriteMsg(m)
	})
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: mux, NotifyStartedFunc: func() { close(started) }}
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}
