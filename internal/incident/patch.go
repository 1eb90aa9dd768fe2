package incident

import (
	"context"
	"slices"
	"strings"

	"sitrep/internal/auth"
	"sitrep/internal/problem"
)

// Patch changes an incident's headline fields. Nil fields stay as they are.
type Patch struct {
	Title    *string
	Summary  *string
	Severity *Severity
	Status   *Status
	Tags     *[]string
}

func (p *Patch) validate() error {
	if p.Title != nil {
		t := strings.TrimSpace(*p.Title)
		p.Title = &t
		if err := checkText("title", t, 1, MaxTitle); err != nil {
			return err
		}
	}
	if p.Summary != nil {
		if err := checkText("summary", *p.Summary, 0, MaxSummary); err != nil {
			return err
		}
	}
	if p.Severity != nil {
		if err := checkSeverity("severity", *p.Severity); err != nil {
			return err
		}
	}
	if p.Status != nil && !p.Status.Valid() {
		return problem.Invalidf("status", "%q is not a status; use investigating, identified, monitoring or resolved", string(*p.Status))
	}
	if p.Tags != nil {
		tags, err := normalizeTags("tags", *p.Tags)
		if err != nil {
			return err
		}
		p.Tags = &tags
	}
	return nil
}

// Update applies p to incident number, writing one event per changed aspect.
func (s *Service) Update(ctx context.Context, actor auth.Principal, number int64, p Patch) (Incident, error) {
	if err := p.validate(); err != nil {
		return Incident{}, err
	}
	err := s.mutate(ctx, "update", actor, number, func(o *op) error {
		// Resolving ended every stint and nobody can join a resolved incident,
		// so requiring a responder here would leave only admins able to reopen
		// when a fix does not hold. Any responder-role user may reopen, and
		// whoever does is back on the incident.
		reopen := o.inc.Status == Resolved && p.Status != nil && *p.Status != Resolved && actor.Role.Allows(auth.Responder)
		if !reopen {
			if err := o.requireResponder(); err != nil {
				return err
			}
		}
		if p.Title != nil && *p.Title != o.inc.Title || p.Summary != nil && *p.Summary != o.inc.Summary {
			if err := o.retitle(p.Title, p.Summary); err != nil {
				return err
			}
		}
		if p.Severity != nil && *p.Severity != o.inc.Severity {
			if err := o.setSeverity(*p.Severity); err != nil {
				return err
			}
		}
		if p.Tags != nil {
			if err := o.loadTags(); err != nil {
				return err
			}
		}
		if p.Tags != nil && !slices.Equal(*p.Tags, o.inc.Tags) {
			if err := o.setTags(*p.Tags); err != nil {
				return err
			}
			if err := o.emit("incident.tagged", map[string]any{"tags": *p.Tags}); err != nil {
				return err
			}
		}
		if p.Status != nil && *p.Status != o.inc.Status {
			if err := o.setStatus(*p.Status); err != nil {
				return err
			}
		}
		if reopen && actor.UserID != 0 {
			return o.join(actor.UserID, actor.Handle)
		}
		return nil
	})
	if err != nil {
		return Incident{}, err
	}
	return s.incident(ctx, number)
}

func (o *op) retitle(title, summary *string) error {
	data := map[string]any{}
	if title != nil && *title != o.inc.Title {
		data["title"], data["previous_title"] = *title, o.inc.Title
		o.inc.Title = *title
	}
	if summary != nil && *summary != o.inc.Summary {
		data["summary"] = *summary
		o.inc.Summary = *summary
	}
	if _, err := o.tx.Exec(o.ctx, `UPDATE incidents SET title = ?, summary = ? WHERE number = ?`, o.inc.Title, o.inc.Summary, o.inc.Number); err != nil {
		return err
	}
	return o.emit("incident.retitled", data)
}

func (o *op) setSeverity(sev Severity) error {
	if _, err := o.tx.Exec(o.ctx, `UPDATE incidents SET severity = ? WHERE number = ?`, string(sev), o.inc.Number); err != nil {
		return err
	}
	from := o.inc.Severity
	o.inc.Severity = sev
	if err := o.emit("incident.severity_changed", map[string]any{"from": from, "to": sev, "escalated": sev < from}); err != nil {
		return err
	}
	if sev < from {
		return o.severityReached()
	}
	return nil
}

// setStatus moves the incident along investigating -> identified -> monitoring
// -> resolved. Open statuses may move either way (a fix that did not hold sends
// monitoring back to investigating); a resolved incident only reopens.
// Reaching monitoring the first time marks it mitigated; resolving marks it
// resolved and ends every open responder stint, so hours stop counting.
func (o *op) setStatus(to Status) error {
	from := o.inc.Status
	if from == Resolved && o.inc.MergedInto != 0 {
		return problem.Conflictf("status", "incident %d was merged into %d and cannot reopen; work there", o.inc.Number, o.inc.MergedInto)
	}
	if _, err := o.tx.Exec(o.ctx, `UPDATE incidents SET status = ? WHERE number = ?`, string(to), o.inc.Number); err != nil {
		return err
	}
	o.inc.Status = to
	kind := "incident.status_changed"
	if from == Resolved {
		kind = "incident.reopened"
		if _, err := o.tx.Exec(o.ctx, `DELETE FROM milestones WHERE incident = ? AND kind = 'resolved'`, o.inc.Number); err != nil {
			return err
		}
	}
	if err := o.emit(kind, map[string]any{"from": from, "to": to}); err != nil {
		return err
	}
	if from == Resolved {
		// Roles outlive resolution so the record shows who commanded; on
		// reopen their holders are back on the incident with them.
		if err := o.rejoinRoleHolders(); err != nil {
			return err
		}
	}
	switch to {
	case Monitoring, Resolved:
		if err := o.setMilestoneOnce("mitigated"); err != nil {
			return err
		}
	}
	if to == Resolved {
		if err := o.setMilestone("resolved", o.now, ""); err != nil {
			return err
		}
		return o.endStints()
	}
	return nil
}
