package ingest

import (
	"sitrep/internal/alert"
	"sitrep/internal/problem"
)

// grafanaWebhook is what a Grafana (unified alerting) webhook contact point
// posts: Alertmanager's webhook shape with Grafana's additions (orgId,
// values, silenceURL, dashboardURL, panelURL, title, message), which sitrep
// keeps only as links in annotations.
type grafanaWebhook struct {
	Receiver string `json:"receiver"`
	Status   string `json:"status"`
	Alerts   []struct {
		Status       string            `json:"status"`
		Labels       map[string]string `json:"labels"`
		Annotations  map[string]string `json:"annotations"`
		StartsAt     stamp             `json:"startsAt"`
		EndsAt       stamp             `json:"endsAt"`
		GeneratorURL string            `json:"generatorURL"`
		Fingerprint  string            `json:"fingerprint"`
		SilenceURL   string            `json:"silenceURL"`
		DashboardURL string            `json:"dashboardURL"`
		PanelURL     string            `json:"panelURL"`
	} `json:"alerts"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	ExternalURL       string            `json:"externalURL"`
	TruncatedAlerts   int               `json:"truncatedAlerts"`
}

// Grafana parses a Grafana alerting webhook. Each alert's own status
// decides; its identity is its labels, as for every other source, so the
// same rule evaluated by Grafana and Prometheus dedups. Grafana's links go
// into annotations, where a responder reading the page finds them.
func Grafana(body []byte) ([]alert.Alert, error) {
	var in grafanaWebhook
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.Alerts == nil {
		return nil, problem.Invalidf("alerts", "send the webhook's alerts array")
	}
	out := make([]alert.Alert, len(in.Alerts))
	for i, g := range in.Alerts {
		st, err := status(g.Status, "alerts[%d].status", i)
		if err != nil {
			return nil, err
		}
		a := alert.Alert{Labels: g.Labels, Annotations: g.Annotations, StartsAt: g.StartsAt.Time, Status: st, Source: "grafana"}
		if st == alert.Resolved {
			a.EndsAt = g.EndsAt.Time
		}
		for k, v := range map[string]string{"generator_url": g.GeneratorURL, "silence_url": g.SilenceURL,
			"dashboard_url": g.DashboardURL, "panel_url": g.PanelURL} {
			if v != "" {
				a.Annotations = withAnnotation(a.Annotations, k, v)
			}
		}
		out[i] = a
	}
	return out, nil
}
