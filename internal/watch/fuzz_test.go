package watch_test

import (
	"encoding/json"
	"testing"

	"sitrep/internal/notify"
	"sitrep/internal/watch"
)

// FuzzProbeNormalize feeds probe definitions as the API decodes them:
// Normalize never panics, and what it accepts is within bounds and reaches
// no address the guard refuses.
func FuzzProbeNormalize(f *testing.F) {
	for _, s := range []string{
		`{"name":"api","kind":"http","target":"https://api.example.com/healthz","http":{"expect_status":[200,204],"headers":{"X-A":"b"}}}`,
		`{"name":"db","kind":"tcp","target":"db.example.com:5432","vantages":["local","eu-west"],"min_failing":2}`,
		`{"name":"dns","kind":"dns","target":"example.com","dns":{"type":"mx","server":"192.0.2.53:53","expect":["10 mx.example.com"]}}`,
		`{"name":"tls","kind":"tls","target":"[2001:db8::1]:443","tls":{"expiry_days":30}}`,
		`{"name":"meta","kind":"http","target":"http://169.254.169.254/"}`,
		`{"name":"x","kind":"tcp","target":"0x7f.1:80"}`,
		`{"name":"x","kind":"tcp","target":"192.0.2.1:80","interval_seconds":10,"timeout_seconds":9.99}`,
	} {
		f.Add(s)
	}
	g := notify.Guard{}
	f.Fuzz(func(t *testing.T, s string) {
		var p watch.Probe
		if json.Unmarshal([]byte(s), &p) != nil {
			return
		}
		if err := p.Normalize(g); err != nil {
			return
		}
		if p.Interval() < watch.MinInterval || p.Timeout() >= p.Interval() || p.MinFailing < 1 || p.MinFailing > len(p.Vantages) {
			t.Fatalf("accepted %+v", p)
		}
		// Accepting twice gives the same probe.
		again := p
		if err := again.Normalize(g); err != nil {
			t.Fatalf("normalized probe refused on a second pass: %v", err)
		}
	})
}
