package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, maintenanceCmd) }

// maintenanceCmd lists maintenance windows of the status page.
func maintenanceCmd(e *env) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "maintenance",
		Short: "List scheduled maintenance windows of the status page",
		Example: `  sitrep maintenance
  sitrep maintenance add "Database upgrade" --start 2026-12-01T02:00:00Z --end 2026-12-01T03:00:00Z --component 3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			ms, err := c.StatusMaintenance(cmd.Context(), all)
			if err != nil {
				return err
			}
			return e.emit(map[string]any{"maintenance": ms}, func(w io.Writer) error {
				if len(ms) == 0 {
					_, err := fmt.Fprintln(w, "No maintenance scheduled.")
					return err
				}
				tw := table(w)
				fmt.Fprintln(tw, "ID\tSTATE\tSTARTS\tENDS\tTITLE")
				for _, m := range ms {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", m.ID, m.State, m.StartsAt.Local().Format(time.DateTime), m.EndsAt.Local().Format(time.DateTime), oneLine(m.Title))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "include cancelled windows")
	cmd.AddCommand(maintenanceAddCmd(e), maintenanceCancelCmd(e))
	return cmd
}

func maintenanceAddCmd(e *env) *cobra.Command {
	var n client.NewStatusMaintenance
	var start, end string
	cmd := &cobra.Command{
		Use:     "add TITLE",
		Short:   "Schedule maintenance; subscribers hear of it now, when it starts and when it ends (admin)",
		Example: `  sitrep maintenance add "Database upgrade" --start +2h --end +3h --component 3 --body "Writes pause for a minute."`,
		Args:    exactArgs("TITLE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n.Title = args[0]
			now := time.Now()
			var err error
			if n.StartsAt, err = parseWhen("start", start, now); err != nil {
				return usagef(cmd, "%v", err)
			}
			if n.EndsAt, err = parseWhen("end", end, now); err != nil {
				return usagef(cmd, "%v", err)
			}
			if n.StartsAt.IsZero() || n.EndsAt.IsZero() {
				return usagef(cmd, "give --start and --end")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			out, err := c.ScheduleMaintenance(cmd.Context(), n)
			if err != nil {
				return err
			}
			return e.emit(out, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Scheduled maintenance %d %q (%s)\n", out.ID, out.Title, out.State)
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&start, "start", "", "when it starts: "+whenHelp)
	f.StringVar(&end, "end", "", "when it ends: "+whenHelp)
	f.StringVar(&n.Body, "body", "", "what customers should expect")
	f.Int64SliceVar(&n.Components, "component", nil, "id of a component it affects (repeatable)")
	return cmd
}

func maintenanceCancelCmd(e *env) *cobra.Command {
	return byIDCmd(e, "cancel", "Cancel a maintenance window; one in progress ends now (admin)", "cancelled", "maintenance",
		func(ctx context.Context, c *client.Client, id int64) error { return c.CancelMaintenance(ctx, id) })
}
