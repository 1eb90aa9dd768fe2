package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, severityPolicyCmd) }

// severityPolicyCmd groups the commands on severity policies. It is not
// under "severity", which changes an incident's severity.
func severityPolicyCmd(e *env) *cobra.Command {
	return group("severity-policy", "Show and set whom each severity pages when an incident is declared at it or escalated to it",
		severityPolicyListCmd(e), severityPolicySetCmd(e))
}

// severities are listed in full, because a severity without a policy pages
// nobody, and that is worth seeing next to the ones that do.
var severities = []string{"SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5"}

func severityPolicyListCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List whom each severity pages",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			ps, err := c.SeverityPolicies(cmd.Context())
			if err != nil {
				return err
			}
			if ps == nil {
				ps = []client.SeverityPolicy{}
			}
			return e.emit(ps, func(w io.Writer) error {
				bySev := map[string]client.SeverityPolicy{}
				for _, p := range ps {
					bySev[p.Severity] = p
				}
				tw := table(w)
				fmt.Fprintln(tw, "SEVERITY\tPAGES")
				for _, sev := range severities {
					fmt.Fprintf(tw, "%s\t%s\n", sev, pagesWhom(bySev[sev].Targets))
				}
				return tw.Flush()
			})
		},
	}
}

func severityPolicySetCmd(e *env) *cobra.Command {
	var to []string
	var none bool
	cmd := &cobra.Command{
		Use:   "set SEV-x --to KIND:REF ...",
		Short: "Set whom a severity pages (admin); --none pages nobody",
		Long: `Replace whom declaring an incident at SEV-x, or escalating one to it, pages.
Each target is paged once per incident, however often the severity moves.
Targets are schedule:NAME (whoever is on call), policy:NAME (an escalation
policy), user:HANDLE, or group:incident-commander and the other groups of
the incident. Setting no targets must be said with --none, so that a
forgotten flag does not silence SEV-1.`,
		Example: `  sitrep severity-policy set SEV-1 --to schedule:major-incident --to schedule:exec-on-call
  sitrep severity-policy set SEV-4 --none`,
		Args: exactArgs("SEV-x"),
		RunE: func(cmd *cobra.Command, args []string) error {
			targets, err := parseTo(cmd, to)
			if err != nil {
				return err
			}
			switch {
			case len(targets) == 0 && !none:
				return usagef(cmd, "no targets: add --to KIND:REF (such as schedule:major-incident; repeatable), or --none to page nobody at %s", args[0])
			case len(targets) > 0 && none:
				return usagef(cmd, "give either --to or --none, not both")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			p, err := c.SetSeverityPolicy(cmd.Context(), args[0], targets)
			if err != nil {
				return err
			}
			return e.emit(p, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s now pages %s\n", p.Severity, pagesWhom(p.Targets))
				return err
			})
		},
	}
	cmd.Flags().StringArrayVar(&to, "to", nil, "whom to page, as KIND:REF: schedule:major-incident, policy:exec, user:laura (repeatable)")
	cmd.Flags().BoolVar(&none, "none", false, "page nobody at this severity")
	return cmd
}

func pagesWhom(ts []client.PageTarget) string {
	if len(ts) == 0 {
		return "nobody"
	}
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}
