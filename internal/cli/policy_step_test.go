package cli

import (
	"reflect"
	"strings"
	"testing"

	"sitrep/client"
)

func TestParseStepReadsDelayAndTargets(t *testing.T) {
	for _, c := range []struct {
		in   string
		want client.EscalationStep
	}{
		{"delay=0;targets=schedule:major-incident,user:laura", client.EscalationStep{Targets: []client.EscalationTarget{{Kind: "schedule", Ref: "major-incident"}, {Kind: "user", Ref: "laura"}}}},
		{" targets = group:incident-leads ; delay = 5m ;", client.EscalationStep{DelaySeconds: 300, Targets: []client.EscalationTarget{{Kind: "group", Ref: "incident-leads"}}}},
		{"delay=1h30m;targets=policy:exec", client.EscalationStep{DelaySeconds: 5400, Targets: []client.EscalationTarget{{Kind: "policy", Ref: "exec"}}}},
		{"targets=user:laura", client.EscalationStep{Targets: []client.EscalationTarget{{Kind: "user", Ref: "laura"}}}},
	} {
		got, err := parseStep(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseStep(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func TestParseStepRefusesWhatItCannotRead(t *testing.T) {
	for in, says := range map[string]string{
		"":                                 "no targets",
		"delay=300":                        "no targets",
		"delay=soon;targets=user:laura":    "not whole seconds",
		"delay=-5;targets=user:laura":      "not whole seconds",
		"delay=1.5s;targets=user:laura":    "not whole seconds",
		"targets=laura":                    "KIND:REF",
		"targets=user:laura,":              "KIND:REF",
		"targets=user:":                    "KIND:REF",
		"wait=5;targets=user:laura":        "unknown key",
		"targets=user:a;targets=user:b":    "twice",
		"delay 300;targets=user:laura":     "KEY=VALUE",
		"delay=5m;delay=6m;targets=user:a": "twice",
	} {
		if _, err := parseStep(in); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("parseStep(%q) = %v; want an error saying %q", in, err, says)
		}
	}
}

// FuzzParseStep feeds --step flags as people type them. The parser must never
// panic; what it accepts has targets with a kind and a ref, and prints back
// (as `policy show` does) to a flag that parses to the same step.
func FuzzParseStep(f *testing.F) {
	for _, seed := range []string{
		"delay=0;targets=schedule:major-incident,user:laura",
		"delay=300;targets=schedule:exec-on-call",
		"targets=group:incident-leads;delay=5m",
		"delay=1h;targets=policy:exec,user:a:b,user:c=d",
		"delay=;targets=",
		";;;",
		"delay=99999999999999999999;targets=user:x",
		"targets=user:laura,,user:nadia",
		"=;=:",
		"targets=\x00:\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := parseStep(s)
		if err != nil {
			return
		}
		if len(st.Targets) == 0 || st.DelaySeconds < 0 {
			t.Fatalf("parseStep(%q) accepted %+v", s, st)
		}
		for _, tg := range st.Targets {
			if tg.Kind == "" || tg.Ref == "" {
				t.Fatalf("parseStep(%q) accepted target %+v", s, tg)
			}
		}
		again, err := parseStep(formatStep(st))
		if err != nil || !reflect.DeepEqual(again, st) {
			t.Fatalf("parseStep(%q) = %+v prints as %q, which parses to %+v, %v", s, st, formatStep(st), again, err)
		}
	})
}

func TestSpanReadsLikeSpeech(t *testing.T) {
	for secs, want := range map[int]string{0: "0s", 45: "45s", 300: "5m", 90: "1m30s", 3600: "1h", 5400: "1h30m", 3630: "1h0m30s"} {
		if got := span(secs); got != want {
			t.Errorf("span(%d) = %q, want %q", secs, got, want)
		}
	}
}
