package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// ProbePatch changes some of a probe's fields; nil leaves a field as it is.
type ProbePatch struct {
	Kind                    *Kind         `json:"kind,omitempty"`
	Target                  *string       `json:"target,omitempty"`
	HTTP                    *HTTPSettings `json:"http,omitempty"`
	DNS                     *DNSSettings  `json:"dns,omitempty"`
	TLS                     *TLSSettings  `json:"tls,omitempty"`
	IntervalSeconds         *int          `json:"interval_seconds,omitempty"`
	TimeoutSeconds          *float64      `json:"timeout_seconds,omitempty"`
	FailuresBeforeAlert     *int          `json:"failures_before_alert,omitempty"`
	SuccessesBeforeRecovery *int          `json:"successes_before_recovery,omitempty"`
	Service                 *string       `json:"service,omitempty"`
	Severity                *string       `json:"severity,omitempty"`
	Vantages                []string      `json:"vantages,omitempty"`
	MinFailing              *int          `json:"min_failing,omitempty"`
	Enabled                 *bool         `json:"enabled,omitempty"`
}

func (pt ProbePatch) apply(p *Probe) {
	set := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setS := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	if pt.Kind != nil {
		p.Kind = *pt.Kind
	}
	setS(&p.Target, pt.Target)
	if pt.HTTP != nil {
		p.HTTP = pt.HTTP
	}
	if pt.DNS != nil {
		p.DNS = pt.DNS
	}
	if pt.TLS != nil {
		p.TLS = pt.TLS
	}
	set(&p.IntervalSeconds, pt.IntervalSeconds)
	if pt.TimeoutSeconds != nil {
		p.TimeoutSeconds = *pt.TimeoutSeconds
	}
	set(&p.FailuresBeforeAlert, pt.FailuresBeforeAlert)
	set(&p.SuccessesBeforeRecovery, pt.SuccessesBeforeRecovery)
	setS(&p.Service, pt.Service)
	setS(&p.Severity, pt.Severity)
	if pt.Vantages != nil {
		p.Vantages = pt.Vantages
	}
	set(&p.MinFailing, pt.MinFailing)
	if pt.Enabled != nil {
		p.Enabled = *pt.Enabled
	}
}

// Update changes the probe called name. A new interval or a new set of
// vantage points takes effect from the next run.
func (s *Service) Update(ctx context.Context, actor auth.Principal, name string, pt ProbePatch) (Probe, error) {
	var p Probe
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := scanProbe(tx.QueryRow(ctx, `SELECT `+probeColumns+` FROM probes WHERE name = ?`+tx.ForUpdate(), name))
		if err != nil {
			return err
		}
		p = old
		ps := []Probe{p}
		if err := s.loadVantages(ctx, ps); err != nil {
			return err
		}
		p = ps[0]
		pt.apply(&p)
		if err := p.Normalize(s.guard); err != nil {
			return err
		}
		now := s.clock.Now()
		set, _ := json.Marshal(settings{HTTP: p.HTTP, DNS: p.DNS, TLS: p.TLS})
		if _, err := tx.Exec(ctx, `UPDATE probes SET kind = ?, target = ?, settings = ?, interval_s = ?, timeout_ms = ?,
			failures_before_alert = ?, successes_before_recovery = ?, service = ?, severity = ?, min_failing = ?, enabled = ?,
			local = ?, next_run_at = ?, updated_at = ? WHERE id = ?`,
			p.Kind, p.Target, string(set), p.IntervalSeconds, int64(p.TimeoutSeconds*1000), p.FailuresBeforeAlert,
			p.SuccessesBeforeRecovery, p.Service, p.Severity, p.MinFailing, flag(p.Enabled), flag(p.HasVantage(Local)),
			store.Micros(NextSlot(p.Name, p.Interval(), now)), store.Micros(now), p.id); err != nil {
			return err
		}
		p.UpdatedAt = now
		if !p.Enabled {
			// A disabled probe has no verdict; a down one resolves its alert.
			p.State = "unknown"
			if _, err := tx.Exec(ctx, `UPDATE probes SET state = 'unknown' WHERE id = ?`, p.id); err != nil {
				return err
			}
		}
		if err := setVantages(ctx, tx, p.id, p.Vantages); err != nil {
			return err
		}
		_, err = s.evlog.Append(ctx, tx, 0, actor.UserID, now, "probe.changed", map[string]any{"name": p.Name})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return Probe{}, problem.NotFoundf("name", "no probe is named %q", name)
	}
	if _, ok := problem.As(err); ok {
		return Probe{}, err
	}
	if err != nil {
		return Probe{}, fmt.Errorf("update probe %s: %w", name, err)
	}
	return p, nil
}

// Delete removes the probe called name with its results; an alert it
// raised resolves.
func (s *Service) Delete(ctx context.Context, actor auth.Principal, name string) error {
	var firing unsentProbe
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		p, err := getProbe(ctx, tx, name)
		if err != nil {
			return err
		}
		var alerted string
		if err := tx.QueryRow(ctx, `SELECT alerted, alert_labels FROM probes WHERE id = ?`, p.id).Scan(&alerted, &firing.labels); err != nil {
			return err
		}
		if alerted == "down" {
			firing.name, firing.state = p.Name, "gone"
		}
		for _, t := range []string{"probe_results", "probe_rollups", "probe_vantages"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE probe_id = ?`, p.id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM probes WHERE id = ?`, p.id); err != nil {
			return err
		}
		_, err = s.evlog.Append(ctx, tx, 0, actor.UserID, s.clock.Now(), "probe.removed", map[string]any{"name": name})
		return err
	})
	if _, ok := problem.As(err); ok {
		return err
	}
	if err != nil {
		return fmt.Errorf("delete probe %s: %w", name, err)
	}
	if firing.name != "" && s.sink != nil {
		// The probe is gone, so a failure here cannot be retried: log it.
		if err := s.send(ctx, firing); err != nil && s.log != nil {
			s.log.Warn("watch: resolve the alert of a removed probe", "probe", name, "err", err)
		}
	}
	return nil
}
