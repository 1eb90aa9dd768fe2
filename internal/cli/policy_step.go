package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"sitrep/client"
)

// parseStep reads one --step flag of `sitrep policy add`, such as
// "delay=300;targets=schedule:exec-on-call,user:laura". delay is whole
// seconds or a duration ("5m"), 0 when left out; targets are KIND:REF
// separated by commas. It checks only the syntax: the server checks ranges,
// kinds and that what the targets name exists, naming the step it refuses.
func parseStep(s string) (client.EscalationStep, error) {
	st := client.EscalationStep{}
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok {
			return st, fmt.Errorf("%q is not KEY=VALUE; write delay=SECONDS;targets=KIND:REF[,KIND:REF]", part)
		}
		if seen[key] {
			return st, fmt.Errorf("%s is given twice", key)
		}
		seen[key] = true
		var err error
		switch key {
		case "delay":
			st.DelaySeconds, err = parseDelay(val)
		case "targets":
			st.Targets, err = parseTargets(val)
		default:
			err = fmt.Errorf("unknown key %q; a step has delay and targets", key)
		}
		if err != nil {
			return st, err
		}
	}
	if len(st.Targets) == 0 {
		return st, fmt.Errorf("no targets; add targets=KIND:REF,... such as targets=schedule:major-incident,user:laura")
	}
	return st, nil
}

func parseDelay(v string) (int, error) {
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return n, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d%time.Second != 0 {
		return 0, fmt.Errorf("delay %q is not whole seconds (300) or a duration (5m)", v)
	}
	return int(d / time.Second), nil
}

func parseTargets(v string) ([]client.EscalationTarget, error) {
	var out []client.EscalationTarget
	for t := range strings.SplitSeq(v, ",") {
		kind, ref, ok := strings.Cut(strings.TrimSpace(t), ":")
		kind, ref = strings.TrimSpace(kind), strings.TrimSpace(ref)
		if !ok || kind == "" || ref == "" {
			return nil, fmt.Errorf("target %q is not KIND:REF, such as user:laura, schedule:major-incident, policy:exec or group:incident-leads", t)
		}
		out = append(out, client.EscalationTarget{Kind: kind, Ref: ref})
	}
	return out, nil
}

// formatStep writes st the way --step reads it, so that what `policy show`
// prints can be pasted back into `policy add`.
func formatStep(st client.EscalationStep) string {
	return fmt.Sprintf("delay=%d;targets=%s", st.DelaySeconds, formatTargets(st))
}

func formatTargets(st client.EscalationStep) string {
	targets := make([]string, len(st.Targets))
	for i, t := range st.Targets {
		targets[i] = t.Kind + ":" + t.Ref
	}
	return strings.Join(targets, ",")
}

// span prints a number of seconds the way people say it: 0s, 45s, 5m, 1h30m.
func span(seconds int) string {
	if seconds == 0 {
		return "0s"
	}
	d := time.Duration(seconds) * time.Second
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
