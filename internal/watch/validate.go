package watch

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/miekg/dns"

	"sitrep/internal/notify"
	"sitrep/internal/problem"
)

// Normalize fills a probe's defaults and checks it, naming the field at
// fault. Targets the guard refuses (link-local and cloud-metadata addresses,
// and loopback and private ones unless allowed) are refused here, at save
// time; the guard checks again on every connection.
func (p *Probe) Normalize(g notify.Guard) error {
	if !nameRE.MatchString(p.Name) {
		return problem.Invalidf("name", "use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	if err := p.defaults(); err != nil {
		return err
	}
	if err := p.checkSchedule(); err != nil {
		return err
	}
	if err := p.checkLabels(); err != nil {
		return err
	}
	switch p.Kind {
	case HTTP:
		p.DNS, p.TLS = nil, nil
		return p.checkHTTP(g)
	case TCP:
		p.HTTP, p.DNS, p.TLS = nil, nil, nil
		return checkHostPort("target", p.Target, g)
	case TLS:
		p.HTTP, p.DNS = nil, nil
		if p.TLS == nil {
			p.TLS = &TLSSettings{}
		}
		if p.TLS.ExpiryDays < 0 || p.TLS.ExpiryDays > maxCertDays {
			return problem.Invalidf("tls.expiry_days", "must be from 0 to %d", maxCertDays)
		}
		if p.TLS.ExpiryDays == 0 {
			p.TLS.ExpiryDays = defaultTLSExpiryDays
		}
		return checkHostPort("target", p.Target, g)
	case DNS:
		p.HTTP, p.TLS = nil, nil
		return p.checkDNS(g)
	}
	return problem.Invalidf("kind", "must be http, tcp, dns or tls")
}

func (p *Probe) defaults() error {
	if p.IntervalSeconds == 0 {
		p.IntervalSeconds = int(DefaultInterval / 1e9)
	}
	if p.TimeoutSeconds == 0 {
		p.TimeoutSeconds = min(DefaultTimeout.Seconds(), float64(p.IntervalSeconds)/2)
	}
	if p.FailuresBeforeAlert == 0 {
		p.FailuresBeforeAlert = DefaultFailures
	}
	if p.SuccessesBeforeRecovery == 0 {
		p.SuccessesBeforeRecovery = DefaultSuccesses
	}
	if len(p.Vantages) == 0 {
		p.Vantages = []string{Local}
	}
	if p.MinFailing == 0 {
		p.MinFailing = 1
	}
	if p.Target == "" {
		return problem.Invalidf("target", "give the target to check: a URL, host:port or DNS name")
	}
	if len(p.Target) > MaxTargetLen || !utf8.ValidString(p.Target) || strings.ContainsAny(p.Target, "\x00\r\n") {
		return problem.Invalidf("target", "must be text of at most %d bytes on one line", MaxTargetLen)
	}
	return nil
}

func (p *Probe) checkSchedule() error {
	switch {
	case p.Interval() < MinInterval || p.Interval() > MaxInterval:
		return problem.Invalidf("interval_seconds", "must be from %d to %d", int(MinInterval.Seconds()), int(MaxInterval.Seconds()))
	case p.TimeoutSeconds < 0.1 || p.TimeoutSeconds >= float64(p.IntervalSeconds):
		return problem.Invalidf("timeout_seconds", "must be at least 0.1 and less than interval_seconds (%d)", p.IntervalSeconds)
	case p.FailuresBeforeAlert < 1 || p.FailuresBeforeAlert > maxThreshold:
		return problem.Invalidf("failures_before_alert", "must be from 1 to %d", maxThreshold)
	case p.SuccessesBeforeRecovery < 1 || p.SuccessesBeforeRecovery > maxThreshold:
		return problem.Invalidf("successes_before_recovery", "must be from 1 to %d", maxThreshold)
	case len(p.Vantages) > MaxVantages:
		return problem.Invalidf("vantages", "at most %d vantage points", MaxVantages)
	}
	seen := map[string]bool{}
	for i, v := range p.Vantages {
		if !vantageRE.MatchString(v) {
			return problem.Invalidf(fmt.Sprintf("vantages[%d]", i), "use 1 to 63 lowercase letters, digits or '-' (\"local\" is the server itself)")
		}
		if seen[v] {
			return problem.Invalidf(fmt.Sprintf("vantages[%d]", i), "%q is listed twice", v)
		}
		seen[v] = true
	}
	if p.MinFailing < 1 || p.MinFailing > len(p.Vantages) {
		return problem.Invalidf("min_failing", "must be from 1 to the number of vantage points (%d)", len(p.Vantages))
	}
	return nil
}

func (p *Probe) checkLabels() error {
	if !labelRE.MatchString(p.Service) {
		return problem.Invalidf("service", "use at most 64 letters, digits, spaces or ._:/-")
	}
	if !labelRE.MatchString(p.Severity) {
		return problem.Invalidf("severity", "use at most 64 letters, digits, spaces or ._:/-")
	}
	return nil
}

func (p *Probe) checkHTTP(g notify.Guard) error {
	if err := g.ValidateURL("target", p.Target); err != nil {
		return err
	}
	if p.HTTP == nil {
		p.HTTP = &HTTPSettings{}
	}
	h := p.HTTP
	if h.Method == "" {
		h.Method = http.MethodGet
	}
	h.Method = strings.ToUpper(h.Method)
	switch h.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodOptions, http.MethodPatch, http.MethodDelete:
	default:
		return problem.Invalidf("http.method", "must be GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS")
	}
	if len(h.Header) > MaxHeaders {
		return problem.Invalidf("http.headers", "at most %d headers", MaxHeaders)
	}
	for k, v := range h.Header {
		if k == "" || strings.ContainsAny(k, " :\r\n\x00") || strings.ContainsAny(v, "\r\n\x00") || len(k)+len(v) > 4096 || !utf8.ValidString(k+v) {
			return problem.Invalidf("http.headers", "%q is not a valid header", trim(k))
		}
	}
	for _, s := range h.ExpectStatus {
		if s < 100 || s > 599 {
			return problem.Invalidf("http.expect_status", "%d is not an HTTP status; use 100 to 599", s)
		}
	}
	switch {
	case len(h.ExpectStatus) > MaxExpected:
		return problem.Invalidf("http.expect_status", "at most %d statuses", MaxExpected)
	case len(h.BodyContains) > MaxBodyContains || !utf8.ValidString(h.BodyContains) || strings.ContainsRune(h.BodyContains, 0):
		return problem.Invalidf("http.body_contains", "must be text of at most %d bytes", MaxBodyContains)
	case h.MaxLatencyMs < 0 || h.MaxLatencyMs > maxLatencyThresholdMs:
		return problem.Invalidf("http.max_latency_ms", "must be from 0 to %d", maxLatencyThresholdMs)
	case h.CertExpiryDays < 0 || h.CertExpiryDays > maxCertDays:
		return problem.Invalidf("http.cert_expiry_days", "must be from 0 to %d", maxCertDays)
	}
	return nil
}

