package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, probesCmd) }

func probesCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "probes",
		Short: "List, add, show and remove probes: HTTP, TCP, DNS and TLS checks sitrep runs on a schedule",
		Long: `Probes check a target every interval from the server ("local") and from
remote agents. A probe that fails failures_before_alert times in a row from
min_failing of its vantage points raises a ProbeFailed alert; it resolves
after successes_before_recovery successes.`,
		Example: `  sitrep probes
  sitrep probes add api --http https://api.example.com/healthz --interval 30 --service api
  sitrep probes show api`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return listProbes(cmd, e) },
	}
	list := &cobra.Command{Use: "list", Short: "List probes with their state (the same as sitrep probes)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return listProbes(cmd, e) }}
	cmd.AddCommand(list, probeAddCmd(e), probeShowCmd(e), probeRemoveCmd(e))
	return cmd
}

func listProbes(cmd *cobra.Command, e *env) error {
	c, err := e.api()
	if err != nil {
		return err
	}
	var all []client.Probe
	cursor := ""
	for {
		l, err := c.Probes(cmd.Context(), cursor, 500)
		if err != nil {
			return err
		}
		all = append(all, l.Probes...)
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	if all == nil {
		all = []client.Probe{}
	}
	return e.emit(all, func(w io.Writer) error {
		if len(all) == 0 {
			_, err := fmt.Fprintln(w, "No probes yet. Add one: sitrep probes add NAME --http URL")
			return err
		}
		tw := table(w)
		fmt.Fprintln(tw, "NAME\tKIND\tTARGET\tEVERY\tVANTAGES\tSTATE")
		for _, p := range all {
			state := p.State
			if p.Enabled != nil && !*p.Enabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%ds\t%s\t%s\n", p.Name, p.Kind, p.Target, p.IntervalSeconds, strings.Join(p.Vantages, ","), state)
		}
		return tw.Flush()
	})
}

func probeRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a probe and its results",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			if err := c.RemoveProbe(cmd.Context(), args[0]); err != nil {
				return err
			}
			return e.emit(map[string]string{"removed": args[0]}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Removed probe %s.\n", args[0])
				return err
			})
		},
	}
}
