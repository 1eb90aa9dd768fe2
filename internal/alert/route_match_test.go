package alert

import (
	"strings"
	"testing"

	"sitrep/internal/problem"
)

func TestMatchers(t *testing.T) {
	labels := map[string]string{"alertname": "NodeNotReady", "region": "eu1", "cluster": ""}
	cases := []struct {
		m    Matcher
		want bool
	}{
		{Matcher{"region", OpEquals, "eu1"}, true},
		{Matcher{"region", OpEquals, "eu"}, false},
		{Matcher{"region", OpNotEquals, "us1"}, true},
		{Matcher{"team", OpNotEquals, "db"}, true},
		{Matcher{"region", OpRegex, "eu.*"}, true},
		// Anchored: a pattern must match the whole value.
		{Matcher{"region", OpRegex, "u1"}, false},
		{Matcher{"region", OpRegex, "eu1|us1"}, true},
		{Matcher{"team", OpAbsent, ""}, true},
		{Matcher{"cluster", OpAbsent, ""}, true},
		{Matcher{"region", OpAbsent, ""}, false},
	}
	for _, c := range cases {
		r := Route{Matchers: []Matcher{c.m}}
		cr, err := r.Validate()
		if err != nil {
			t.Fatalf("%+v: %v", c.m, err)
		}
		if got := cr.matches(labels); got != c.want {
			t.Errorf("%+v: %v, want %v", c.m, got, c.want)
		}
	}
}

func TestRouteRefusalsNameTheField(t *testing.T) {
	cases := []struct {
		r     Route
		field string
	}{
		{Route{Matchers: []Matcher{{"a", OpRegex, "(unclosed"}}}, "matchers[0].value"},
		{Route{Matchers: []Matcher{{"a", OpEquals, "x"}, {"a", OpRegex, `(a+)+\1`}}}, "matchers[1].value"},
		{Route{Matchers: []Matcher{{"a", OpRegex, strings.Repeat("a", MaxPattern+1)}}}, "matchers[0].value"},
		{Route{Matchers: []Matcher{{"a-b", OpEquals, "x"}}}, "matchers[0].label"},
		{Route{Matchers: []Matcher{{"a", "like", "x"}}}, "matchers[0].op"},
		{Route{Matchers: []Matcher{{"a", OpAbsent, "x"}}}, "matchers[0].value"},
		{Route{GroupBy: []string{"region", "1x"}}, "group_by[1]"},
		{Route{Declare: "SEV-9"}, "auto_declare"},
	}
	for _, c := range cases {
		_, err := c.r.Validate()
		if p, ok := problem.As(err); !ok || p.Kind != problem.Invalid || p.Field != c.field {
			t.Errorf("%+v: %v, want a refusal of %s", c.r, err, c.field)
		}
	}
}

func TestMoveRoute(t *testing.T) {
	for _, c := range []struct {
		pos  int
		want string
	}{{1, "[4 1 2 3]"}, {0, "[1 2 3 4]"}, {3, "[1 2 4 3]"}, {9, "[1 2 3 4]"}} {
		if got := fmtIDs(move([]int64{1, 2, 3, 4}, 4, c.pos)); got != c.want {
			t.Errorf("move to %d: %s, want %s", c.pos, got, c.want)
		}
	}
}

func fmtIDs(ids []int64) string {
	s := "["
	for i, id := range ids {
		if i > 0 {
			s += " "
		}
		s += string(rune('0' + id))
	}
	return s + "]"
}

// Routes come from admins over the API: whatever they hold, validating and
// matching never panics, and a saved regex matches whole values only.
func FuzzRouteValidate(f *testing.F) {
	for _, s := range [][3]string{{"region", OpRegex, "eu.*"}, {"a", OpRegex, "("}, {"a", OpAbsent, ""}, {"1x", OpEquals, "\xff"}, {"a", OpRegex, `\pL+|x{2,1000}`}} {
		f.Add(s[0], s[1], s[2], "eu1")
	}
	f.Fuzz(func(t *testing.T, label, op, value, v string) {
		r := Route{Matchers: []Matcher{{Label: label, Op: op, Value: value}}}
		cr, err := r.Validate()
		if err != nil {
			if _, ok := problem.As(err); !ok {
				t.Fatalf("refusal that is not a problem: %v", err)
			}
			return
		}
		_ = cr.matches(map[string]string{label: v})
	})
}
