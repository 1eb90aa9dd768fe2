package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

func init() { clientCommands = append(clientCommands, oncallCmd) }

// maxOnCallPages bounds `sitrep oncall` without a schedule: 50 pages of 200
// schedules is far beyond any team, and a loop that cannot end is worse.
const maxOnCallPages = 50

func oncallCmd(e *env) *cobra.Command {
	var at string
	cmd := &cobra.Command{
		Use:   "oncall [SCHEDULE]",
		Short: "Who is on call now, or at --at, for one schedule or every schedule",
		Example: `  sitrep oncall
  sitrep oncall major-incident --at 2026-03-28T03:00`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			when, err := parseWhen("at", at, time.Now())
			if err != nil {
				return usagef(cmd, "%v", err)
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			if len(args) == 1 {
				oc, err := c.OnCall(cmd.Context(), args[0], when)
				if err != nil {
					return err
				}
				return e.emit(oc, func(w io.Writer) error {
					_, err := fmt.Fprintf(w, "%s: %s (at %s)\n", oc.Schedule, who(oc.Users), clock(oc.At))
					return err
				})
			}
			return everyOnCall(cmd, e, c, when)
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "when to ask about: "+whenHelp)
	return cmd
}

// everyOnCall prints who is on call for every schedule, page after page.
func everyOnCall(cmd *cobra.Command, e *env, c *client.Client, when time.Time) error {
	var all []client.OnCall
	cursor := ""
	for range maxOnCallPages {
		page, err := c.OnCallEverywhere(cmd.Context(), when, cursor, 0)
		if err != nil {
			return err
		}
		if when.IsZero() {
			when = page.At // every page answers for the same instant
		}
		all = append(all, page.Schedules...)
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	return e.emit(all, func(w io.Writer) error {
		if len(all) == 0 {
			_, err := fmt.Fprintln(w, "No schedules yet; add one with `sitrep schedule add`.")
			return err
		}
		tw := table(w)
		fmt.Fprintln(tw, "SCHEDULE\tON CALL")
		for _, oc := range all {
			fmt.Fprintf(tw, "%s\t%s\n", oc.Schedule, who(oc.Users))
		}
		return tw.Flush()
	})
}

// who lists handles, or says plainly that nobody is on call: a gap in cover
// must stand out, not read as an empty column.
func who(users []string) string {
	if len(users) == 0 {
		return "nobody"
	}
	return strings.Join(users, ", ")
}
