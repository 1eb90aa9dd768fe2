package oncall

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// Limits on the size of a schedule. They are generous for any real team.
// They keep one schedule from making every page's on-call lookup slow.
const (
	MaxLayers       = 20
	MaxMembers      = 200
	MaxRestrictions = 14
	MaxOverrides    = 1000
)

// handlePattern matches user handles, as auth defines them, and schedule
// names ("major-incident"). The pattern is repeated here so that the pure
// calculator does not depend on auth.
var handlePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

const handleRule = "use 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"

// Validate checks the schedule and returns a problem.Invalid error naming the
// first field that is wrong, such as "time_zone", "layers[0].members" or
// "overrides[1].end".
func (s Schedule) Validate() error {
	if !handlePattern.MatchString(s.Name) {
		return problem.Invalidf("name", "%q is not a schedule name (like major-incident); %s", s.Name, handleRule)
	}
	if _, err := loadZone(s.TimeZone); err != nil {
		return problem.Invalidf("time_zone", "%q is not a time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC", s.TimeZone)
	}
	if len(s.Layers) == 0 {
		return problem.Invalidf("layers", "add at least one rotation layer")
	}
	if len(s.Layers) > MaxLayers {
		return problem.Invalidf("layers", "a schedule has at most %d layers; this one has %d", MaxLayers, len(s.Layers))
	}
	for i, l := range s.Layers {
		if err := l.validate(fmt.Sprintf("layers[%d]", i)); err != nil {
			return err
		}
	}
	if len(s.Overrides) > MaxOverrides {
		return problem.Invalidf("overrides", "a schedule has at most %d overrides; remove ones that have ended", MaxOverrides)
	}
	for i, o := range s.Overrides {
		if err := o.validate(fmt.Sprintf("overrides[%d]", i)); err != nil {
			return err
		}
	}
	return overlaps(s.Overrides)
}

// validate checks one layer. Every field it names starts with prefix.
func (l Layer) validate(prefix string) error {
	if !utf8.ValidString(l.Name) || utf8.RuneCountInString(l.Name) > 100 {
		return problem.Invalidf(prefix+".name", "use at most 100 characters")
	}
	if len(l.Members) == 0 {
		return problem.Invalidf(prefix+".members", "a rotation needs at least one member")
	}
	if len(l.Members) > MaxMembers {
		return problem.Invalidf(prefix+".members", "a rotation has at most %d members", MaxMembers)
	}
	for j, m := range l.Members {
		if !handlePattern.MatchString(m) {
			return problem.Invalidf(fmt.Sprintf("%s.members[%d]", prefix, j), "%q is not a user handle; %s", m, handleRule)
		}
	}
	if l.Start.IsZero() {
		return problem.Invalidf(prefix+".start", "say when the first shift begins, as a wall-clock time like 2026-03-23T09:00")
	}
	if !l.Start.valid() {
		return problem.Invalidf(prefix+".start", "%s is not a date and time between the years %d and %d", l.Start, minYear, maxYear)
	}
	if err := l.validateLength(prefix); err != nil {
		return err
	}
	if len(l.Restrictions) > MaxRestrictions {
		return problem.Invalidf(prefix+".restrictions", "a layer has at most %d restriction windows", MaxRestrictions)
	}
	for j, w := range l.Restrictions {
		if err := w.validate(fmt.Sprintf("%s.restrictions[%d]", prefix, j)); err != nil {
			return err
		}
	}
	return nil
}

// validateLength checks the shift kind and length. The upper bounds are about
// a year. A longer shift is a misunderstanding, not a rotation.
func (l Layer) validateLength(prefix string) error {
	var most int
	var unit string
	switch l.ShiftKind {
	case Daily:
		most, unit = 365, "days"
	case Weekly:
		most, unit = 52, "weeks"
	case Custom:
		most, unit = 24*365, "hours"
	default:
		return problem.Invalidf(prefix+".shift_kind", "%q is not a shift kind; use daily, weekly or custom", l.ShiftKind)
	}
	if l.ShiftLength < 1 || l.ShiftLength > most {
		return problem.Invalidf(prefix+".shift_length", "a %s shift lasts 1 to %d %s", l.ShiftKind, most, unit)
	}
	return nil
}

