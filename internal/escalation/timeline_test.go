package escalation_test

import (
	"slices"
	"testing"
	"time"

	"sitrep/internal/escalation"
)

const minute = time.Minute

func TestTimelineRunsEveryStepOfEveryRound(t *testing.T) {
	type f = escalation.Firing
	cases := []struct {
		name string
		p    escalation.Policy
		want []f
		end  time.Duration
	}{
		{"one step, no repeat", escalation.Policy{Steps: steps(0, "user:laura")}, []f{{0, 0, 0}}, 0},
		{"two steps", escalation.Policy{Steps: steps(300, "user:laura", 600, "user:nadia")}, []f{{0, 0, 0}, {5 * minute, 1, 0}}, 15 * minute},
		{"a zero delay fires the next step at once", escalation.Policy{Steps: steps(0, "user:laura", 120, "user:nadia", 0, "user:ravi")},
			[]f{{0, 0, 0}, {0, 1, 0}, {2 * minute, 2, 0}}, 2 * minute},
		{"repeated twice", escalation.Policy{Repeat: 2, Steps: steps(60, "user:laura", 240, "user:nadia")},
			[]f{{0, 0, 0}, {1 * minute, 1, 0}, {5 * minute, 0, 1}, {6 * minute, 1, 1}, {10 * minute, 0, 2}, {11 * minute, 1, 2}}, 15 * minute},
		{"no steps", escalation.Policy{Repeat: 3}, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Timeline(); !slices.Equal(got, c.want) {
				t.Errorf("Timeline() = %v, want %v", got, c.want)
			}
			if got := c.p.End(); got != c.end {
				t.Errorf("End() = %v, want %v", got, c.end)
			}
		})
	}
}

func TestStepAtSaysWhichStepIsDue(t *testing.T) {
	// The major-incident policy: rotation at once, exec five minutes later,
	// then once more from the start after another ten.
	p := escalation.Policy{Repeat: 1, Steps: steps(300, "schedule:major-incident", 600, "schedule:exec-on-call")}
	cases := []struct {
		elapsed     time.Duration
		acked       bool
		step, round int
		done        bool
	}{
		{0, false, 0, 0, false},
		{-time.Second, false, 0, 0, false},
		{4*minute + 59*time.Second, false, 0, 0, false},
		{5 * minute, false, 1, 0, false},
		{14 * minute, false, 1, 0, false},
		{15 * minute, false, 0, 1, false},
		{20 * minute, false, 1, 1, false},
		{29 * minute, false, 1, 1, false},
		{30 * minute, false, 1, 1, true},
		{10 * time.Hour, false, 1, 1, true},
		// An acknowledgement ends it wherever it got to.
		{6 * minute, true, 1, 0, true},
		{0, true, 0, 0, true},
	}
	for _, c := range cases {
		step, round, done := p.StepAt(c.elapsed, c.acked)
		if step != c.step || round != c.round || done != c.done {
			t.Errorf("StepAt(%v, acked=%v) = step %d round %d done %v; want step %d round %d done %v",
				c.elapsed, c.acked, step, round, done, c.step, c.round, c.done)
		}
	}
}

func TestStepAtWithoutStepsIsDone(t *testing.T) {
	if _, _, done := (escalation.Policy{}).StepAt(time.Minute, false); !done {
		t.Fatal("a policy without steps is not done")
	}
}

func TestSingleStepWithoutDelayIsDoneAsItFires(t *testing.T) {
	p := escalation.Policy{Steps: steps(0, "group:incident-leads")}
	if step, round, done := p.StepAt(0, false); step != 0 || round != 0 || !done {
		t.Fatalf("StepAt(0) = %d %d %v; want step 0 round 0 done", step, round, done)
	}
}

func TestNextFollowsTheTimeline(t *testing.T) {
	p := escalation.Policy{Repeat: 1, Steps: steps(300, "schedule:major-incident", 600, "schedule:exec-on-call")}
	type f = escalation.Firing
	cases := []struct {
		step, round int
		want        f
		ok          bool
	}{
		{0, 0, f{5 * minute, 1, 0}, true},
		{1, 0, f{15 * minute, 0, 1}, true},
		{0, 1, f{20 * minute, 1, 1}, true},
		{1, 1, f{}, false},
		{2, 0, f{}, false},
		{-1, 0, f{}, false},
		{0, 2, f{}, false},
		{0, -1, f{}, false},
	}
	for _, c := range cases {
		if got, ok := p.Next(c.step, c.round); got != c.want || ok != c.ok {
			t.Errorf("Next(%d, %d) = %v, %v; want %v, %v", c.step, c.round, got, ok, c.want, c.ok)
		}
	}
}
