package watch

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/auth"
	"sitrep/internal/store"
)

// The alertnames heartbeats raise: a silent monitoring is worse than a
// missed job, and routes may want to tell them apart.
const (
	AlertHeartbeatMissed   = "HeartbeatMissed"
	AlertMonitoringSilent  = "MonitoringSilent"
	heartbeatSource        = "heartbeat"
	maxAlertSyncAttempts   = 5
	heartbeatTimeLayoutUTC = "2006-01-02 15:04:05 UTC"
)

// alertOf is the alert h raises while down, or resolves when not. Its
// identity is the heartbeat's id, not its labels, so changing the service or
// severity of a down heartbeat still resolves the alert it raised.
func (s *Heartbeats) alertOf(h Heartbeat, now time.Time) alert.Alert {
	name := AlertHeartbeatMissed
	if h.Kind == HeartbeatMonitoring {
		name = AlertMonitoringSilent
	}
	labels := map[string]string{"alertname": name, "heartbeat": h.Name, "severity": h.Severity}
	if h.Service != "" {
		labels["service"] = h.Service
	}
	a := alert.Alert{Labels: labels, Source: heartbeatSource, DedupKey: "heartbeat:" + strconv.FormatInt(h.ID, 10),
		Annotations: map[string]string{"summary": heartbeatSummary(h)}, Status: alert.Resolved, EndsAt: now}
	if h.Description != "" {
		a.Annotations["description"] = h.Description
	}
	if h.Status == HeartbeatDown {
		a.Status, a.StartsAt, a.EndsAt = alert.Firing, h.DownSince, time.Time{}
	}
	return a
}

// heartbeatSummary says what a down heartbeat means.
func heartbeatSummary(h Heartbeat) string {
	switch {
	case h.Failed:
		return fmt.Sprintf("heartbeat %s reported a failure at %s", h.Name, h.LastPingAt.Format(heartbeatTimeLayoutUTC))
	case h.Kind == HeartbeatMonitoring:
		return MonitoringSilentSummary
	default:
		return fmt.Sprintf("heartbeat %s missed: no ping since %s", h.Name, h.LastPingAt.Format(heartbeatTimeLayoutUTC))
	}
}

// syncAlert sends the alert of heartbeat id as its status now says, and
// clears its mark if nothing changed meanwhile. When something did (a ping
// raced the check), what was sent may be stale, so it sends again from the
// new state: whoever sends last has read the latest status.
func (s *Heartbeats) syncAlert(ctx context.Context, id int64) error {
	for range maxAlertSyncAttempts {
		// The sequence is read before the row: if the row changes after, the
		// clear below fails and the loop sends again.
		var seq int64
		err := s.db.QueryRow(ctx, `SELECT status_seq FROM heartbeats WHERE id = ?`, id).Scan(&seq)
		var h Heartbeat
		if err == nil {
			h, err = scanHeartbeat(s.db.QueryRow(ctx, hbColumns+`WHERE id = ?`, id))
		}
		if errors.Is(err, store.ErrNotFound) {
			// Removed meanwhile; Delete resolved its alert.
			return nil
		}
		if err != nil {
			return fmt.Errorf("send heartbeat alert: %w", err)
		}
		if _, err := s.alerts.Ingest(ctx, auth.Principal{}, []alert.Alert{s.alertOf(h, s.clock.Now())}); err != nil {
			return fmt.Errorf("send heartbeat alert of %s: %w", h.Name, err)
		}
		res, err := s.db.Exec(ctx, `UPDATE heartbeats SET alert_dirty = 0 WHERE id = ? AND status_seq = ?`, id, seq)
		if err != nil {
			return fmt.Errorf("send heartbeat alert of %s: %w", h.Name, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
	}
	// Leave it marked: the next check sends it again.
	_, err := s.db.Exec(ctx, `UPDATE heartbeats SET alert_dirty = 1 WHERE id = ?`, id)
	return err
}

// syncAlerts sends the alerts of many heartbeats in one call: when a host
// with hundreds of cron jobs dies, one transaction of the alert service
// raises them all, and its storm detection sees them together. A heartbeat
// that changed meanwhile, or a batch the alert service refused, falls back
// to syncAlert one by one.
func (s *Heartbeats) syncAlerts(ctx context.Context, ids []int64) error {
	type sent struct{ id, seq int64 }
	var batch []sent
	var alerts []alert.Alert
	now := s.clock.Now()
	for _, id := range ids {
		var seq int64
		err := s.db.QueryRow(ctx, `SELECT status_seq FROM heartbeats WHERE id = ?`, id).Scan(&seq)
		var h Heartbeat
		if err == nil {
			h, err = scanHeartbeat(s.db.QueryRow(ctx, hbColumns+`WHERE id = ?`, id))
		}
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("send heartbeat alerts: %w", err)
		}
		batch = append(batch, sent{id, seq})
		alerts = append(alerts, s.alertOf(h, now))
	}
	if len(alerts) == 0 {
		return nil
	}
	var retry []int64
	if _, err := s.alerts.Ingest(ctx, auth.Principal{}, alerts); err != nil {
		s.logger.WarnContext(ctx, "heartbeat alerts: batch refused; sending one by one", "alerts", len(alerts), "err", err)
		for _, b := range batch {
			retry = append(retry, b.id)
		}
	} else {
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			retry = retry[:0]
			for _, b := range batch {
				res, err := tx.Exec(ctx, `UPDATE heartbeats SET alert_dirty = 0 WHERE id = ? AND status_seq = ?`, b.id, b.seq)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 0 {
					retry = append(retry, b.id)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("send heartbeat alerts: %w", err)
		}
	}
	var errs []error
	for _, id := range retry {
		if err := s.syncAlert(ctx, id); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
