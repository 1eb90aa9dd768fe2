package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sitrep/client"
)

// scheduleView is what `schedule show --json` prints: the schedule and the
// week ahead.
type scheduleView struct {
	client.Schedule
	Shifts []client.Shift `json:"shifts"`
}

func scheduleShowCmd(e *env) *cobra.Command {
	var days int
	cmd := &cobra.Command{
		Use:     "show NAME",
		Short:   "Show a schedule: its layers, overrides and the shifts ahead",
		Example: `  sitrep schedule show major-incident --days 14`,
		Args:    exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if days < 1 || days > 366 {
				return usagef(cmd, "--days: give 1 to 366")
			}
			c, err := e.api()
			if err != nil {
				return err
			}
			s, err := c.Schedule(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			now := time.Now()
			shifts, err := c.Shifts(cmd.Context(), args[0], now, now.Add(time.Duration(days)*24*time.Hour), "")
			if err != nil {
				return err
			}
			v := scheduleView{Schedule: s, Shifts: shifts.Shifts}
			return e.emit(v, func(w io.Writer) error { return printSchedule(w, v) })
		},
	}
	cmd.Flags().IntVar(&days, "days", 7, "how many days of shifts to show")
	return cmd
}

func printSchedule(w io.Writer, v scheduleView) error {
	fmt.Fprintf(w, "%s (%s)\n", v.Name, v.TimeZone)
	if v.Description != "" {
		fmt.Fprintf(w, "  %s\n", v.Description)
	}
	fmt.Fprintln(w, "\nLayers, bottom up:")
	for i, l := range v.Layers {
		fmt.Fprintf(w, "  %d. --layer '%s'\n", i+1, formatLayer(l))
	}
	if len(v.Overrides) > 0 {
		fmt.Fprintln(w, "\nOverrides:")
		tw := table(w)
		fmt.Fprintln(tw, "  ID\tUSER\tREPLACES\tFROM\tUNTIL\tBY")
		for _, o := range v.Overrides {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", o.ID, o.User, orDash(o.Replaces), clock(o.Start), clock(o.End), orDash(o.CreatedBy))
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nShifts:")
	tw := table(w)
	fmt.Fprintln(tw, "  FROM\tUNTIL\tON CALL")
	for _, sh := range v.Shifts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", clock(sh.Start), clock(sh.End), who(sh.OnCall))
	}
	return tw.Flush()
}

func scheduleListCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List schedules",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.api()
			if err != nil {
				return err
			}
			var all []client.Schedule
			cursor := ""
			for range maxOnCallPages {
				page, err := c.Schedules(cmd.Context(), cursor, 0)
				if err != nil {
					return err
				}
				all = append(all, page.Schedules...)
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			return e.emit(all, func(w io.Writer) error {
				tw := table(w)
				fmt.Fprintln(tw, "NAME\tTIME ZONE\tLAYERS\tDESCRIPTION")
				for _, s := range all {
					fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", s.Name, s.TimeZone, len(s.Layers), orDash(s.Description))
				}
				return tw.Flush()
			})
		},
	}
	return cmd
}
