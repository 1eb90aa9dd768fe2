package ingest

import (
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/problem"
)

// postable is one alert of Alertmanager's POST /api/v2/alerts body, the
// format Prometheus, Grafana and vmalert send.
type postable struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     stamp             `json:"startsAt"`
	EndsAt       stamp             `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
}

// AlertmanagerV2 parses the body of POST /api/v2/alerts: a JSON array of
// postable alerts. As in Alertmanager, an alert whose endsAt has passed is
// resolved; Prometheus resends firing alerts with an endsAt a few minutes
// ahead, which keeps them firing.
func AlertmanagerV2(body []byte, now time.Time) ([]alert.Alert, error) {
	var in []postable
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, problem.Invalidf("body", "send a JSON array of alerts")
	}
	out := make([]alert.Alert, len(in))
	for i, p := range in {
		a := alert.Alert{Labels: p.Labels, Annotations: p.Annotations, StartsAt: p.StartsAt.Time,
			Status: alert.Firing, Source: "alertmanager"}
		if !p.EndsAt.IsZero() && !p.EndsAt.After(now) {
			a.Status, a.EndsAt = alert.Resolved, p.EndsAt.Time
		}
		if p.GeneratorURL != "" {
			a.Annotations = withAnnotation(a.Annotations, "generator_url", p.GeneratorURL)
		}
		out[i] = a
	}
	return out, nil
}

// webhook is Alertmanager's webhook payload, version 4.
type webhook struct {
	Version string `json:"version"`
	Status  string `json:"status"`
	Alerts  []struct {
		Status       string            `json:"status"`
		Labels       map[string]string `json:"labels"`
		Annotations  map[string]string `json:"annotations"`
		StartsAt     stamp             `json:"startsAt"`
		EndsAt       stamp             `json:"endsAt"`
		GeneratorURL string            `json:"generatorURL"`
		Fingerprint  string            `json:"fingerprint"`
	} `json:"alerts"`
}

// AlertmanagerWebhook parses what an Alertmanager webhook receiver posts.
// The alerts' own status decides; their fingerprint is recomputed from the
// labels so that the same alert has one identity whichever way it came.
func AlertmanagerWebhook(body []byte) ([]alert.Alert, error) {
	var in webhook
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.Version != "" && in.Version != "4" {
		return nil, problem.Invalidf("version", "webhook version %q is not supported; Alertmanager sends version 4", in.Version)
	}
	if in.Alerts == nil {
		return nil, problem.Invalidf("alerts", "send the webhook's alerts array")
	}
	out := make([]alert.Alert, len(in.Alerts))
	for i, w := range in.Alerts {
		st, err := status(w.Status, "alerts[%d].status", i)
		if err != nil {
			return nil, err
		}
		a := alert.Alert{Labels: w.Labels, Annotations: w.Annotations, StartsAt: w.StartsAt.Time, Status: st, Source: "alertmanager-webhook"}
		if st == alert.Resolved {
			a.EndsAt = w.EndsAt.Time
		}
		if w.GeneratorURL != "" {
			a.Annotations = withAnnotation(a.Annotations, "generator_url", w.GeneratorURL)
		}
		out[i] = a
	}
	return out, nil
}

func status(s, field string, i int) (alert.Status, error) {
	switch s {
	case "", string(alert.Firing):
		return alert.Firing, nil
	case string(alert.Resolved):
		return alert.Resolved, nil
	}
	return "", problem.Invalidf(fmtField(field, i), "%q is not a status; use firing or resolved", s)
}

func withAnnotation(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for mk, mv := range m {
		out[mk] = mv
	}
	out[k] = v
	return out
}
