package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, policyCmd) }

// policyCmd groups the commands on escalation policies.
func policyCmd(e *env) *cobra.Command {
	return group("policy", "Manage escalation policies: whom to page, in which order",
		policyAddCmd(e), policyShowCmd(e), policyListCmd(e), policyDeleteCmd(e))
}

func policyAddCmd(e *env) *cobra.Command {
	var stepFlags []string
	var file, description string
	var repeat int
	var replace bool
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add an escalation policy (admin)",
		Long: `Add an escalation policy. Each --step pages its targets, then waits its delay
for an acknowledgement before the next step; the first step fires at once.
Targets are user:HANDLE, schedule:NAME, policy:NAME (hand on to another
policy) or group:incident-leads, incident-responders, incident-commander or
family-commanders (resolved when the step fires). --repeat runs the steps
again that many times after the last one.`,
		Example: `  sitrep policy add major-incident --step 'delay=300;targets=schedule:major-incident,user:laura' --step 'delay=600;targets=schedule:exec-on-call' --repeat 2
  sitrep policy add major-incident --file policy.json --replace`,
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := policyFromFlags(cmd, args[0], file, stepFlags)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("description") {
				p.Description = description
			}
			if cmd.Flags().Changed("repeat") {
				p.Repeat = repeat
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			verb := "Added"
			if replace {
				verb = "Replaced"
				p, err = c.ReplaceEscalationPolicy(cmd.Context(), p.Name, p)
			} else {
				p, err = c.CreateEscalationPolicy(cmd.Context(), p)
			}
			if err != nil {
				return err
			}
			return e.emit(p, func(w io.Writer) error {
				fmt.Fprintf(w, "%s escalation policy %s\n", verb, p.Name)
				printPolicy(w, p)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&stepFlags, "step", nil, "a step, in order: 'delay=SECONDS;targets=KIND:REF,...' (repeat the flag for each step)")
	f.StringVar(&file, "file", "", "read the policy from a JSON file instead ({\"steps\":[{\"delay_seconds\":0,\"targets\":[{\"kind\":\"user\",\"ref\":\"laura\"}]}]})")
	f.StringVar(&description, "description", "", "what the policy is for")
	f.IntVar(&repeat, "repeat", 0, "how many times to run the steps again after the last one (0 to 9)")
	f.BoolVar(&replace, "replace", false, "replace the existing policy NAME instead of adding one")
	return cmd
}

// policyFromFlags builds the policy from --file or from the --step flags.
func policyFromFlags(cmd *cobra.Command, name, file string, stepFlags []string) (client.EscalationPolicy, error) {
	switch {
	case file != "" && len(stepFlags) > 0:
		return client.EscalationPolicy{}, usagef(cmd, "give the steps either with --step or in --file, not both")
	case file != "":
		return readPolicyFile(file, name)
	case len(stepFlags) == 0:
		return client.EscalationPolicy{}, usagef(cmd, "no steps: add --step 'delay=0;targets=schedule:major-incident' (once per step) or --file policy.json")
	}
	p := client.EscalationPolicy{Name: name, Steps: make([]client.EscalationStep, len(stepFlags))}
	for i, s := range stepFlags {
		st, err := parseStep(s)
		if err != nil {
			return p, usagef(cmd, "--step %d (%q): %v", i+1, s, err)
		}
		p.Steps[i] = st
	}
	return p, nil
}

// readPolicyFile reads a policy document. Unknown fields are refused so that
// a misspelt "delay" does not quietly become a step that waits 0 seconds.
func readPolicyFile(path, name string) (client.EscalationPolicy, error) {
	var p client.EscalationPolicy
	b, err := os.ReadFile(path)
	if err != nil {
		return p, fmt.Errorf("--file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("--file %s: not a policy document: %w", path, err)
	}
	if p.Name != "" && p.Name != name {
		return p, fmt.Errorf("--file %s names the policy %q, the command %q; make them agree", path, p.Name, name)
	}
	p.Name = name
	return p, nil
}
