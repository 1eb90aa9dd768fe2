package incident

import (
	"context"
	"fmt"
	"strings"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Declaration is what it takes to declare an incident.
type Declaration struct {
	Title    string
	Summary  string
	Severity Severity
	Tags     []string
	// Commander, if set, is joined and given the commander role at once.
	Commander string
	// StartedAt and DetectedAt default to the declaration time.
	StartedAt  time.Time
	DetectedAt time.Time
}

func (d *Declaration) validate(now time.Time) error {
	d.Title = strings.TrimSpace(d.Title)
	if err := checkText("title", d.Title, 1, MaxTitle); err != nil {
		return err
	}
	if err := checkText("summary", d.Summary, 0, MaxSummary); err != nil {
		return err
	}
	if err := checkSeverity("severity", d.Severity); err != nil {
		return err
	}
	tags, err := normalizeTags("tags", d.Tags)
	if err != nil {
		return err
	}
	d.Tags = tags
	for field, t := range map[string]time.Time{"started_at": d.StartedAt, "detected_at": d.DetectedAt} {
		if t.After(now.Add(time.Minute)) {
			return problem.Invalidf(field, "must not be in the future")
		}
	}
	return nil
}

// Declare opens an incident. The declarer joins it; the declared, started and
// detected milestones are set; a named commander joins and takes command.
func (s *Service) Declare(ctx context.Context, actor auth.Principal, d Declaration) (Incident, error) {
	now := s.clock.Now()
	if err := d.validate(now); err != nil {
		return Incident{}, err
	}
	var number int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		// A counter row, not MAX()+1 or a sequence: numbers stay gapless and
		// two instances declaring at once queue on the row instead of colliding.
		if err := tx.QueryRow(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'incident' RETURNING value`).Scan(&number); err != nil {
			return fmt.Errorf("next incident number: %w", err)
		}
		o := &op{s: s, ctx: ctx, tx: tx, actor: actor, now: now}
		return o.create(number, 0, d)
	})
	if err != nil {
		return Incident{}, fmt.Errorf("declare incident: %w", err)
	}
	d2, err := s.Get(ctx, number)
	return d2.Incident, err
}

// create inserts incident number (a child of parent when not 0) with its tags,
// milestones, first events, and the declarer and commander as responders.
func (o *op) create(number, parent int64, d Declaration) error {
	var parentArg any
	if parent != 0 {
		parentArg = parent
	}
	_, err := o.tx.Exec(o.ctx, `INSERT INTO incidents (number, title, summary, severity, status, parent, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, number, d.Title, d.Summary, string(d.Severity), string(Investigating), parentArg,
		o.actor.UserID, store.Micros(o.now), store.Micros(o.now))
	if err != nil {
		return err
	}
	o.inc = Incident{Number: number, Title: d.Title, Summary: d.Summary, Severity: d.Severity, Status: Investigating, Parent: parent}
	if err := o.setTags(d.Tags); err != nil {
		return err
	}
	data := map[string]any{"title": d.Title, "severity": d.Severity, "summary": d.Summary, "tags": d.Tags}
	if parent != 0 {
		data["parent"] = parent
	}
	if err := o.emit("incident.declared", data); err != nil {
		return err
	}
	for _, m := range []struct {
		kind string
		at   time.Time
	}{{"declared", o.now}, {"started", d.StartedAt}, {"detected", d.DetectedAt}} {
		at := m.at
		if at.IsZero() {
			at = o.now
		}
		if err := o.setMilestone(m.kind, at, ""); err != nil {
			return err
		}
	}
	if o.actor.UserID != 0 {
		if err := o.join(o.actor.UserID, o.actor.Handle); err != nil {
			return err
		}
	}
	if d.Commander != "" {
		id, err := userID(o.ctx, o.tx, "commander", d.Commander)
		if err != nil {
			return err
		}
		if err := o.requireCanRespond("commander", id, d.Commander); err != nil {
			return err
		}
		if err := o.join(id, d.Commander); err != nil {
			return err
		}
		if _, err := o.assign(RoleCommander, id, d.Commander); err != nil {
			return err
		}
	}
	return o.severityReached()
}

func (o *op) setTags(tags []string) error {
	if _, err := o.tx.Exec(o.ctx, `DELETE FROM incident_tags WHERE incident = ?`, o.inc.Number); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := o.tx.Exec(o.ctx, `INSERT INTO incident_tags (incident, tag) VALUES (?, ?)`, o.inc.Number, t); err != nil {
			return err
		}
	}
	o.inc.Tags = tags
	return nil
}
