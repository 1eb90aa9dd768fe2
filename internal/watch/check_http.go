package watch

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

func (c *Checker) checkHTTP(ctx context.Context, p Probe, start time.Time) error {
	h := p.HTTP
	if h == nil {
		h = &HTTPSettings{Method: http.MethodGet}
	}
	req, err := http.NewRequestWithContext(ctx, h.Method, p.Target, nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("User-Agent", "sitrep-probe/1")
	for k, v := range h.Header {
		req.Header.Set(k, v)
	}
	t := c.verify
	if h.SkipVerify {
		t = c.skip
	}
	resp, err := t.RoundTrip(req)
	if err != nil {
		return simplify(err)
	}
	defer resp.Body.Close()
	var body []byte
	if h.BodyContains != "" {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxResponseBytesToRead))
		if err != nil {
			return fmt.Errorf("read the answer: %w", err)
		}
	}
	took := time.Since(start)
	switch {
	case len(h.ExpectStatus) == 0 && (resp.StatusCode < 200 || resp.StatusCode > 299):
		return fmt.Errorf("status %d, want 2xx", resp.StatusCode)
	case len(h.ExpectStatus) > 0 && !slices.Contains(h.ExpectStatus, resp.StatusCode):
		return fmt.Errorf("status %d, want one of %v", resp.StatusCode, h.ExpectStatus)
	case h.BodyContains != "" && !bytes.Contains(body, []byte(h.BodyContains)):
		return fmt.Errorf("the answer does not contain %q", trim(h.BodyContains))
	case h.MaxLatencyMs > 0 && took > time.Duration(h.MaxLatencyMs)*time.Millisecond:
		return fmt.Errorf("answered in %d ms, over the %d ms threshold", took.Milliseconds(), h.MaxLatencyMs)
	}
	if resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
		return checkExpiry(resp.TLS.PeerCertificates[0], h.CertExpiryDays, time.Now())
	}
	return nil
}

// checkExpiry fails a certificate that has expired or expires within days.
func checkExpiry(cert *x509.Certificate, days int, now time.Time) error {
	left := cert.NotAfter.Sub(now)
	switch {
	case left <= 0:
		return fmt.Errorf("the certificate expired on %s", cert.NotAfter.UTC().Format(time.DateOnly))
	case left < time.Duration(days)*24*time.Hour:
		return fmt.Errorf("the certificate expires in %d days (on %s), within the %d-day warning", int(left.Hours()/24), cert.NotAfter.UTC().Format(time.DateOnly), days)
	}
	return nil
}
