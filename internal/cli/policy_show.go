package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func policyShowCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Show an escalation policy: its steps, when each fires, and when it gives up",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			p, err := c.EscalationPolicy(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return e.emit(p, func(w io.Writer) error {
				fmt.Fprintln(w, p.Name)
				printPolicy(w, p)
				return nil
			})
		},
	}
}

func policyListCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List escalation policies by name",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			all := []client.EscalationPolicy{}
			for cursor := ""; ; {
				page, err := c.EscalationPolicies(cmd.Context(), cursor, 500)
				if err != nil {
					return err
				}
				all = append(all, page.Policies...)
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			return e.emit(all, func(w io.Writer) error {
				if len(all) == 0 {
					_, err := fmt.Fprintln(w, "No escalation policies; add one with `sitrep policy add NAME --step 'delay=0;targets=user:HANDLE'`.")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "NAME\tSTEPS\tROUNDS\tGIVES UP AFTER\tDESCRIPTION")
				for _, p := range all {
					fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", p.Name, len(p.Steps), p.Repeat+1, span(policyEnd(p)), orDash(firstLine(p.Description)))
				}
				return tw.Flush()
			})
		},
	}
}

func policyDeleteCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete an escalation policy that no other policy hands on to (admin)",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := c.DeleteEscalationPolicy(cmd.Context(), args[0]); err != nil {
				return err
			}
			return e.emit(map[string]string{"deleted": args[0]}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Deleted escalation policy %s\n", args[0])
				return err
			})
		},
	}
}

// printPolicy prints the steps of p with when each fires in the first round,
// each as a --step flag that `policy add` takes back.
func printPolicy(w io.Writer, p client.EscalationPolicy) {
	if p.Description != "" {
		fmt.Fprintln(w, p.Description)
	}
	tw := table(w)
	fmt.Fprintln(tw, "STEP\tAT\tTHEN WAIT\tTARGETS")
	at := 0
	for i, st := range p.Steps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", i, span(at), span(st.DelaySeconds), formatTargets(st))
		at += st.DelaySeconds
	}
	tw.Flush()
	rounds := "once"
	if p.Repeat > 0 {
		rounds = fmt.Sprintf("%d times (repeat %d)", p.Repeat+1, p.Repeat)
	}
	fmt.Fprintf(w, "Runs %s; gives up %s after the page if nobody acknowledges.\n", rounds, span(policyEnd(p)))
	fmt.Fprint(w, "As flags:")
	for _, st := range p.Steps {
		fmt.Fprintf(w, " --step '%s'", formatStep(st))
	}
	fmt.Fprintln(w)
}

// policyEnd is how many seconds after the page an unacknowledged escalation ends.
func policyEnd(p client.EscalationPolicy) int {
	round := 0
	for _, st := range p.Steps {
		round += st.DelaySeconds
	}
	return round * (p.Repeat + 1)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