func (w Window) validate(prefix string) error {
	for k, d := range w.Days {
		field := fmt.Sprintf("%s.days[%d]", prefix, k)
		if d.weekday() < 0 {
			return problem.Invalidf(field, "%q is not a day; use mon, tue, wed, thu, fri, sat or sun", d)
		}
		if slices.Contains(w.Days[:k], d) {
			return problem.Invalidf(field, "%s is listed twice", d)
		}
	}
	if !w.Start.valid() {
		return problem.Invalidf(prefix+".start", "a time of day runs from 00:00 to 23:59")
	}
	if !w.End.valid() {
		return problem.Invalidf(prefix+".end", "a time of day runs from 00:00 to 23:59; to end at midnight, use 00:00")
	}
	return nil
}

func (o Override) validate(prefix string) error {
	if !handlePattern.MatchString(o.User) {
		return problem.Invalidf(prefix+".user", "%q is not a user handle; %s", o.User, handleRule)
	}
	if o.Replaces != "" && !handlePattern.MatchString(o.Replaces) {
		return problem.Invalidf(prefix+".replaces", "%q is not a user handle; %s", o.Replaces, handleRule)
	}
	if o.Replaces == o.User {
		return problem.Invalidf(prefix+".replaces", "%s cannot stand in for themselves; leave replaces empty to add them on call", o.User)
	}
	if o.Start.IsZero() {
		return problem.Invalidf(prefix+".start", "say when the override begins")
	}
	if o.Start.Before(minTime) || !o.Start.Before(maxTime) {
		return problem.Invalidf(prefix+".start", "%s is outside the years %d to %d", o.Start.UTC().Format(time.RFC3339), minYear, maxYear)
	}
	if o.End.IsZero() {
		return problem.Invalidf(prefix+".end", "say when the override ends")
	}
	if !o.End.After(o.Start) {
		return problem.Invalidf(prefix+".end", "must be after start (%s)", o.Start.UTC().Format(time.RFC3339))
	}
	if !o.End.Before(maxTime) {
		return problem.Invalidf(prefix+".end", "%s is after the year %d", o.End.UTC().Format(time.RFC3339), maxYear)
	}
	return nil
}

// overlaps refuses two overrides at once for the same replaced person, and
// two additions of the same person at once. Either would leave the answer to
// storage order, and it is almost always a double booking nobody meant. The
// error names the later of the two in the list.
func overlaps(os []Override) error {
	order := make([]int, len(os))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(os[a].key(), os[b].key()); c != 0 {
			return c
		}
		return os[a].Start.Compare(os[b].Start)
	})
	// Within one key, sorted by start, an override overlaps an earlier one
	// exactly when it starts before the latest end seen so far.
	reach := -1
	for n, i := range order {
		if n == 0 || os[i].key() != os[order[n-1]].key() {
			reach = i
			continue
		}
		if os[i].Start.Before(os[reach].End) {
			return overlapError(os, reach, i)
		}
		if os[i].End.After(os[reach].End) {
			reach = i
		}
	}
	return nil
}

func overlapError(os []Override, a, b int) error {
	first, second := min(a, b), max(a, b)
	field := fmt.Sprintf("overrides[%d].start", second)
	if !os[first].covers(os[second].Start) {
		// The later override starts first and runs into the other one.
		field = fmt.Sprintf("overrides[%d].end", second)
	}
	what := "adds " + os[second].User
	if os[second].Replaces != "" {
		what = "replaces " + os[second].Replaces
	}
	o := os[first]
	return problem.Invalidf(field, "overlaps overrides[%d], which also %s, from %s to %s; end one before the other starts",
		first, what, o.Start.UTC().Format(time.RFC3339), o.End.UTC().Format(time.RFC3339))
}
