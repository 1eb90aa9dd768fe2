package alert

import (
	"fmt"
	"regexp"
	"time"

	"sitrep/internal/incident"
	"sitrep/internal/problem"
)

// Route is one routing rule. Rules are tried in position order and the
// first whose matchers all match an alert decides, when its group opens,
// which service it belongs to, which escalation policy pages, which labels
// group it and whether an incident is declared.
type Route struct {
	ID       int64     `json:"id"`
	Position int       `json:"position"`
	Matchers []Matcher `json:"matchers"`
	Service  string    `json:"service,omitempty"`
	// Policy, when empty, is the service's policy.
	Policy  string   `json:"escalation_policy,omitempty"`
	GroupBy []string `json:"group_by,omitempty"`
	// Declare is the severity of the incident the route's groups open.
	Declare   string    `json:"auto_declare,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Matcher tests one label. As in Alertmanager, a missing label has the
// value "", so label!=x matches an alert without the label.
type Matcher struct {
	Label string `json:"label"`
	Op    string `json:"op"`
	Value string `json:"value,omitempty"`
}

// The matcher operators. Regexes are RE2 (no backtracking, linear time) and
// anchored: "eu.*" matches "eu1", not "neu1".
const (
	OpEquals    = "equals"
	OpNotEquals = "not_equals"
	OpRegex     = "regex"
	OpAbsent    = "absent"
)

// Limits of a route. A pattern is compiled once at save time; the length
// bound keeps the compiled program, and so each match, small.
const (
	MaxMatchers   = 16
	MaxPattern    = 256
	MaxRoutes     = 500
	maxGroupBy    = 8
	maxRouteValue = MaxValueBytes
)

// compiled is a route ready to match.
type compiled struct {
	Route
	res []*regexp.Regexp
}

// Validate checks a route's own fields and compiles its regexes, naming the
// field at fault. Whether its service and policy exist is checked on save.
func (r *Route) Validate() (*compiled, error) {
	if len(r.Matchers) > MaxMatchers {
		return nil, problem.Invalidf("matchers", "at most %d matchers", MaxMatchers)
	}
	c := &compiled{Route: *r, res: make([]*regexp.Regexp, len(r.Matchers))}
	for i, m := range r.Matchers {
		f := fmt.Sprintf("matchers[%d]", i)
		if !labelName.MatchString(m.Label) {
			return nil, problem.Invalidf(f+".label", "%q is not a label name: use letters, digits and _ and do not start with a digit", trim(m.Label))
		}
		if !text(m.Value) || len(m.Value) > maxRouteValue {
			return nil, problem.Invalidf(f+".value", "must be UTF-8 text of at most %d bytes", maxRouteValue)
		}
		switch m.Op {
		case OpEquals, OpNotEquals:
		case OpAbsent:
			if m.Value != "" {
				return nil, problem.Invalidf(f+".value", "an absent matcher takes no value")
			}
		case OpRegex:
			if len(m.Value) > MaxPattern {
				return nil, problem.Invalidf(f+".value", "a pattern is at most %d bytes", MaxPattern)
			}
			re, err := regexp.Compile(`^(?:` + m.Value + `)$`)
			if err != nil {
				return nil, problem.Invalidf(f+".value", "not an RE2 regular expression: %v", err)
			}
			c.res[i] = re
		default:
			return nil, problem.Invalidf(f+".op", "%q is not an operator; use equals, not_equals, regex or absent", trim(m.Op))
		}
	}
	if len(r.GroupBy) > maxGroupBy {
		return nil, problem.Invalidf("group_by", "at most %d labels", maxGroupBy)
	}
	for i, l := range r.GroupBy {
		if !labelName.MatchString(l) {
			return nil, problem.Invalidf(fmt.Sprintf("group_by[%d]", i), "%q is not a label name", trim(l))
		}
	}
	if r.Declare != "" && !incident.Severity(r.Declare).Valid() {
		return nil, problem.Invalidf("auto_declare", "%q is not a severity; use one of SEV-1 (worst) to SEV-5", trim(r.Declare))
	}
	if !text(r.Service) || !text(r.Policy) || len(r.Service) > 200 || len(r.Policy) > 200 {
		return nil, problem.Invalidf("service", "service and escalation_policy are names of at most 200 bytes")
	}
	return c, nil
}

// matches reports whether every matcher of the route matches labels.
func (c *compiled) matches(labels map[string]string) bool {
	for i, m := range c.Matchers {
		v, ok := labels[m.Label]
		var hit bool
		switch m.Op {
		case OpEquals:
			hit = v == m.Value
		case OpNotEquals:
			hit = v != m.Value
		case OpRegex:
			hit = c.res[i].MatchString(v)
		case OpAbsent:
			hit = !ok || v == ""
		}
		if !hit {
			return false
		}
	}
	return true
}
