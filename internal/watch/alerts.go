package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
)

// AlertSink takes the alerts probes raise; alert.Service is one.
type AlertSink interface {
	Ingest(ctx context.Context, actor auth.Principal, alerts []alert.Alert) (alert.Result, error)
}

// Source is the source of the alerts probes raise.
const Source = "probe"

// SetAlerts makes the service raise alerts through sink, consulting guard
// (which may be nil) before it calls a probe down from this server.
func (s *Service) SetAlerts(sink AlertSink, guard *Canaries, log *slog.Logger) {
	s.sink, s.canaries, s.log = sink, guard, log
}

// Sync tells the alert sink about every probe whose verdict changed since it
// was last told: a probe gone down fires ProbeFailed, one back up resolves
// it. While the connectivity guard finds this server cut off, probes down
// from here are held back (and raised later, if they are still down when the
// canaries answer again) and one SitrepCutOff alert fires instead.
func (s *Service) Sync(ctx context.Context) error {
	if s.sink == nil {
		return nil
	}
	pending, err := s.unsent(ctx)
	if err != nil {
		return err
	}
	for _, u := range pending {
		if u.state == "down" && u.localDown && s.canaries != nil && !s.canaries.Reachable(ctx) {
			if err := s.cutOff(ctx, true); err != nil {
				return err
			}
			continue
		}
		if err := s.send(ctx, u); err != nil {
			return err
		}
	}
	if s.canaries != nil && s.canaries.Configured() && s.wasCutOff() && s.canaries.Reachable(ctx) {
		return s.cutOff(ctx, false)
	}
	return nil
}

// unsentProbe is a probe whose verdict the sink has not heard.
type unsentProbe struct {
	id        int64
	name      string
	state     string
	alerted   string
	labels    string
	summary   string
	service   string
	severity  string
	localDown bool
}

func (s *Service) unsent(ctx context.Context) ([]unsentProbe, error) {
	rows, err := s.db.Query(ctx, `SELECT p.id, p.name, p.state, p.alerted, p.alert_labels, p.alert_summary, p.service, p.severity,
		COALESCE((SELECT 1 FROM probe_vantages v WHERE v.probe_id = p.id AND v.vantage = 'local' AND v.status = 'down'), 0)
		FROM probes p WHERE p.state <> p.alerted AND (p.state = 'down' OR p.alerted = 'down') ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("probes to alert: %w", err)
	}
	defer rows.Close()
	var out []unsentProbe
	for rows.Next() {
		var u unsentProbe
		var local int
		if err := rows.Scan(&u.id, &u.name, &u.state, &u.alerted, &u.labels, &u.summary, &u.service, &u.severity, &local); err != nil {
			return nil, err
		}
		u.localDown = local == 1
		out = append(out, u)
	}
	return out, rows.Err()
}

// send fires or resolves one probe's alert and records that it did. The
// alert is resolved with the labels it fired with, so a probe whose service
// changed meanwhile still resolves the alert it raised.
func (s *Service) send(ctx context.Context, u unsentProbe) error {
	a := alert.Alert{Source: Source, Status: alert.Firing, StartsAt: s.clock.Now()}
	if u.state == "down" {
		a.Labels = map[string]string{"alertname": "ProbeFailed", "probe": u.name}
		if u.service != "" {
			a.Labels["service"] = u.service
		}
		if u.severity != "" {
			a.Labels["severity"] = u.severity
		}
		a.Annotations = map[string]string{"summary": clip(u.summary)}
	} else {
		a.Status = alert.Resolved
		a.EndsAt = a.StartsAt
		if err := json.Unmarshal([]byte(u.labels), &a.Labels); err != nil || len(a.Labels) == 0 {
			a.Labels = map[string]string{"alertname": "ProbeFailed", "probe": u.name}
		}
		a.Annotations = map[string]string{"summary": u.name + " is answering again"}
	}
	if _, err := s.sink.Ingest(ctx, auth.Principal{}, []alert.Alert{a}); err != nil {
		return fmt.Errorf("alert for probe %s: %w", u.name, err)
	}
	labels, _ := json.Marshal(a.Labels)
	_, err := s.db.Exec(ctx, `UPDATE probes SET alerted = ?, alert_labels = ? WHERE id = ? AND state = ?`, u.state, string(labels), u.id, u.state)
	return err
}

// cutOff fires (or resolves) the one alert that says this server cannot
// reach the outside.
func (s *Service) cutOff(ctx context.Context, firing bool) error {
	s.mu.Lock()
	was := s.isCutOff
	s.mu.Unlock()
	if was == firing {
		return nil
	}
	a := alert.Alert{Source: Source, Status: alert.Firing, StartsAt: s.clock.Now(),
		Labels:      map[string]string{"alertname": "SitrepCutOff", "severity": "critical"},
		Annotations: map[string]string{"summary": "sitrep itself is cut off: none of the canaries answer"}}
	if !firing {
		a.Status, a.EndsAt = alert.Resolved, a.StartsAt
		a.Annotations["summary"] = "sitrep reaches its canaries again"
	}
	if _, err := s.sink.Ingest(ctx, auth.Principal{}, []alert.Alert{a}); err != nil {
		return fmt.Errorf("cut-off alert: %w", err)
	}
	if s.log != nil {
		s.log.Warn("connectivity guard", "cut_off", firing)
	}
	s.mu.Lock()
	s.isCutOff = firing
	s.mu.Unlock()
	return nil
}

func (s *Service) wasCutOff() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.isCutOff
}
