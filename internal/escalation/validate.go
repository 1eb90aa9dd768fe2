package escalation

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// Policy names are slugs like user handles, so that they read well in a
// --step flag ("policy:major-incident") and in URLs without escaping.
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// Validate checks everything about p that needs no database: the name, the
// ranges, that every step has targets and that no step names one twice. It
// trims spaces around names and refs. Whether users, schedules and policies
// exist, and whether policies form a cycle, the service checks when saving.
func (p *Policy) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if !slugPattern.MatchString(p.Name) {
		return problem.Invalidf("name", "must be 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, such as major-incident")
	}
	if err := checkText("description", p.Description, MaxDescription, true); err != nil {
		return err
	}
	if p.Repeat < 0 || p.Repeat > MaxRepeat {
		return problem.Invalidf("repeat", "must be 0 to %d: how many times to run the steps again after the last one", MaxRepeat)
	}
	if len(p.Steps) == 0 {
		return problem.Invalidf("steps", "needs at least one step, such as {\"delay_seconds\":0,\"targets\":[{\"kind\":\"schedule\",\"ref\":\"major-incident\"}]}")
	}
	if len(p.Steps) > MaxSteps {
		return problem.Invalidf("steps", "must be at most %d steps (got %d)", MaxSteps, len(p.Steps))
	}
	var round int
	for i := range p.Steps {
		if err := validateStep(i, &p.Steps[i]); err != nil {
			return err
		}
		round += p.Steps[i].DelaySeconds
	}
	// A round that takes no time would page the same people again in the
	// same instant, Repeat times: noise, never a second chance to answer.
	if p.Repeat > 0 && round == 0 {
		return problem.Invalidf("repeat", "every step has delay 0, so a repeat would page everyone again at once; give the last step a delay to wait for an acknowledgement")
	}
	return nil
}

func validateStep(i int, st *Step) error {
	f := fmt.Sprintf("steps[%d]", i)
	if st.DelaySeconds < 0 || st.DelaySeconds > MaxDelay {
		return problem.Invalidf(f+".delay_seconds", "must be 0 to %d seconds: how long to wait for an acknowledgement before the next step", MaxDelay)
	}
	if len(st.Targets) == 0 {
		return problem.Invalidf(f+".targets", "needs at least one target, such as {\"kind\":\"user\",\"ref\":\"laura\"}")
	}
	if len(st.Targets) > MaxTargets {
		return problem.Invalidf(f+".targets", "must be at most %d targets (got %d); page a schedule or a group instead", MaxTargets, len(st.Targets))
	}
	seen := make(map[Target]int, len(st.Targets))
	for j := range st.Targets {
		t := &st.Targets[j]
		t.Kind, t.Ref = strings.TrimSpace(t.Kind), strings.TrimSpace(t.Ref)
		tf := fmt.Sprintf("%s.targets[%d]", f, j)
		if err := validateTarget(tf, *t); err != nil {
			return err
		}
		if k, dup := seen[*t]; dup {
			return problem.Invalidf(tf, "repeats targets[%d] (%s:%s); name each target once per step", k, t.Kind, t.Ref)
		}
		seen[*t] = j
	}
	return nil
}

func validateTarget(f string, t Target) error {
	switch t.Kind {
	case KindUser:
		if !slugPattern.MatchString(t.Ref) {
			return problem.Invalidf(f+".ref", "must name a user by handle, such as laura")
		}
	case KindPolicy:
		if !slugPattern.MatchString(t.Ref) {
			return problem.Invalidf(f+".ref", "must name an escalation policy, such as major-incident")
		}
	case KindGroup:
		if !IsGroup(t.Ref) {
			return problem.Invalidf(f+".ref", "%q is not a group; use one of %s", t.Ref, strings.Join(Groups(), ", "))
		}
	case KindSchedule:
		if t.Ref == "" {
			return problem.Invalidf(f+".ref", "must name a schedule, such as major-incident")
		}
		return checkText(f+".ref", t.Ref, MaxRef, false)
	default:
		return problem.Invalidf(f+".kind", "%q is not a target kind; use user, schedule, group or policy", t.Kind)
	}
	return nil
}

// checkText refuses text that is not UTF-8, holds control characters (NUL
// cannot be stored in PostgreSQL text at all; line breaks only where
// multiline) or is longer than max runes.
func checkText(field, s string, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return problem.Invalidf(field, "must be valid UTF-8 text")
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return problem.Invalidf(field, "must not contain control characters")
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return problem.Invalidf(field, "must be at most %d characters (got %d)", max, n)
	}
	return nil
}