var dnsTypes = map[string]uint16{"A": dns.TypeA, "AAAA": dns.TypeAAAA, "CNAME": dns.TypeCNAME, "TXT": dns.TypeTXT, "MX": dns.TypeMX}

func (p *Probe) checkDNS(g notify.Guard) error {
	if _, ok := dns.IsDomainName(p.Target); !ok || len(p.Target) > 253 {
		return problem.Invalidf("target", "must be a DNS name such as example.com")
	}
	if p.DNS == nil {
		p.DNS = &DNSSettings{}
	}
	d := p.DNS
	if d.Type = strings.ToUpper(d.Type); d.Type == "" {
		d.Type = "A"
	}
	if _, ok := dnsTypes[d.Type]; !ok {
		return problem.Invalidf("dns.type", "must be A, AAAA, CNAME, TXT or MX")
	}
	if len(d.Expect) > MaxExpected {
		return problem.Invalidf("dns.expect", "at most %d records", MaxExpected)
	}
	for i, e := range d.Expect {
		if e == "" || len(e) > 255 || !utf8.ValidString(e) || strings.ContainsRune(e, 0) {
			return problem.Invalidf(fmt.Sprintf("dns.expect[%d]", i), "must be text of 1 to 255 bytes")
		}
	}
	if d.Server != "" {
		return checkHostPort("dns.server", d.Server, g)
	}
	return nil
}

// checkHostPort checks a host:port target with the guard's rules.
func checkHostPort(field, hp string, g notify.Guard) error {
	host, port, err := net.SplitHostPort(hp)
	if err != nil || host == "" {
		return problem.Invalidf(field, "write host:port, such as db.example.com:5432 or [2001:db8::1]:443")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return problem.Invalidf(field, "the port must be a number from 1 to 65535")
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if err := g.ValidateURL(field, "http://"+host+":"+port); err != nil {
		pe, _ := problem.As(err)
		return problem.Invalidf(field, "%s", strings.ReplaceAll(pe.Message, "URL", "target"))
	}
	return nil
}

func trim(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
