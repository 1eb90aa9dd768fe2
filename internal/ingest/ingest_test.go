package ingest_test

import (
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/ingest"
	"sitrep/internal/problem"
)

var now = time.Date(2024, 3, 8, 1, 22, 0, 0, time.UTC)

func TestAlertmanagerV2PastEndsAtIsResolved(t *testing.T) {
	as, err := ingest.AlertmanagerV2([]byte(`[
		{"labels":{"alertname":"NodeNotReady","region":"eu1"},"annotations":{"summary":"node not ready"},"startsAt":"2024-03-08T01:00:00Z","generatorURL":"http://prom/graph"},
		{"labels":{"alertname":"NodeNotReady","region":"us1"},"endsAt":"2024-03-08T01:21:00Z"},
		{"labels":{"alertname":"DiskFull"},"endsAt":"2024-03-08T01:25:00Z","startsAt":""}]`), now)
	if err != nil || len(as) != 3 {
		t.Fatalf("%v %v", as, err)
	}
	if as[0].Status != alert.Firing || !as[0].StartsAt.Equal(now.Add(-22*time.Minute)) || as[0].Annotations["generator_url"] != "http://prom/graph" {
		t.Errorf("first: %+v", as[0])
	}
	if as[1].Status != alert.Resolved || as[2].Status != alert.Firing {
		t.Errorf("statuses %s %s: an endsAt in the future keeps an alert firing", as[1].Status, as[2].Status)
	}
}

func TestWebhookAndGeneric(t *testing.T) {
	as, err := ingest.AlertmanagerWebhook([]byte(`{"version":"4","status":"resolved","receiver":"sitrep","alerts":[
		{"status":"resolved","labels":{"alertname":"A"},"startsAt":"2024-03-08T01:00:00Z","endsAt":"2024-03-08T01:10:00Z","fingerprint":"abc"}]}`))
	if err != nil || len(as) != 1 || as[0].Status != alert.Resolved || as[0].EndsAt.IsZero() {
		t.Fatalf("webhook: %+v %v", as, err)
	}
	as, err = ingest.Generic([]byte(`{"dedup_key":"db-1","status":"firing","summary":"replica lag","labels":{"region":"eu1"}}`))
	if err != nil || len(as) != 1 || as[0].DedupKey != "db-1" || as[0].Annotations["summary"] != "replica lag" {
		t.Fatalf("generic: %+v %v", as, err)
	}
}

func TestMalformedBodiesAreRefused(t *testing.T) {
	for _, body := range []string{`[{"labels":`, `{"labels":{}}`, `[1]`, `[] []`, `[{"startsAt":"yesterday"}]`, ``} {
		_, err := ingest.AlertmanagerV2([]byte(body), now)
		if p, ok := problem.As(err); !ok || p.Kind != problem.Invalid {
			t.Errorf("%q: %v, want a refusal", body, err)
		}
	}
	if _, err := ingest.AlertmanagerWebhook([]byte(`{"version":"3","alerts":[]}`)); err == nil {
		t.Error("took webhook version 3")
	}
	if _, err := ingest.Generic([]byte(`{"status":"open","dedup_key":"x"}`)); err == nil {
		t.Error("took status open")
	}
}

// check holds for anything a parser accepts: every alert has a status the
// service knows, and validating it does not panic.
func check(t *testing.T, as []alert.Alert, err error) {
	if err != nil {
		if _, ok := problem.As(err); !ok {
			t.Fatalf("refusal that is not a problem: %v", err)
		}
		return
	}
	for i := range as {
		if as[i].Status != alert.Firing && as[i].Status != alert.Resolved {
			t.Fatalf("alert %d has status %q", i, as[i].Status)
		}
		_ = as[i].Validate("alerts[0]")
	}
}

func FuzzAlertmanagerV2(f *testing.F) {
	for _, s := range []string{`[]`, `[{"labels":{"alertname":"A"},"endsAt":"2024-03-08T01:00:00Z"}]`, `[{"labels":{"a":"\u0000"}}]`, `null`, `[{"startsAt":"0001-01-01T00:00:00Z"}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		as, err := ingest.AlertmanagerV2(b, now)
		check(t, as, err)
	})
}

func FuzzAlertmanagerWebhook(f *testing.F) {
	for _, s := range []string{`{"version":"4","alerts":[{"status":"firing","labels":{"a":"b"}}]}`, `{"alerts":null}`, `{"alerts":[{"status":"x"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		as, err := ingest.AlertmanagerWebhook(b)
		check(t, as, err)
	})
}

func FuzzGeneric(f *testing.F) {
	for _, s := range []string{`{"dedup_key":"k","status":"resolved"}`, `[{"labels":{"a":"b"}}]`, ` {"summary":"x"}`, `[`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		as, err := ingest.Generic(b)
		check(t, as, err)
	})
}
