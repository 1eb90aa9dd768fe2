package escalation_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"sitrep/internal/escalation"
	"sitrep/internal/problem"
)

// FuzzPolicyJSON feeds policy documents as the API and `policy add --file`
// receive them. Validation must never panic and must refuse with a problem
// naming a field; what it accepts must have a bounded timeline that Next and
// StepAt walk, and must survive a round trip through JSON unchanged (the
// steps are stored that way).
func FuzzPolicyJSON(f *testing.F) {
	for _, seed := range []string{
		`{"name":"major-incident","repeat":2,"steps":[{"delay_seconds":300,"targets":[{"kind":"schedule","ref":"major-incident"},{"kind":"user","ref":"laura"}]},{"delay_seconds":600,"targets":[{"kind":"schedule","ref":"exec-on-call"}]}]}`,
		`{"name":"sev2","steps":[{"delay_seconds":0,"targets":[{"kind":"group","ref":"incident-leads"}]}]}`,
		`{"name":"x","steps":[]}`,
		`{"name":"x","steps":[{"targets":[]}]}`,
		`{"name":"x","steps":[{"targets":[{"kind":"user","ref":"a"},{"kind":"user","ref":" a"}]}]}`,
		`{"name":"x","repeat":9,"steps":[{"delay_seconds":86400,"targets":[{"kind":"policy","ref":"y"}]}]}`,
		`{"name":"x","repeat":-1,"steps":null}`,
		`{"name":"x","steps":[{"delay_seconds":-5,"targets":[{"kind":"group","ref":"everyone"}]}]}`,
		`{"name":"x","description":"\u0000","steps":[{"targets":[{"kind":"schedule","ref":"a\nb"}]}]}`,
		`{"name":"","steps":[{"targets":[{"kind":"","ref":""}]}]}`,
		`[]`, `null`, `{`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var p escalation.Policy
		if json.Unmarshal(doc, &p) != nil {
			return
		}
		err := p.Validate()
		if err != nil {
			if pr, ok := problem.As(err); !ok || pr.Field == "" || pr.Kind != problem.Invalid {
				t.Fatalf("refusal %v does not name a field", err)
			}
			return
		}
		tl := p.Timeline()
		if len(tl) != len(p.Steps)*(p.Repeat+1) || len(tl) > escalation.MaxSteps*(escalation.MaxRepeat+1) {
			t.Fatalf("timeline of %d firings for %d steps repeated %d times", len(tl), len(p.Steps), p.Repeat)
		}
		for i := 1; i < len(tl); i++ {
			if tl[i].At < tl[i-1].At {
				t.Fatalf("timeline goes back in time at %d: %v", i, tl)
			}
			if next, ok := p.Next(tl[i-1].Step, tl[i-1].Round); !ok || next != tl[i] {
				t.Fatalf("Next after firing %d = %v, %v; the timeline says %v", i-1, next, ok, tl[i])
			}
		}
		if _, _, done := p.StepAt(p.End(), false); !done {
			t.Fatalf("not done at End() = %v", p.End())
		}
		b, err := json.Marshal(p.Steps)
		if err != nil {
			t.Fatal(err)
		}
		var back []escalation.Step
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, p.Steps) {
			t.Fatalf("steps do not survive JSON: %v, %+v != %+v", err, back, p.Steps)
		}
		if again := p.Validate(); again != nil {
			t.Fatalf("valid policy is invalid the second time: %v", again)
		}
	})
}
