package ingest_test

import (
	"testing"

	"sitrep/internal/alert"
	"sitrep/internal/ingest"
	"sitrep/internal/problem"
)

// The body Grafana's documentation shows for its webhook contact point.
const grafanaBody = `{
  "receiver": "sitrep", "status": "firing", "orgId": 1,
  "alerts": [
    {"status": "firing", "labels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
     "annotations": {"summary": "This alert was triggered for zone us-1"},
     "startsAt": "2021-10-12T09:51:03.157076+02:00", "endsAt": "0001-01-01T00:00:00Z",
     "generatorURL": "https://grafana/alerting/1afz29v7z/edit", "fingerprint": "c6eadffa33fcdf37",
     "silenceURL": "https://grafana/alerting/silence/new", "dashboardURL": "", "panelURL": "",
     "values": {"B": 44.23943737541908, "C": 1}},
    {"status": "resolved", "labels": {"alertname": "High CPU usage", "team": "blue", "zone": "eu-1"},
     "annotations": {}, "startsAt": "2021-10-12T09:56:03.157076+02:00", "endsAt": "2021-10-12T10:06:03Z",
     "valueString": "[ metric='' labels={} value=14151.33 ]"}
  ],
  "groupLabels": {"alertname": "High memory usage"}, "commonLabels": {"team": "blue"}, "commonAnnotations": {},
  "externalURL": "https://grafana/", "version": "1", "groupKey": "{}:{alertname=\"High memory usage\"}",
  "truncatedAlerts": 0, "title": "[FIRING:1] High memory usage", "state": "alerting", "message": "..."
}`

func TestGrafanaWebhook(t *testing.T) {
	as, err := ingest.Grafana([]byte(grafanaBody))
	if err != nil || len(as) != 2 {
		t.Fatalf("%+v %v", as, err)
	}
	if as[0].Status != alert.Firing || as[0].Source != "grafana" || as[0].Annotations["silence_url"] == "" || as[0].StartsAt.Hour() != 7 {
		t.Errorf("first: %+v", as[0])
	}
	if as[1].Status != alert.Resolved || as[1].EndsAt.IsZero() {
		t.Errorf("second: %+v", as[1])
	}
	for _, a := range as {
		if err := a.Validate("alerts[0]"); err != nil && a.Labels["alertname"] == "High memory usage" {
			// Grafana's alert names have spaces: they are label values,
			// which are free text, so they pass.
			t.Errorf("valid Grafana alert refused: %v", err)
		}
	}
	for _, body := range []string{`{"alerts":null}`, `{"alerts":[{"status":"pending"}]}`, `[]`, `{"alerts":[]} x`} {
		if _, err := ingest.Grafana([]byte(body)); !problem.Is(err, problem.Invalid) {
			t.Errorf("%s: %v, want a refusal", body, err)
		}
	}
}

func FuzzGrafana(f *testing.F) {
	for _, s := range []string{grafanaBody, `{"alerts":[]}`, `{"alerts":[{"labels":{"a":"\u0000"},"startsAt":"x"}]}`, `null`, `{"alerts":[{"status":"resolved","endsAt":""}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		as, err := ingest.Grafana(b)
		check(t, as, err)
	})
}
